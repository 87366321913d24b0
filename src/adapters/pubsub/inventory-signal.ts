import type { Logger } from '../../logger.js';
import type { PubSub, Unsubscribe } from './pubsub.js';

const channelOf = (eventId: string): string => `inventory:${eventId}`;

/**
 * Tells every API instance that an event's seats changed, so their live seat
 * maps refresh now instead of at their next poll. Call it AFTER the commit
 * (before it, a watcher could re-read the old state). Fire and forget: a lost
 * message only delays an update until the stream's poll, never loses it.
 */
export function announceInventoryChange(deps: { pubsub: PubSub; logger: Pick<Logger, 'debug'> }, eventIds: readonly string[]): void {
  for (const eventId of new Set(eventIds)) {
    deps.pubsub.publish(channelOf(eventId), eventId).catch((err: unknown) => deps.logger.debug({ err, eventId }, 'inventory signal lost'));
  }
}

/** Calls `onChange` whenever any instance announces a change to this event's seats. */
export function watchInventory(pubsub: PubSub, eventId: string, onChange: () => void): Promise<Unsubscribe> {
  return pubsub.subscribe(channelOf(eventId), onChange);
}
