import type { Deps } from '../../context.js';
import { bundleTickets } from '../../db/repositories/checkin.repository.js';
import type { Principal } from '../../security/auth-tokens.js';
import type { CheckinBundle } from './checkin.types.js';
import { doorAccess } from './door-access.js';
import { eventSigningKey } from './event-signing-key.js';
import { GRACE_SECONDS, SKEW_SECONDS, STEP_SECONDS } from './ticket-code.format.js';

/**
 * Everything a door needs to keep scanning without the network: the event's
 * public key, the tickets it must refuse (voided, reissued) or has seen used,
 * and the timing rules. No personal data: ticket ids and times only.
 */
export async function getCheckinBundle(deps: Deps, actor: Principal, eventId: string): Promise<CheckinBundle> {
  const { event } = await doorAccess(deps.db, actor, eventId);
  const [key, tickets] = await Promise.all([eventSigningKey(deps, eventId), bundleTickets(deps.db, eventId)]);
  return {
    eventId,
    title: event.title,
    publicKey: key.publicKeyText,
    algorithm: 'Ed25519',
    stepSeconds: STEP_SECONDS,
    graceSeconds: GRACE_SECONDS,
    skewSeconds: SKEW_SECONDS,
    ticketCount: tickets.ticketCount,
    revocations: tickets.changed
      .filter((t) => t.status === 'void' || t.code_version > 1)
      .map((t) => ({ ticketId: t.id, minVersion: t.code_version, void: t.status === 'void' })),
    used: tickets.changed
      .filter((t) => t.status === 'used' && t.checked_in_at)
      .map((t) => ({ ticketId: t.id, usedAt: t.checked_in_at!.toISOString(), gate: t.checked_in_gate ?? 'main' })),
    generatedAt: deps.clock.now().toISOString(),
  };
}
