/** One seat whose state moved: [index in seat-map order, 0 available | 1 held | 2 sold]. */
export type SeatChange = [index: number, state: number];

/**
 * The seats whose 2-bit state differs between two `2bit-base64` encodings
 * (seat i in byte i>>2, most significant bits first, as catalogue.rules
 * packSeatStates writes them), or null when the layouts differ or more
 * than `limit` seats changed, where a full snapshot is the better message.
 */
export function seatChanges(previous: string, next: string, limit: number): SeatChange[] | null {
  const a = Buffer.from(previous, 'base64');
  const b = Buffer.from(next, 'base64');
  if (a.length !== b.length) return null;
  const changes: SeatChange[] = [];
  for (let byte = 0; byte < b.length; byte++) {
    const diff = a[byte]! ^ b[byte]!;
    if (diff === 0) continue;
    for (let slot = 0; slot < 4; slot++) {
      const shift = 6 - 2 * slot;
      if (((diff >> shift) & 3) === 0) continue;
      changes.push([byte * 4 + slot, (b[byte]! >> shift) & 3]);
      if (changes.length > limit) return null;
    }
  }
  return changes;
}
