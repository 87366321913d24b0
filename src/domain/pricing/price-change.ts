import { announceInventoryChange } from '../../adapters/pubsub/inventory-signal.js';
import type { Deps } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { refreshEventSummary } from '../../db/repositories/events.repository.js';
import { enqueueOutbox } from '../../db/repositories/outbox.repository.js';
import { changeTierPrice, type PriceChange } from '../../db/repositories/pricing.repository.js';

/**
 * Writes price changes of one event with their history rows, refreshes the
 * listing's price range and announces the change through the outbox (cached
 * detail and listings are dropped), all in the caller's transaction. Returns
 * the changes that took (a compare-and-set lost to a concurrent change writes
 * nothing).
 */
export async function recordPriceChanges(tx: Executor, eventId: string, now: Date, changes: PriceChange[]): Promise<PriceChange[]> {
  const done: PriceChange[] = [];
  for (const c of changes) if (await changeTierPrice(tx, c)) done.push(c);
  if (done.length === 0) return done;
  await refreshEventSummary(tx, eventId, now);
  await enqueueOutbox(tx, now, [{ topic: 'event.updated', aggregateId: eventId, payload: { eventId, fields: ['prices'] } }]);
  return done;
}

/**
 * After the commit: open event pages learn the new price now (their SSE
 * stream reloads availability, which carries the tiers' prices) rather than at
 * the stream's next poll.
 */
export function announcePriceChange(deps: Deps, eventId: string): void {
  announceInventoryChange(deps, [eventId]);
}
