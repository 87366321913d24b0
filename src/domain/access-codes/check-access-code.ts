import type { Deps } from '../../context.js';
import { findAccessCodeByCode } from '../../db/repositories/access-codes.repository.js';
import { findEventRow, priceTiersOf } from '../../db/repositories/events.repository.js';
import { isPublicStatus } from '../catalogue/catalogue.rules.js';
import { notFound } from '../errors.js';
import { money } from '../money.js';
import { discountLabel, normalizeCode } from './access-code.rules.js';
import type { AccessCodeCheck } from './access-code.types.js';

/**
 * Whether a code would be accepted by a hold now, and what it unlocks and
 * discounts, without using it. The hold re-checks everything in its own
 * statement: this answer may be stale a moment later (a last use taken).
 */
export async function checkAccessCode(deps: Deps, eventId: string, rawCode: string): Promise<AccessCodeCheck> {
  const event = await findEventRow(deps.db, eventId);
  if (!event || !isPublicStatus(event.status)) throw notFound('Event');
  const code = normalizeCode(rawCode);
  const row = await findAccessCodeByCode(deps.db, eventId, code);
  const now = deps.clock.now();
  const none: AccessCodeCheck = {
    code,
    valid: false,
    reason: 'CODE_INVALID',
    unlocksTiers: [],
    discount: null,
    validUntil: null,
    usesLeft: null,
  };
  if (!row || !row.enabled) return none;
  const reason =
    (row.valid_from && now < row.valid_from) || (row.valid_until && now >= row.valid_until)
      ? 'CODE_EXPIRED'
      : row.max_uses !== null && row.uses >= row.max_uses
        ? 'CODE_EXHAUSTED'
        : null;
  if (reason) return { ...none, reason, validUntil: row.valid_until?.toISOString() ?? null };
  const tiers = await priceTiersOf(deps.db, eventId);
  const currency = tiers[0]?.currency.trim() ?? event.currency ?? 'EUR';
  const value = row.discount_value === null ? null : Number(row.discount_value);
  return {
    code,
    valid: true,
    reason: null,
    unlocksTiers: tiers
      .filter((t) => t.hidden && row.unlocks_tier_ids.includes(t.id))
      .map((t) => ({ id: t.id, name: t.name, price: money(t.price_amount, t.currency), sectionIds: t.section_ids })),
    discount:
      row.discount_kind && value !== null
        ? { kind: row.discount_kind, value, perTicket: discountLabel(row.discount_kind, value, currency) }
        : null,
    validUntil: row.valid_until?.toISOString() ?? null,
    usesLeft: row.max_uses === null ? null : row.max_uses - row.uses,
  };
}
