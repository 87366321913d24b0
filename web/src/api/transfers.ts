import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from './client.js';
import { keys } from './queries.js';
import type { MyTransfersReply, TransferReply } from './types.js';

/** Under `me`, so signing out forgets them. */
const transferKeys = { mine: ['me', 'transfers'] as const };

export const myTransfersQuery = () =>
  queryOptions({ queryKey: transferKeys.mine, queryFn: ({ signal }) => api<MyTransfersReply>('/me/transfers', { signal }) });

/** Offers, acceptances and take-backs change both lists and which tickets show in which order. */
function useTransferMutation<V>(request: (vars: V) => Promise<TransferReply>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSettled: () => {
      void client.invalidateQueries({ queryKey: transferKeys.mine });
      void client.invalidateQueries({ queryKey: keys.myOrders });
    },
  });
}

export const useOfferTransfer = () =>
  useTransferMutation((v: { ticketId: string; email: string }) =>
    api<TransferReply>(`/tickets/${v.ticketId}/transfer`, { method: 'POST', body: { email: v.email } }),
  );

export const useSettleTransfer = () =>
  useTransferMutation((v: { transferId: string; action: 'accept' | 'decline' | 'cancel' }) =>
    api<TransferReply>(`/transfers/${v.transferId}/${v.action}`, { method: 'POST' }),
  );
