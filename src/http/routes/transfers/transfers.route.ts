import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { listMyTransfers } from '../../../domain/transfers/list-transfers.js';
import { offerTransfer } from '../../../domain/transfers/offer-transfer.js';
import { acceptTransfer, cancelTransfer, declineTransfer } from '../../../domain/transfers/settle-transfer.js';
import { principalOf, requireAuth } from '../../plugins/auth.js';
import { rateLimitConfig } from '../../plugins/rate-limit.js';
import { IdParams } from '../../schemas/common.js';
import { MyTransfersReply, TransferBody, TransferReply, transferErrors } from './transfers.schemas.js';

const secured = { security: [{ bearer: [] }], tags: ['transfers'] };

/** A fan hands a ticket to another fan at face value: offer, accept or decline, take back. */
export async function transferRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  app.post(
    '/tickets/:id/transfer',
    {
      preValidation: requireAuth,
      // Each offer mails an address the caller chose: budgeted like the other mail-sending actions.
      config: rateLimitConfig(deps.config, 'register'),
      schema: {
        ...secured,
        summary: 'Offer my ticket to another fan',
        description:
          "The ticket's holder offers it to whoever confirmed the address; the same answer whether or not an account uses it. Face value, no payment. The ticket stays the holder's until the offer is accepted; one open offer per ticket; none after the event's transfer cut-off.",
        params: IdParams,
        body: TransferBody,
        response: { 201: TransferReply, ...transferErrors },
      },
    },
    async (request, reply) => {
      const transfer = await offerTransfer(deps, {
        userId: principalOf(request).userId,
        ticketId: request.params.id,
        email: request.body.email,
      });
      return reply.status(201).send({ transfer });
    },
  );

  app.get(
    '/me/transfers',
    {
      preValidation: requireAuth,
      schema: {
        ...secured,
        summary: 'Offers to me, offers I made, and tickets transferred to me',
        response: { 200: MyTransfersReply, ...transferErrors },
      },
    },
    async (request) => listMyTransfers(deps, principalOf(request).userId),
  );

  const settle = (path: string, summary: string, description: string, run: typeof acceptTransfer) =>
    app.post(
      path,
      {
        preValidation: requireAuth,
        schema: { ...secured, summary, description, params: IdParams, response: { 200: TransferReply, ...transferErrors } },
      },
      async (request) => ({ transfer: await run(deps, { userId: principalOf(request).userId, transferId: request.params.id }) }),
    );
  settle(
    '/transfers/:id/accept',
    'Accept a ticket offered to me',
    "Only by the account that confirmed the address it was offered to, before the cut-off. The ticket gets a new code in your name; the sender's codes stop working.",
    acceptTransfer,
  );
  settle('/transfers/:id/decline', 'Decline a ticket offered to me', 'The ticket stays with the sender.', declineTransfer);
  settle('/transfers/:id/cancel', 'Take back an offer I made', 'Only while nobody has accepted it.', cancelTransfer);
}
