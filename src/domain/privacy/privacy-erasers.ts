import { deleteAccountTokensOf, withdrawAllConsents } from '../../db/repositories/consents.repository.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import { cancelOpenTransfersFrom } from '../../db/repositories/transfers.repository.js';
import type { PersonalDataEraser } from '../users/personal-data.js';

/**
 * Erasers beyond the users row (blanked by `eraseUser`): consents are closed
 * but kept, as proof of what was agreed, linked to the pseudonymous id only;
 * unused mailed tokens go; transfer offers nobody accepted yet are cancelled
 * (the recipient could not take a ticket its erased sender no longer holds).
 */
export const privacyErasers: readonly PersonalDataEraser[] = [
  { name: 'consents', erase: (tx, userId, deps) => withdrawAllConsents(tx, userId, deps.clock.now()) },
  { name: 'accountTokens', erase: (tx, userId) => deleteAccountTokensOf(tx, userId) },
  {
    name: 'openTransfers',
    async erase(tx, userId, deps) {
      const at = deps.clock.now();
      const tickets = await cancelOpenTransfersFrom(tx, userId, at);
      if (tickets.length === 0) return;
      await writeAudit(
        tx,
        tickets.map((ticketId) => ({
          actorId: userId,
          action: 'ticket.transfer_cancelled',
          subjectType: 'ticket',
          subjectId: ticketId,
          at,
        })),
      );
    },
  },
];
