import { describe, expect, it } from 'vitest';
import { fieldLabel } from '../../src/http/plugins/field-messages.js';

describe('field labels', () => {
  it('names list items by position and splits camel case', () => {
    expect(fieldLabel('body/priceTiers/0/sectionIds')).toBe('Price tier 1: sections');
    expect(fieldLabel('body')).toBe('The request');
  });

  it('keeps a numeric query key as it is (it used to throw, answering 500)', () => {
    expect(fieldLabel('querystring/18')).toBe('18');
    expect(fieldLabel('querystring/18/2')).toBe('18 3');
  });
});
