import type { Deps } from '../../context.js';
import type { BookingEvent } from '../../db/repositories/holds.repository.js';
import { saleStatus } from '../catalogue/catalogue.rules.js';
import { notFound } from '../errors.js';
import { queueEventFacts, queueState } from './queue-context.js';
import { parseQueuePolicy } from './queue.rules.js';
import type { QueuePolicy, QueueState } from './queue.types.js';

export interface QueuedEvent {
  event: BookingEvent;
  policy: QueuePolicy;
  state: QueueState | undefined;
  /** On by the organizer's policy or switched on automatically by demand. */
  enabled: boolean;
  phase: 'scheduled' | 'open' | 'ended';
}

/** A published event with its waiting-room policy, state and sale phase; 404 for anything else. */
export async function loadQueuedEvent(deps: Deps, eventId: string, now: Date): Promise<QueuedEvent> {
  const event = await queueEventFacts(deps, eventId);
  if (!event || event.status !== 'published') throw notFound('Event');
  const policy = parseQueuePolicy(event.queue);
  const state = await queueState(deps, eventId);
  const sale = saleStatus(
    {
      status: event.status,
      startsAt: event.starts_at,
      saleStartsAt: event.sale_starts_at,
      saleEndsAt: event.sale_ends_at,
      seatsAvailable: 1,
    },
    now,
  );
  const phase = sale === 'scheduled' ? 'scheduled' : sale === 'on_sale' ? 'open' : 'ended';
  return { event, policy, state, enabled: policy.enabled || state?.autoEnabled === true, phase };
}
