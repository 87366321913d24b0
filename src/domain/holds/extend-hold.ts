import type { Deps } from '../../context.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { extendHoldByFan, findEventForBooking, lockHold } from '../../db/repositories/holds.repository.js';
import { findLiveOrderOfHold } from '../../db/repositories/orders.repository.js';
import { AppError, notFound } from '../errors.js';
import { extensionPolicyOf, offerOf, queueWindowOf } from './hold-extension.js';
import { extensionTerms, refusalMessages } from './hold-extension.rules.js';
import { holdView } from './hold-view.js';
import type { HoldView } from './hold.types.js';

const expired = (): AppError => new AppError('HOLD_EXPIRED', 'The hold has expired and its seats were released; nothing was charged');

/**
 * The fan asks for more time (WCAG 2.2.1): the hold and its seats last the
 * event's hold time longer, within the configured number of extensions and
 * total hold time, and never past a waiting-room turn while fans wait in line.
 * Prices stay as locked in the hold.
 *
 * Race-safe against the expiry sweeper: both take the hold's row lock (the
 * sweeper with SKIP LOCKED), so either the sweeper expired it first and this
 * answers HOLD_EXPIRED, or this extends it first and the sweeper no longer
 * finds it due.
 */
export async function extendHold(deps: Deps, input: { holdId: string; userId: string }): Promise<HoldView> {
  const now = deps.clock.now();
  const policy = extensionPolicyOf(deps);
  const { hold, next } = await deps.db.transaction().execute(async (tx) => {
    const hold = await lockHold(tx, input.holdId);
    if (!hold || hold.user_id !== input.userId) throw notFound('Hold');
    if (hold.status === 'purchased') throw new AppError('INVALID_STATE', 'This hold is already paid for');
    if (hold.status !== 'active' || hold.expires_at <= now) throw expired();
    const paying = await findLiveOrderOfHold(tx, hold.id);
    if (paying) throw new AppError('CONFLICT', 'A payment for this hold is in progress', { orderId: paying.id });
    const event = await findEventForBooking(tx, hold.event_id);
    if (!event) throw notFound('Hold');
    const terms = extensionTerms({
      createdAt: hold.created_at,
      expiresAt: hold.expires_at,
      used: hold.extensions,
      holdSeconds: event.hold_seconds,
      queueWindowSeconds: await queueWindowOf(deps, event, true),
      policy,
    });
    if (!terms.ok) {
      throw new AppError('LIMIT_EXCEEDED', refusalMessages[terms.reason], {
        reason: terms.reason,
        maxExtensions: policy.max,
        maxTotalSeconds: policy.maxTotalSeconds,
      });
    }
    if (!(await extendHoldByFan(tx, { holdId: hold.id, eventId: hold.event_id, now, expiresAt: terms.expiresAt }))) throw expired();
    await writeAudit(tx, [
      {
        actorId: input.userId,
        action: 'hold.extended',
        subjectType: 'hold',
        subjectId: hold.id,
        details: { eventId: hold.event_id, from: hold.expires_at.toISOString(), to: terms.expiresAt.toISOString() },
      },
    ]);
    const after = { ...hold, expires_at: terms.expiresAt, extensions: hold.extensions + 1 };
    const next = extensionTerms({
      createdAt: after.created_at,
      expiresAt: after.expires_at,
      used: after.extensions,
      holdSeconds: event.hold_seconds,
      queueWindowSeconds: await queueWindowOf(deps, event),
      policy,
    });
    return { hold: after, next };
  });
  return holdView(deps.db, hold, offerOf(next));
}
