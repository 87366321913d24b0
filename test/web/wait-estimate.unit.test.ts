import { describe, expect, it } from 'vitest';
import { waitText } from '../../web/src/features/queue/wait-estimate.js';

describe('waiting-room wait estimate', () => {
  it('divides the people to serve by the pace of the last minute, in words', () => {
    expect(waitText(0, 10)).toBe('It is your turn.');
    expect(waitText(5, 0)).toMatch(/as soon as the line starts moving/);
    expect(waitText(5, 60)).toBe('Estimated wait: less than a minute.');
    expect(waitText(30, 10)).toBe('Estimated wait: about 3 minutes.');
    expect(waitText(10, 10)).toBe('Estimated wait: about 1 minute.');
    expect(waitText(12_000, 100)).toBe('Estimated wait: about 2 hours.');
  });
});
