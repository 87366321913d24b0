import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, foldName, searchPlan } from '../../../src/domain/door/door.rules.js';

describe('door list rules', () => {
  it('defuses every cell a spreadsheet would run as a formula, and quotes per RFC 4180', () => {
    for (const formula of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\t=1', '\r=1'])
      expect(csvCell(formula).replace(/^"|"$/g, '')).toMatch(/^'/);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('Doe, Jane')).toBe('"Doe, Jane"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('José')).toBe('José');
    expect(csvCell(null)).toBe('');
    expect(csvCell(12)).toBe('12');
    expect(csvLine(['a', null, '-1'])).toBe("a,,'-1\r\n");
  });

  it('reads a search term as an e-mail, an order number or ticket code prefix, or part of a name', () => {
    expect(searchPlan(undefined)).toBeNull();
    expect(searchPlan('   ')).toBeNull();
    expect(searchPlan(' Ada@Example.org ')).toEqual({ email: 'Ada@Example.org' });
    // Ticket codes never hold 0, 1, I or O (read out at a box office), so this is an order number only.
    expect(searchPlan('08FF3ACE')).toEqual({ orderIdPrefix: '08ff3ace' });
    expect(searchPlan('28ff')).toEqual({ orderIdPrefix: '28ff', serialPrefix: '28FF' });
    expect(searchPlan('qk4p-xlma')).toEqual({ serialPrefix: 'QK4P-XLMA' }); // a digit: no name
    expect(searchPlan('Beatrice')).toEqual({ nameNeedle: 'beatrice' });
    // Short hex-looking names are still names; 3 characters are no order number.
    expect(searchPlan('abe')).toEqual({ nameNeedle: 'abe' });
    expect(searchPlan('dead')).toEqual({ orderIdPrefix: 'dead', serialPrefix: 'DEAD', nameNeedle: 'dead' });
  });

  it('folds names so case, accents and spacing do not matter', () => {
    expect(foldName('  José   MARTÍNEZ ')).toBe('jose martinez');
    expect(foldName('Zoë Ångström')).toBe('zoe angstrom');
  });
});
