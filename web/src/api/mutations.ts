import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from './client.js';
import { keys } from './queries.js';
import type {
  AdminEventReply,
  ChangeEmailBody,
  ChangePasswordBody,
  LogoutReply,
  MeReply,
  RenameBody,
  SessionReply,
  TotpConfirmReply,
  TotpDisableBody,
  TotpEnrolment,
  CheckoutBody,
  CreateEventBody,
  CancelEventBody,
  CreateVenueBody,
  DuplicateEventBody,
  HoldBody,
  HoldReply,
  HostedPaymentReply,
  MyHoldsReply,
  OrderReply,
  ManualPriceBody,
  PatchEventBody,
  PriceQuoteReply,
  PricingPolicyBody,
  PricingPolicyReply,
  PatchVenueBody,
  QueueJoinReply,
  QueuePolicyBody,
  QueuePolicyReply,
  RescheduleBody,
  VenueReply,
  CreateWebhookBody,
  CreatedWebhookReply,
  WebhookDeliveryReply,
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

/** Stripe's Payment Element: the order and its intent are made here; the browser then confirms with Stripe.js. */
export function useStartHostedPayment(hold: { id: string; eventId: string }) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ idempotencyKey }: { idempotencyKey: string }) =>
      api<HostedPaymentReply>(`/holds/${hold.id}/payment-intent`, {
        method: 'POST',
        body: {},
        headers: { 'idempotency-key': idempotencyKey },
      }),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.myOrders }),
    onSettled: () => seatsChanged(client, hold.eventId),
  });
}

/** More time on a hold (within its limits): the hold as listed is replaced by the extended one. */
export function useExtendHold(hold: { id: string }) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<HoldReply>(`/holds/${hold.id}/extend`, { method: 'POST' }),
    onSuccess: (reply) => {
      client.setQueryData<MyHoldsReply>(keys.myHolds, (list) =>
        list ? { ...list, items: list.items.map((h) => (h.id === reply.hold.id ? reply.hold : h)) } : list,
      );
    },
    onSettled: () => void client.invalidateQueries({ queryKey: keys.myHolds }),
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

/** Move a published event; holders are mailed and get their refund window. */
export function useRescheduleEvent(eventId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RescheduleBody) => api<AdminEventReply>(`/admin/events/${eventId}/reschedule`, { method: 'POST', body }),
    onSuccess: () => eventChanged(client, eventId),
  });
}

/** Cancel a published event with a reason; the worker refunds everyone. */
export function useCancelEvent(eventId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CancelEventBody) => api<AdminEventReply>(`/admin/events/${eventId}/cancel`, { method: 'POST', body }),
    onSuccess: () => eventChanged(client, eventId),
  });
}

export function useDuplicateEvent(eventId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: DuplicateEventBody) => api<AdminEventReply>(`/admin/events/${eventId}/duplicate`, { method: 'POST', body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.adminEvents }),
  });
}

export function useUpdateVenue(venueId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: PatchVenueBody) => api<VenueReply>(`/admin/venues/${venueId}`, { method: 'PATCH', body }),
    onSuccess: (reply) => {
      client.setQueryData(keys.venue(venueId), reply);
      void client.invalidateQueries({ queryKey: keys.adminVenues });
      // Events carry the venue's name, clock and money.
      void client.invalidateQueries({ queryKey: keys.adminEvents });
      void client.invalidateQueries({ queryKey: keys.listings });
    },
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

/** A pricing change (policy, pause, manual price) moves what buyers see and what the organizer plots. */
function pricingChanged(client: QueryClient, eventId: string): void {
  void client.invalidateQueries({ queryKey: keys.adminPricing(eventId) });
  eventChanged(client, eventId);
}

export function useSetPricingPolicy(eventId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: PricingPolicyBody) => api<PricingPolicyReply>(`/admin/events/${eventId}/pricing`, { method: 'PUT', body }),
    onSettled: () => pricingChanged(client, eventId),
  });
}

export function usePausePricing(eventId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (paused: boolean) =>
      api<PricingPolicyReply>(`/admin/events/${eventId}/pricing/pause`, { method: 'POST', body: { paused } }),
    onSettled: () => pricingChanged(client, eventId),
  });
}

export function useSetManualPrice(eventId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ tierId, ...body }: ManualPriceBody & { tierId: string }) =>
      api<PricingPolicyReply>(`/admin/events/${eventId}/pricing/tiers/${tierId}/price`, { method: 'PUT', body }),
    onSettled: () => pricingChanged(client, eventId),
  });
}

/** An admitted fan's prices, kept for their turn; asking again returns the same quote. */
export function useQuotePrices(eventId: string, queueToken: string) {
  return useMutation({
    mutationFn: () => api<PriceQuoteReply>(`/events/${eventId}/price-quote`, { method: 'POST', headers: { 'x-queue-token': queueToken } }),
  });
}

/** Account recovery: each answers no data the page needs beyond success. */
export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (email: string) => api<{ message: string }>('/auth/password-reset', { method: 'POST', body: { email } }),
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: (body: { token: string; newPassword: string }) => api<null>('/auth/password-reset/confirm', { method: 'POST', body }),
  });
}

export function useVerifyEmail() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => api<null>('/auth/verify-email', { method: 'POST', body: { token } }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.me }),
  });
}

export function useResendEmailVerification() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ sent: boolean }>('/me/email-verification', { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.me }),
  });
}

/** The account page. Each answer that carries the account refreshes the session's copy of it. */
export function useRenameAccount() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RenameBody) => api<MeReply>('/me', { method: 'PATCH', body }),
    onSuccess: (reply) => client.setQueryData(keys.me, reply),
  });
}

export function useChangeEmail() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangeEmailBody) => api<MeReply>('/me/email', { method: 'POST', body }),
    onSuccess: (reply) => client.setQueryData(keys.me, reply),
  });
}

/** The server ends every session and sets this browser's new cookies with its reply. */
export function useChangePassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordBody) => api<SessionReply>('/me/password', { method: 'POST', body }),
    onSuccess: (reply) => {
      client.setQueryData(keys.me, { user: reply.user });
      void client.invalidateQueries({ queryKey: keys.mySessions });
    },
  });
}

export function useSignOutOtherSessions() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<LogoutReply>('/me/sessions', { method: 'DELETE' }),
    onSettled: () => client.invalidateQueries({ queryKey: keys.mySessions }),
  });
}

export function useSignOutSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<null>(`/me/sessions/${id}`, { method: 'DELETE' }),
    onSettled: () => client.invalidateQueries({ queryKey: keys.mySessions }),
  });
}

export function useStartTotp() {
  return useMutation({ mutationFn: () => api<TotpEnrolment>('/me/totp', { method: 'POST' }) });
}

export function useConfirmTotp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api<TotpConfirmReply>('/me/totp/confirm', { method: 'POST', body: { code } }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.myTotp }),
  });
}

export function useDisableTotp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TotpDisableBody) => api<null>('/me/totp', { method: 'DELETE', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.myTotp }),
  });
}

/** Erasure: the typed address confirms it; afterwards the session no longer exists. */
export function useEraseAccount() {
  return useMutation({ mutationFn: (email: string) => api<unknown>('/me', { method: 'DELETE', body: { email } }) });
}

/** A new webhook subscription; the reply's secret is shown once by the page. */
export function useCreateWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateWebhookBody) => api<CreatedWebhookReply>('/admin/webhooks', { method: 'POST', body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.webhooks, exact: true }),
  });
}

export function useDeleteWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<null>(`/admin/webhooks/${id}`, { method: 'DELETE' }),
    // A log refetch racing the delete would answer 404.
    onMutate: (id) => client.cancelQueries({ queryKey: keys.webhookDeliveries(id) }),
    onSuccess: (_reply, id) => {
      // The log went with the subscription: drop it rather than refetch a 404.
      client.removeQueries({ queryKey: keys.webhookDeliveries(id) });
      void client.invalidateQueries({ queryKey: keys.webhooks, exact: true });
    },
  });
}

/** A signed ping now; its delivery joins the log. */
export function useTestWebhook(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<WebhookDeliveryReply>(`/admin/webhooks/${id}/test`, { method: 'POST' }),
    onSettled: () => void client.invalidateQueries({ queryKey: keys.webhookDeliveries(id) }),
  });
}

export function useRedeliverWebhook(subscriptionId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) => api<WebhookDeliveryReply>(`/admin/webhooks/deliveries/${deliveryId}/redeliver`, { method: 'POST' }),
    onSettled: () => void client.invalidateQueries({ queryKey: keys.webhookDeliveries(subscriptionId) }),
  });
}
