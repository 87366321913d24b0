/** What bounds a fan's extensions of one hold (config HOLD_MAX_EXTENSIONS, HOLD_MAX_TOTAL_SECONDS). */
export interface ExtensionPolicy {
  max: number;
  maxTotalSeconds: number;
}

export const defaultExtensionPolicy: ExtensionPolicy = { max: 1, maxTotalSeconds: 1800 };

export interface ExtensionFacts {
  createdAt: Date;
  expiresAt: Date;
  /** Extensions already used. */
  used: number;
  /** The event's hold time: what one extension adds. */
  holdSeconds: number;
  /** The waiting room's admission window while the event's room is on, else null. */
  queueWindowSeconds: number | null;
  policy: ExtensionPolicy;
}

export type ExtensionRefusal = 'extensions_used' | 'max_total' | 'waiting_room';

/** What an extension now would do: the new expiry, or why there is none. */
export type ExtensionTerms = { ok: true; expiresAt: Date; left: number } | { ok: false; reason: ExtensionRefusal };

/**
 * One extension adds the event's hold time, but a hold never lasts longer than
 * the configured total from its creation, and on an event whose waiting room
 * is on never longer than the admission window: the fans still in line wait
 * for these seats. The price is locked in the hold and never changes.
 */
export function extensionTerms(f: ExtensionFacts): ExtensionTerms {
  if (f.used >= f.policy.max) return { ok: false, reason: 'extensions_used' };
  const created = f.createdAt.getTime();
  const wanted = f.expiresAt.getTime() + f.holdSeconds * 1000;
  const totalCap = created + f.policy.maxTotalSeconds * 1000;
  const queueCap = f.queueWindowSeconds === null ? Infinity : created + f.queueWindowSeconds * 1000;
  const until = Math.min(wanted, totalCap, queueCap);
  // Less than a second more is no extension worth offering.
  if (until - f.expiresAt.getTime() < 1000) return { ok: false, reason: queueCap <= totalCap ? 'waiting_room' : 'max_total' };
  return { ok: true, expiresAt: new Date(until), left: f.policy.max - f.used };
}

export const refusalMessages: Record<ExtensionRefusal, string> = {
  extensions_used: 'This hold has already been extended as often as allowed',
  max_total: 'This hold has reached the longest time seats may be held',
  waiting_room: 'Fans are waiting in line for this event: holds cannot be extended beyond your turn',
};
