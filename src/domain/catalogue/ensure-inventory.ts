import type { Executor } from '../../db/client.js';
import { findInventoryState, lockEventRow, updateEvent } from '../../db/repositories/events.repository.js';
import { materialiseInventory } from '../../db/repositories/inventory.repository.js';

/**
 * Makes sure a published event has its inventory rows. Publishing creates
 * them; events inserted in bulk (benchmarks, imports) are published with
 * inventory_ready = false and get them here on first use. Idempotent and safe
 * to race: the event row lock lets one caller do the work, the others then see
 * inventory_ready. Drafts and removed events are left alone.
 */
export async function ensureInventory(db: Executor, eventId: string): Promise<boolean> {
  const quick = await findInventoryState(db, eventId);
  if (!quick || quick.status !== 'published') return false;
  if (quick.inventory_ready) return true;
  const work = async (tx: Executor): Promise<boolean> => {
    const row = await lockEventRow(tx, eventId);
    if (!row || row.status !== 'published') return false;
    if (!row.inventory_ready) await materialiseAndMarkReady(tx, eventId);
    return true;
  };
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/** Inventory rows plus the flag, for a caller that already holds the event row lock. */
export async function materialiseAndMarkReady(tx: Executor, eventId: string): Promise<void> {
  await materialiseInventory(tx, eventId);
  await updateEvent(tx, eventId, { inventory_ready: true });
}
