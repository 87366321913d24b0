import type { Deps } from '../../context.js';
import { findEventTicketKey, insertEventTicketKey } from '../../db/repositories/checkin.repository.js';
import type { EventSigningKey } from '../../security/ticket-signing.js';

/**
 * The event's Ed25519 pair, made the first time a code or a bundle is asked
 * for (events published before check-in existed get one too). Racing first
 * calls insert-or-ignore and read back whichever pair won.
 */
export async function eventSigningKey(deps: Pick<Deps, 'db' | 'ticketSigning'>, eventId: string): Promise<EventSigningKey> {
  let stored = await findEventTicketKey(deps.db, eventId);
  if (!stored) {
    await insertEventTicketKey(deps.db, eventId, deps.ticketSigning.newKeyPair());
    stored = await findEventTicketKey(deps.db, eventId);
  }
  if (!stored) throw new Error(`No ticket key for event ${eventId}`);
  return deps.ticketSigning.open(stored);
}

/** The public key alone, for checking a code that names another event; null when it has none. */
export async function eventPublicKey(deps: Pick<Deps, 'db' | 'ticketSigning'>, eventId: string) {
  const stored = await findEventTicketKey(deps.db, eventId);
  return stored ? deps.ticketSigning.publicKeyOf(stored.publicKey) : null;
}
