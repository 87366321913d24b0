import { describe, expect, it } from 'vitest';
import { discountOf, normalizeCode, parseAccessCodeCsv } from '../../../src/domain/access-codes/access-code.rules.js';

const tiers = [
  { id: 't-floor', name: 'Floor' },
  { id: 't-vip', name: 'VIP Lounge' },
];

describe('access code rules', () => {
  it('normalises codes to upper case without surrounding blanks', () => {
    expect(normalizeCode('  fan-Club_1 ')).toBe('FAN-CLUB_1');
  });

  it('takes a per-ticket discount that never goes below zero (percent rounds down)', () => {
    expect(discountOf('percent', 15, 4999)).toBe(749);
    expect(discountOf('percent', 100, 4999)).toBe(4999);
    expect(discountOf('fixed', 1000, 4999)).toBe(1000);
    expect(discountOf('fixed', 999_999, 4999)).toBe(4999);
    expect(discountOf('fixed', 500, 0)).toBe(0);
  });

  it('parses CSV rows with line numbers, tier names and an optional header', () => {
    const csv = [
      'code,maxUses,validFrom,validUntil,discountKind,discountValue,unlocksTiers',
      'ONE,3,2026-05-01T10:00:00Z,,percent,10,vip lounge',
      '',
      'TWO',
    ].join('\r\n');
    expect(parseAccessCodeCsv(csv, tiers)).toEqual({
      rows: [
        {
          row: 2,
          input: {
            code: 'ONE',
            maxUses: 3,
            validFrom: '2026-05-01T10:00:00Z',
            validUntil: null,
            discount: { kind: 'percent', value: 10 },
            unlocksTierIds: ['t-vip'],
          },
        },
        { row: 4, input: { code: 'TWO', validFrom: null, validUntil: null } },
      ],
      problems: [],
    });
  });

  it('reports each bad cell with its line', () => {
    const { problems } = parseAccessCodeCsv('A1,x\nA2,,,,half,5\nA3,,,,fixed,1.5\nA4,,,,,,Balcony\nA5,1,2,3,4,5,6,7', tiers);
    expect(problems.map((p) => `${p.row}:${p.field}`)).toEqual([
      '1:maxUses',
      '2:discountKind',
      '3:discountValue',
      '4:unlocksTiers',
      '5:row',
    ]);
  });
});
