import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, query } from './client.js';
import { keys } from './queries.js';
import type { ManagedWaitingList, MyWaitingListReply } from './types.js';

/** The fan's entry sits under `me`, so signing out forgets it. */
const waitingKeys = {
  mine: (eventId: string) => ['me', 'waiting-list', eventId] as const,
  managed: (eventId: string) => ['admin', 'events', eventId, 'waiting-list'] as const,
};

/** Polled: the place moves as others are served, and an offer should show without a reload. */
export const myWaitingEntryQuery = (eventId: string) =>
  queryOptions({
    queryKey: waitingKeys.mine(eventId),
    queryFn: ({ signal }) => api<MyWaitingListReply>(`/events/${eventId}/waiting-list`, { signal }),
    refetchInterval: 10_000,
  });

export const managedWaitingListQuery = (eventId: string, page: { limit: number; offset: number }) =>
  queryOptions({
    queryKey: [...waitingKeys.managed(eventId), page] as const,
    queryFn: ({ signal }) => api<ManagedWaitingList>(`/admin/events/${eventId}/waiting-list${query(page)}`, { signal }),
  });

/** Joining, leaving (which may decline an offer) and offers change the fan's entry and their holds. */
function useFanMutation<V>(eventId: string, request: (vars: V) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSettled: () => {
      void client.invalidateQueries({ queryKey: waitingKeys.mine(eventId) });
      void client.invalidateQueries({ queryKey: keys.myHolds });
    },
  });
}

export const useJoinWaitingList = (eventId: string) =>
  useFanMutation(eventId, (v: { tierId?: string; quantity: number }) =>
    api(`/events/${eventId}/waiting-list`, { method: 'POST', body: v }),
  );

export const useLeaveWaitingList = (eventId: string) =>
  useFanMutation(eventId, () => api(`/events/${eventId}/waiting-list`, { method: 'DELETE' }));

function useOrganizerMutation<V>(eventId: string, request: (vars: V) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSettled: () => void client.invalidateQueries({ queryKey: waitingKeys.managed(eventId) }),
  });
}

export const useMoveWaitingEntry = (eventId: string) =>
  useOrganizerMutation(eventId, (v: { entryId: string; place: number }) =>
    api(`/admin/events/${eventId}/waiting-list/reorder`, { method: 'POST', body: v }),
  );

export const useClearWaitingList = (eventId: string) =>
  useOrganizerMutation(eventId, (v: { entryId?: string }) =>
    api(`/admin/events/${eventId}/waiting-list${query({ entryId: v.entryId })}`, { method: 'DELETE' }),
  );

export const useSetOfferWindow = (eventId: string) =>
  useOrganizerMutation(eventId, (v: { offerMinutes: number }) =>
    api(`/admin/events/${eventId}/waiting-list/settings`, { method: 'PUT', body: v }),
  );
