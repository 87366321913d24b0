import type { SeatCandidate } from './hold.types.js';

/** How many free seats a best-available request looks at (and locks) to find an adjacent block. */
export function candidateCount(quantity: number): number {
  return Math.max(quantity * 3, 8);
}

/**
 * Best-available choice among locked candidates: `quantity` adjacent seats in
 * one row with the best (lowest) total pick rank; failing that, the best seats
 * by pick rank wherever they are. General admission just takes the best places.
 */
export function chooseSeats(candidates: SeatCandidate[], quantity: number, adjacency: boolean): SeatCandidate[] | null {
  if (candidates.length < quantity) return null;
  const byRank = [...candidates].sort((a, b) => a.pickRank - b.pickRank);
  if (!adjacency || quantity === 1) return byRank.slice(0, quantity);
  const rows = new Map<number, SeatCandidate[]>();
  for (const c of candidates) {
    const row = rows.get(c.rowIndex) ?? [];
    row.push(c);
    rows.set(c.rowIndex, row);
  }
  let best: { seats: SeatCandidate[]; score: number } | null = null;
  for (const row of rows.values()) {
    row.sort((a, b) => a.number - b.number);
    for (let i = 0; i + quantity <= row.length; i++) {
      const block = row.slice(i, i + quantity);
      if (block[quantity - 1]!.number - block[0]!.number !== quantity - 1) continue;
      const score = block.reduce((s, c) => s + c.pickRank, 0);
      if (!best || score < best.score) best = { seats: block, score };
    }
  }
  return best ? best.seats : byRank.slice(0, quantity);
}

export function holdExpiry(now: Date, holdSeconds: number): Date {
  return new Date(now.getTime() + holdSeconds * 1000);
}
