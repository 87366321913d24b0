import type { Deps } from '../../context.js';
import type { BookingEvent } from '../../db/repositories/holds.repository.js';
import { queueState } from '../queue/queue-context.js';
import { parseQueuePolicy } from '../queue/queue.rules.js';
import { defaultExtensionPolicy, extensionTerms, type ExtensionPolicy, type ExtensionTerms } from './hold-extension.rules.js';
import type { HoldExtension } from './hold.types.js';

export const extensionPolicyOf = (deps: Pick<Deps, 'config'>): ExtensionPolicy => deps.config.holdExtensions ?? defaultExtensionPolicy;

/** The admission window while the event's waiting room is on (by the organizer or by demand), else null. */
export async function queueWindowOf(deps: Deps, event: Pick<BookingEvent, 'id' | 'queue'>, fresh = false): Promise<number | null> {
  if (parseQueuePolicy(event.queue).enabled) return queueWindowFrom(event.queue, false);
  const state = await queueState(deps, event.id, { fresh });
  return queueWindowFrom(event.queue, state?.autoEnabled === true);
}

/** The same, from the policy and the queue state's auto switch already read. */
function queueWindowFrom(queue: unknown, autoEnabled: boolean): number | null {
  const policy = parseQueuePolicy(queue);
  return policy.enabled || autoEnabled ? policy.admitWindowSeconds : null;
}

export interface ExtendableHold {
  event_id: string;
  created_at: Date;
  expires_at: Date;
  extensions: number;
}

/** The offer from the event's facts already read with the hold (GET /me/holds reads them in its one statement). */
export function extensionOfferFrom(
  deps: Pick<Deps, 'config'>,
  hold: ExtendableHold,
  event: { holdSeconds: number; queue: unknown; queueAutoEnabled: boolean },
): HoldExtension {
  return offerOf(
    extensionTerms({
      createdAt: hold.created_at,
      expiresAt: hold.expires_at,
      used: hold.extensions,
      holdSeconds: event.holdSeconds,
      queueWindowSeconds: queueWindowFrom(event.queue, event.queueAutoEnabled),
      policy: extensionPolicyOf(deps),
    }),
  );
}

export const offerOf = (terms: ExtensionTerms): HoldExtension =>
  terms.ok ? { left: terms.left, nextExpiresAt: terms.expiresAt.toISOString() } : { left: 0, nextExpiresAt: null };
