import type { Deps } from '../../context.js';
import type { BookingEvent } from '../../db/repositories/holds.repository.js';
import { AppError } from '../errors.js';
import { queueState } from './queue-context.js';
import { parseQueuePolicy, positionOf } from './queue.rules.js';

const required = (message: string, details?: unknown): AppError => new AppError('QUEUE_TOKEN_REQUIRED', message, details);

/**
 * The holds' gate on a queued event: a token signed for this event and this
 * account whose position the admission controller has reached. Checked from
 * the signature and the PostgreSQL admission state only, so admitted
 * customers keep booking while Redis is away.
 */
export function queueAdmission(deps: Deps) {
  return async (event: BookingEvent, userId: string, token: string | undefined): Promise<void> => {
    const policy = parseQueuePolicy(event.queue);
    let state = await queueState(deps, event.id);
    if (!policy.enabled && !state?.autoEnabled) return;
    if (!token) throw required('This event has a waiting room: join it and send your admitted token in the X-Queue-Token header');
    const claims = await deps.queueTokens.verify(token);
    if (!claims || claims.eventId !== event.id || claims.userId !== userId) {
      throw required('This waiting-room token is not valid for your account and this event');
    }
    let position = positionOf(claims.ticket, state?.preOpenCount ?? null);
    if (position === null || position > (state?.servingUpTo ?? 0)) {
      // The copy may be up to a second old: look again before turning someone away.
      state = await queueState(deps, event.id, { fresh: true });
      position = positionOf(claims.ticket, state?.preOpenCount ?? null);
    }
    const servingUpTo = state?.servingUpTo ?? 0;
    if (position === null || position > servingUpTo) {
      throw required('It is not your turn yet; keep polling the waiting-room status', { position, servingUpTo });
    }
  };
}
