import { sql, type Selectable } from 'kysely';
import type { Executor } from '../client.js';
import type { AccessCodesTable, DiscountKind } from '../schema.js';
import type { PagePosition } from '../../domain/page-cursor.js';

export type AccessCodeRow = Selectable<AccessCodesTable>;

export interface NewAccessCode {
  code: string;
  maxUses: number | null;
  validFrom: Date | null;
  validUntil: Date | null;
  unlocksTierIds: string[];
  discountKind: DiscountKind | null;
  discountValue: number | null;
}

/** All rows or none: a unique-code conflict fails the whole insert (the caller's transaction). */
export async function insertAccessCodes(ex: Executor, eventId: string, codes: NewAccessCode[], now: Date): Promise<AccessCodeRow[]> {
  if (codes.length === 0) return [];
  return ex
    .insertInto('access_codes')
    .values(
      codes.map((c) => ({
        event_id: eventId,
        code: c.code,
        max_uses: c.maxUses,
        valid_from: c.validFrom,
        valid_until: c.validUntil,
        unlocks_tier_ids: c.unlocksTierIds,
        discount_kind: c.discountKind,
        discount_value: c.discountValue,
        created_at: now,
      })),
    )
    .returningAll()
    .execute();
}

/** Which of `codes` the event already has. */
export async function existingCodes(ex: Executor, eventId: string, codes: string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = await ex.selectFrom('access_codes').select('code').where('event_id', '=', eventId).where('code', 'in', codes).execute();
  return rows.map((r) => r.code);
}

/** Newest first, keyset-paged over (created_at, id). */
export async function accessCodesPage(ex: Executor, eventId: string, limit: number, after: PagePosition | null): Promise<AccessCodeRow[]> {
  let q = ex.selectFrom('access_codes').selectAll().where('event_id', '=', eventId);
  if (after) q = q.where(sql<boolean>`(created_at, id) < (${after.createdAt}, ${after.id}::uuid)`);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function findAccessCodeByCode(ex: Executor, eventId: string, code: string): Promise<AccessCodeRow | undefined> {
  return ex.selectFrom('access_codes').selectAll().where('event_id', '=', eventId).where('code', '=', code).executeTakeFirst();
}

export async function setAccessCodeEnabled(
  ex: Executor,
  eventId: string,
  id: string,
  enabled: boolean,
): Promise<AccessCodeRow | undefined> {
  return ex
    .updateTable('access_codes')
    .set({ enabled })
    .where('event_id', '=', eventId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Deletes a code no hold ever used (a redemption, even one given back, keeps it):
 * true when deleted. The redemption check and the delete are one statement.
 */
export async function deleteUnusedAccessCode(ex: Executor, eventId: string, id: string): Promise<boolean> {
  const r = await ex
    .deleteFrom('access_codes')
    .where('event_id', '=', eventId)
    .where('id', '=', id)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('access_code_redemptions as r').select('r.hold_id').whereRef('r.access_code_id', '=', 'access_codes.id'))),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The event's tiers with their hidden flag (for validation and the organizer page). */
export async function tiersOfEvent(ex: Executor, eventId: string) {
  return ex.selectFrom('price_tiers').select(['id', 'name', 'hidden']).where('event_id', '=', eventId).orderBy('position').execute();
}

export async function setPresaleStart(ex: Executor, eventId: string, at: Date | null, now: Date): Promise<void> {
  await ex.updateTable('events').set({ presale_starts_at: at, updated_at: now }).where('id', '=', eventId).execute();
}

export async function setTierHidden(ex: Executor, eventId: string, tierId: string, hidden: boolean): Promise<boolean> {
  const r = await ex.updateTable('price_tiers').set({ hidden }).where('event_id', '=', eventId).where('id', '=', tierId).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
