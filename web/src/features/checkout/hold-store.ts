import type { Hold } from '../../api/types.js';

export interface StoredHold {
  hold: Hold;
}

const key = (holdId: string) => `boxoffice.hold.${holdId}`;

/** The API has no "get hold"; the tab that made the hold keeps it for the checkout page. */
export function rememberHold(hold: Hold): void {
  sessionStorage.setItem(key(hold.id), JSON.stringify({ hold } satisfies StoredHold));
}

export function recallHold(holdId: string): StoredHold | null {
  const raw = sessionStorage.getItem(key(holdId));
  const stored = raw ? (JSON.parse(raw) as StoredHold) : null;
  // A copy kept by an older version of the app has no event heading: treat it as gone.
  return stored?.hold.event ? stored : null;
}

export function forgetHold(holdId: string): void {
  sessionStorage.removeItem(key(holdId));
}

/** This tab's unexpired hold on an event, so the event page can lead back to its checkout. */
export function openHoldFor(eventId: string, now: number): StoredHold | null {
  for (let i = 0; i < sessionStorage.length; i++) {
    const k = sessionStorage.key(i);
    if (!k?.startsWith('boxoffice.hold.')) continue;
    const stored = recallHold(k.slice('boxoffice.hold.'.length));
    if (stored && stored.hold.eventId === eventId && Date.parse(stored.hold.expiresAt) > now) return stored;
  }
  return null;
}
