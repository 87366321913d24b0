import type { AccessCodeRow } from '../../db/repositories/access-codes.repository.js';
import type { AccessCodeView } from './access-code.types.js';

export const accessCodeView = (r: AccessCodeRow): AccessCodeView => ({
  id: r.id,
  eventId: r.event_id,
  code: r.code,
  maxUses: r.max_uses,
  uses: r.uses,
  validFrom: r.valid_from?.toISOString() ?? null,
  validUntil: r.valid_until?.toISOString() ?? null,
  unlocksTierIds: r.unlocks_tier_ids,
  discount: r.discount_kind && r.discount_value !== null ? { kind: r.discount_kind, value: Number(r.discount_value) } : null,
  enabled: r.enabled,
  createdAt: r.created_at.toISOString(),
});
