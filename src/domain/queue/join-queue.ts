import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { failClosed } from '../../adapters/kv/fail-closed.js';
import type { Deps } from '../../context.js';
import { ensureQueueState, freezePreOpenCount } from '../../db/repositories/queue.repository.js';
import { AppError } from '../errors.js';
import { forgetQueueState, queueState } from './queue-context.js';
import { queueKeys } from './queue-keys.js';
import { positionOf, statusView } from './queue.rules.js';
import type { QueueJoin, QueueTicket } from './queue.types.js';
import { loadQueuedEvent, type QueuedEvent } from './queued-event.js';

/** Marks an account's entry while its first join is still taking a number. */
const PENDING = 'pending';
const PENDING_TTL_MS = 10_000;
/** Tokens and entries outlive the event by a day; nothing about a queue matters after that. */
const AFTER_EVENT_MS = 86_400_000;

/**
 * Takes the next number in the event's waiting room, or hands back the one
 * this account already has (however many times and however fast it asks).
 * Before the sale opens the number is a random draw, placed at the opening.
 * Fails closed: without the store no numbers are handed out.
 */
export async function joinQueue(deps: Deps, input: { eventId: string; userId: string }): Promise<QueueJoin> {
  const now = deps.clock.now();
  const q = await loadQueuedEvent(deps, input.eventId, now);
  if (!q.enabled) throw new AppError('INVALID_STATE', 'This event has no waiting room; hold seats directly');
  if (q.phase === 'ended') throw new AppError('NOT_ON_SALE', 'Tickets for this event are no longer on sale');
  if (q.state?.closed) throw new AppError('SOLD_OUT', 'This event is sold out; its waiting room is closed');

  // Events created with the queue on get their state row with the first join; the admission pass starts from these rows.
  if (!q.state) await ensureQueueState(deps.db, input.eventId, now);
  const token = await failClosed(() => takeNumber(deps, q, input.userId), 'The waiting room is briefly unavailable; please retry shortly');
  const claims = await deps.queueTokens.verify(token);
  if (!claims) throw new Error('a freshly issued queue token failed verification');

  let state = q.state;
  if (q.phase === 'open' && (state?.preOpenCount ?? null) === null) {
    // The first join after the opening may come before the admission pass: freeze the pre-open block now.
    const pre = await failClosed(() => deps.kv.get(queueKeys.preOpen(input.eventId)));
    await ensureQueueState(deps.db, input.eventId, now);
    await freezePreOpenCount(deps.db, input.eventId, Number(pre ?? 0), now);
    forgetQueueState(deps, input.eventId);
    state = await queueState(deps, input.eventId);
  }
  const position = positionOf(claims.ticket, state?.preOpenCount ?? null);
  const status = statusView(input.eventId, true, q.phase === 'open', state);
  return { token, position, admitted: position !== null && position <= status.servingUpTo, status };
}

async function takeNumber(deps: Deps, q: QueuedEvent, userId: string): Promise<string> {
  const eventId = q.event.id;
  const key = queueKeys.account(eventId, userId);
  // Losers of the race wait for the winner's token rather than taking a second number.
  for (let attempt = 0; attempt < 200; attempt++) {
    const existing = await deps.kv.get(key);
    if (existing && existing !== PENDING) return existing;
    if (!existing && (await deps.kv.setIfAbsent(key, PENDING, PENDING_TTL_MS))) {
      let ticket: QueueTicket;
      if (q.phase === 'scheduled') {
        // The counter only sizes the pre-open block; the order within it is the draw.
        await deps.kv.incr(queueKeys.preOpen(eventId));
        ticket = { kind: 'draw', draw: uniform() };
      } else {
        let seq = await deps.kv.incr(queueKeys.afterOpen(eventId));
        // A store that lost its data (restart without persistence) restarts the count: never reissue numbers already handed out.
        const issued = (q.state?.joined ?? 0) - (q.state?.preOpenCount ?? 0);
        if (seq <= issued) seq = await deps.kv.incrBy(queueKeys.afterOpen(eventId), issued);
        ticket = { kind: 'number', seq };
      }
      const expiresAt = new Date(q.event.starts_at.getTime() + AFTER_EVENT_MS);
      const token = await deps.queueTokens.issue({ eventId, userId, ticket }, expiresAt);
      await deps.kv.set(key, token, Math.max(60_000, expiresAt.getTime() - deps.clock.now().getTime()));
      return token;
    }
    await sleep(10 + attempt);
  }
  throw new AppError('BUSY', 'Your place in the waiting room is still being assigned; please retry');
}

/** A uniform draw in [0, 1) from 48 random bits: ties between pre-open arrivals are practically impossible. */
function uniform(): number {
  return randomBytes(6).readUIntBE(0, 6) / 2 ** 48;
}
