import type { Logger } from '../../logger.js';
import type { PubSub, Unsubscribe } from './pubsub.js';

const channelOf = (eventId: string): string => `inventory:${eventId}`;

/**
 * At most one signal per event per window from this instance: during an on-sale every hold changes the seats, and
 * a publish per hold was a Redis write per hold (issue 9's CPU profile). The first change of a quiet event is sent at
 * once; changes inside the window are sent together when it ends, so no watcher waits longer than the window.
 */
export const SIGNAL_WINDOW_MS = 100;

interface Window {
  timer: NodeJS.Timeout;
  /** Something changed after the signal that opened the window. */
  dirty: boolean;
}
const windows = new WeakMap<PubSub, Map<string, Window>>();

/**
 * Tells every API instance that an event's seats changed, so their live seat
 * maps refresh now instead of at their next poll. Call it AFTER the commit
 * (before it, a watcher could re-read the old state). Fire and forget: a lost
 * message only delays an update until the stream's poll, never loses it.
 */
export function announceInventoryChange(deps: { pubsub: PubSub; logger: Pick<Logger, 'debug'> }, eventIds: readonly string[]): void {
  let open = windows.get(deps.pubsub);
  if (!open) windows.set(deps.pubsub, (open = new Map()));
  const byEvent = open;
  const send = (eventId: string): void => {
    deps.pubsub.publish(channelOf(eventId), eventId).catch((err: unknown) => deps.logger.debug({ err, eventId }, 'inventory signal lost'));
  };
  const openWindow = (eventId: string): void => {
    const timer = setTimeout(() => {
      const window = byEvent.get(eventId);
      byEvent.delete(eventId);
      if (!window?.dirty) return;
      send(eventId);
      openWindow(eventId);
    }, SIGNAL_WINDOW_MS);
    timer.unref();
    byEvent.set(eventId, { timer, dirty: false });
  };
  for (const eventId of new Set(eventIds)) {
    const window = byEvent.get(eventId);
    if (window) {
      window.dirty = true;
      continue;
    }
    send(eventId);
    openWindow(eventId);
  }
}

/** Calls `onChange` whenever any instance announces a change to this event's seats. */
export function watchInventory(pubsub: PubSub, eventId: string, onChange: () => void): Promise<Unsubscribe> {
  return pubsub.subscribe(channelOf(eventId), onChange);
}
