/** Customers may cancel until `cutoffHours` before the event starts. */
export function cancellationOpen(startsAt: Date, cutoffHours: number, now: Date): boolean {
  return now.getTime() < startsAt.getTime() - cutoffHours * 3_600_000;
}

export interface OrderCursor {
  createdAt: Date;
  id: string;
}

export function encodeOrderCursor(c: OrderCursor): string {
  return Buffer.from(`${c.createdAt.toISOString()}|${c.id}`).toString('base64url');
}

/** Null for anything that is not a cursor this service produced. */
export function decodeOrderCursor(s: string): OrderCursor | null {
  const [iso, id] = Buffer.from(s, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso ?? '');
  if (!id || Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  return { createdAt, id };
}
