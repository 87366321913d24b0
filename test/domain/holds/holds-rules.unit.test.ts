import { describe, expect, it } from 'vitest';
import { chooseSeats } from '../../../src/domain/holds/holds.rules.js';

describe('hold rules', () => {
  it('chooses the best adjacent block among candidates', () => {
    const c = (seat: number, row: number, n: number, rank: number) => ({
      seatId: String(seat),
      rowIndex: row,
      number: n,
      pickRank: rank,
    });
    const candidates = [c(1, 0, 1, 1), c(2, 0, 3, 2), c(3, 1, 4, 3), c(4, 1, 5, 4), c(5, 0, 5, 5)];
    expect(chooseSeats(candidates, 2, true)!.map((x) => x.seatId)).toEqual(['3', '4']);
    expect(chooseSeats(candidates, 3, true)!.map((x) => x.seatId)).toEqual(['1', '2', '3']);
    expect(chooseSeats(candidates, 6, true)).toBeNull();
  });
});
