import type { BenchHttp } from './onsale-http.js';

/** Seats in seat-map order with their row, so a fan can pick neighbours. */
export interface SeatMap {
  ids: string[];
  /** Index of each seat's row start, so picks stay within a row. */
  rowKey: string[];
}

export async function seatMapOf(client: BenchHttp, eventId: string): Promise<SeatMap> {
  const r = await client.request('GET', `/api/v1/events/${eventId}/seatmap`);
  if (r.status !== 200) throw new Error(`seat map: HTTP ${r.status}`);
  const body = JSON.parse(r.text) as { sections: { id: string; seats: { id: string; row: string }[] }[] };
  const ids: string[] = [];
  const rowKey: string[] = [];
  for (const s of body.sections)
    for (const seat of s.seats) {
      ids.push(seat.id);
      rowKey.push(`${s.id}/${seat.row}`);
    }
  return { ids, rowKey };
}

/** `quantity` free neighbours in one row near a random spot, read from the 2-bit availability encoding. */
export function pickSeats(map: SeatMap, availability: { seats: { data: string } }, quantity: number): string[] | null {
  const bytes = Buffer.from(availability.seats.data, 'base64');
  const free = (i: number): boolean => ((bytes[i >> 2]! >> (6 - 2 * (i & 3))) & 3) === 0;
  const n = map.ids.length;
  const start = Math.floor(Math.random() * n);
  for (let step = 0; step < n; step += 1) {
    const i = (start + step) % n;
    if (i + quantity > n) continue;
    let ok = true;
    for (let k = 0; k < quantity && ok; k++) ok = free(i + k) && map.rowKey[i + k] === map.rowKey[i];
    if (ok) return map.ids.slice(i, i + quantity);
  }
  return null;
}
