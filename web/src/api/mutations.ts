import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from './client.js';
import { keys } from './queries.js';
import type {
  AdminEventReply,
  CheckoutBody,
  CreateEventBody,
  CreateVenueBody,
  HoldBody,
  HoldReply,
  OrderReply,
  PatchEventBody,
  QueueJoinReply,
  QueuePolicyBody,
  QueuePolicyReply,
  VenueReply,
} from './types.js';

/**
 * Every write the web app makes, and which cached reads it makes stale. Each hook
 * invalidates in its own onSuccess/onSettled, so the cache is right even when the
 * page that started the mutation has navigated away.
 */

/** Seats of an event changed hands: its counts, listings and the organizer's figures are stale. */
function seatsChanged(client: QueryClient, eventId: string): void {
  void client.invalidateQueries({ queryKey: keys.myHolds });
  void client.invalidateQueries({ queryKey: keys.event(eventId) });
  void client.invalidateQueries({ queryKey: keys.availability(eventId) });
  void client.invalidateQueries({ queryKey: keys.listings });
  void client.invalidateQueries({ queryKey: keys.adminEvents });
}

/** An event's listing changed (published, edited, removed). */
function eventChanged(client: QueryClient, eventId: string): void {
  void client.invalidateQueries({ queryKey: keys.adminEvents });
  void client.invalidateQueries({ queryKey: keys.event(eventId) });
  void client.invalidateQueries({ queryKey: keys.listings });
}

/** `queueToken`: the admitted waiting-room token of a queued event, sent as X-Queue-Token and never shown. */
export function useHoldSeats(eventId: string, queueToken?: string | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: HoldBody) =>
      api<HoldReply>(`/events/${eventId}/holds`, { method: 'POST', body, headers: queueToken ? { 'x-queue-token': queueToken } : {} }),
    onSuccess: () => seatsChanged(client, eventId),
    // Refused because a hold already exists (made in another tab or device): the event page then leads to it.
    onError: () => void client.invalidateQueries({ queryKey: keys.myHolds }),
  });
}

/** The caller keeps one Idempotency-Key per payment attempt, so a retry never charges twice. */
export function useCheckout(hold: { id: string; eventId: string }) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ idempotencyKey, ...body }: CheckoutBody & { idempotencyKey: string }) =>
      api<OrderReply>(`/holds/${hold.id}/checkout`, { method: 'POST', headers: { 'idempotency-key': idempotencyKey }, body }),
    onSuccess: (reply) => {
      client.setQueryData(keys.order(reply.order.id), reply);
      void client.invalidateQueries({ queryKey: keys.myOrders });
    },
    // Paid, declined or expired: the seats may have changed state either way.
    onSettled: () => seatsChanged(client, hold.eventId),
  });
}

export function useReleaseHold(hold: { id: string; eventId: string }) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>(`/holds/${hold.id}`, { method: 'DELETE' }),
    onSettled: () => seatsChanged(client, hold.eventId),
  });
}

export function useCancelOrder() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (orderId: string) => api<OrderReply>(`/orders/${orderId}/cancel`, { method: 'POST' }),
    onSuccess: (reply) => {
      client.setQueryData(keys.order(reply.order.id), reply);
      void client.invalidateQueries({ queryKey: keys.myOrders });
      seatsChanged(client, reply.order.eventId);
    },
  });
}

export function usePublishEvent() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (eventId: string) => api<AdminEventReply>(`/admin/events/${eventId}/publish`, { method: 'POST' }),
    onSuccess: (_reply, eventId) => eventChanged(client, eventId),
  });
}

export function useRemoveEvent() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (eventId: string) => api<AdminEventReply>(`/admin/events/${eventId}`, { method: 'DELETE' }),
    onSuccess: (_reply, eventId) => eventChanged(client, eventId),
  });
}

export type SaveEvent = { publish: boolean } & ({ id: string; patch: PatchEventBody } | { id: null; create: CreateEventBody });

/** Create or change an event, then publish it if asked: one step for the editor's two buttons. */
export function useSaveEvent() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (save: SaveEvent) => {
      const { event } =
        save.id === null
          ? await api<AdminEventReply>('/admin/events', { method: 'POST', body: save.create })
          : await api<AdminEventReply>(`/admin/events/${save.id}`, { method: 'PATCH', body: save.patch });
      return save.publish ? api<AdminEventReply>(`/admin/events/${event.id}/publish`, { method: 'POST' }) : { event };
    },
    // A create that saved but could not publish still added a draft to the list.
    onSettled: (reply) => (reply ? eventChanged(client, reply.event.id) : void client.invalidateQueries({ queryKey: keys.adminEvents })),
  });
}

export function useCreateVenue() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateVenueBody) => api<VenueReply>('/admin/venues', { method: 'POST', body }),
    onSuccess: (reply) => {
      // The event editor opens next on this venue: its sections are known already.
      client.setQueryData(keys.venue(reply.venue.id), reply);
      void client.invalidateQueries({ queryKey: keys.adminVenues });
    },
  });
}

/** Takes (or finds again) the account's place in an event's waiting room. */
export function useJoinQueue(eventId: string) {
  return useMutation({
    mutationFn: () => api<QueueJoinReply>(`/events/${eventId}/queue`, { method: 'POST', body: {} }),
  });
}

export function useSetQueuePolicy(eventId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: QueuePolicyBody) => api<QueuePolicyReply>(`/admin/events/${eventId}/queue`, { method: 'PUT', body }),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: keys.adminQueue(eventId) });
      void client.invalidateQueries({ queryKey: keys.queueStatus(eventId) });
    },
  });
}
