import { infiniteQueryOptions, queryOptions, type QueryClient } from '@tanstack/react-query';
import { api, apiWithHeaders, query } from './client.js';
import type {
  AdminEventDetailReply,
  AdminEventList,
  AttendeeList,
  DoorListQuery,
  EventOrderList,
  Availability,
  EventDetail,
  ErasurePreview,
  ManagedEventFilters,
  MeReply,
  MyHoldsReply,
  OrderList,
  OrderReply,
  PriceHistoryReply,
  PricingOverviewReply,
  PaymentConfig,
  QueueOverviewReply,
  QueueStatus,
  SearchQuery,
  SearchReply,
  SeatLayout,
  SessionsReply,
  TotpStatus,
  VenueList,
  VenueReply,
  WebhookDeliveriesReply,
  WebhookListReply,
  AuditPage,
  AuditQuery,
} from './types.js';

/**
 * Every GET the web app makes, each bound to its path and reply type once.
 * Keys start with what a mutation invalidates: `events` (listings), `event`
 * (one event), and the signed-in user's own data under `me`, `orders`, `admin`.
 */
export const keys = {
  listings: ['events'] as const,
  event: (id: string) => ['event', id] as const,
  seatMap: (id: string) => ['seatmap', id] as const,
  availability: (id: string) => ['availability', id] as const,
  venue: (id: string) => ['venue', id] as const,
  me: ['me'] as const,
  myOrders: ['me', 'orders'] as const,
  myHolds: ['me', 'holds'] as const,
  mySessions: ['me', 'sessions'] as const,
  myTotp: ['me', 'totp'] as const,
  erasurePreview: ['me', 'erasure-preview'] as const,
  queueStatus: (id: string) => ['queue', id] as const,
  adminQueue: (id: string) => ['admin', 'queue', id] as const,
  order: (id: string) => ['orders', id] as const,
  adminEvents: ['admin', 'events'] as const,
  adminEvent: (id: string) => ['admin', 'events', id] as const,
  adminVenues: ['admin', 'venues'] as const,
  webhooks: ['admin', 'webhooks'] as const,
  webhookDeliveries: (id: string) => ['admin', 'webhooks', id, 'deliveries'] as const,
  priceHistory: (id: string) => ['event', id, 'prices'] as const,
  adminPricing: (id: string) => ['admin', 'pricing', id] as const,
};

/** Whoever signs in next must not see the last account's bookings or events. */
export function forgetPrivateData(client: QueryClient): void {
  for (const root of ['me', 'orders', 'admin']) client.removeQueries({ queryKey: [root] });
}

export type SearchFilters = Omit<SearchQuery, 'cursor'>;

/** One page of search results (home shelves, instant search). */
export const searchQuery = (filters: SearchFilters) =>
  queryOptions({
    queryKey: [...keys.listings, filters] as const,
    queryFn: ({ signal }) => api<SearchReply>(`/events${query(filters)}`, { signal }),
  });

/** Search results page by page, following `nextCursor`. */
export const searchPagesQuery = (filters: SearchFilters) =>
  infiniteQueryOptions({
    queryKey: [...keys.listings, 'pages', filters] as const,
    queryFn: ({ signal, pageParam }) => api<SearchReply>(`/events${query({ ...filters, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** Fresh for a few seconds: the page mounting just after the app's entry prefetch (entry-prefetch.ts) does not read it again. */
export const eventQuery = (id: string) =>
  queryOptions({ queryKey: keys.event(id), queryFn: ({ signal }) => api<EventDetail>(`/events/${id}`, { signal }), staleTime: 5_000 });

/**
 * A published event's layout never changes, so one copy serves the whole visit;
 * the request is redirected to the layout's immutable versioned URL, which the
 * browser keeps in its HTTP cache across visits.
 */
export const seatMapQuery = (id: string) =>
  queryOptions({
    queryKey: keys.seatMap(id),
    queryFn: ({ signal }) => api<SeatLayout>(`/events/${id}/seat-layout`, { signal }),
    staleTime: Infinity,
  });

/** Which card form the checkout shows (the simulated provider's test cards, or Stripe's Payment Element). */
export const paymentConfigQuery = () =>
  queryOptions({
    queryKey: ['payments', 'config'] as const,
    queryFn: ({ signal }) => api<PaymentConfig>('/payments/config', { signal }),
    staleTime: Infinity,
  });

/** Revalidated with the server (ETag → 304), never taken from the browser's one-second copy. */
export function fetchAvailability(eventId: string, signal?: AbortSignal): Promise<Availability> {
  return api<Availability>(`/events/${eventId}/availability`, { signal, cache: 'no-cache' });
}

export const availabilityQuery = (id: string) =>
  queryOptions({ queryKey: keys.availability(id), queryFn: ({ signal }) => fetchAvailability(id, signal) });

export const venueQuery = (id: string) =>
  queryOptions({ queryKey: keys.venue(id), queryFn: ({ signal }) => api<VenueReply>(`/venues/${id}`, { signal }) });

export const meQuery = () =>
  queryOptions({ queryKey: keys.me, queryFn: ({ signal }) => api<MeReply>('/me', { signal }), staleTime: Infinity, retry: false });

/** The account page's lists: every signed-in session, and whether sign-in asks for a code. */
export const mySessionsQuery = () =>
  queryOptions({ queryKey: keys.mySessions, queryFn: ({ signal }) => api<SessionsReply>('/me/sessions', { signal }) });

export const myTotpQuery = () => queryOptions({ queryKey: keys.myTotp, queryFn: ({ signal }) => api<TotpStatus>('/me/totp', { signal }) });

/** What erasure does to the caller's upcoming tickets, and the policy in full. */
export const erasurePreviewQuery = () =>
  queryOptions({
    queryKey: keys.erasurePreview,
    queryFn: ({ signal }) => api<ErasurePreview>('/me/erasure-preview', { signal }),
    retry: false,
  });

export const myOrdersQuery = () =>
  queryOptions({ queryKey: keys.myOrders, queryFn: ({ signal }) => api<OrderList>('/me/orders?limit=100', { signal }) });

export const orderQuery = (id: string) =>
  queryOptions({ queryKey: keys.order(id), queryFn: ({ signal }) => api<OrderReply>(`/orders/${id}`, { signal }) });

/** The organizer's events page by page, narrowed by title text and status; under `adminEvents` so every change refreshes it. */
export const adminEventPagesQuery = (filters: ManagedEventFilters) =>
  infiniteQueryOptions({
    queryKey: [...keys.adminEvents, 'pages', filters] as const,
    queryFn: ({ signal, pageParam }) =>
      api<AdminEventList>(`/admin/events${query({ limit: 50, ...filters, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const adminEventQuery = (id: string) =>
  queryOptions({ queryKey: keys.adminEvent(id), queryFn: ({ signal }) => api<AdminEventDetailReply>(`/admin/events/${id}`, { signal }) });

export const adminVenuesQuery = () =>
  queryOptions({ queryKey: keys.adminVenues, queryFn: ({ signal }) => api<VenueList>('/admin/venues?limit=100', { signal }) });

/** The organizer's venues page by page (the venue list), under `adminVenues` so every change refreshes it. */
export const adminVenuePagesQuery = () =>
  infiniteQueryOptions({
    queryKey: [...keys.adminVenues, 'pages'] as const,
    queryFn: ({ signal, pageParam }) => api<VenueList>(`/admin/venues${query({ limit: 20, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** Live holds of the account, from any tab or device: checkout, the event page and My bookings resume them. */
export const myHoldsQuery = () =>
  queryOptions({ queryKey: keys.myHolds, queryFn: ({ signal }) => api<MyHoldsReply>('/me/holds', { signal }) });

/** Seconds from `max-age=N` of a Cache-Control value, 0 without one. */
function maxAgeOf(cacheControl: string | null): number {
  const m = /max-age=(\d+)/.exec(cacheControl ?? '');
  return m ? Number(m[1]) : 0;
}

export interface PacedQueueStatus {
  status: QueueStatus;
  /** When to ask again: the server's Retry-After, never sooner than the reply stays fresh (Cache-Control). */
  nextPollMs: number;
}

/**
 * The waiting room's status: one answer for everyone, so the browser's and
 * any CDN's copy serve it; polled at the pace the server asks for.
 */
export const queueStatusQuery = (eventId: string) =>
  queryOptions({
    queryKey: keys.queueStatus(eventId),
    queryFn: async ({ signal }): Promise<PacedQueueStatus> => {
      const { body, headers } = await apiWithHeaders<QueueStatus>(`/events/${eventId}/queue/status`, { signal });
      const retryAfter = Number(headers.get('retry-after') ?? 0) || 0;
      const seconds = Math.max(1, retryAfter, maxAgeOf(headers.get('cache-control')));
      return { status: body, nextPollMs: seconds * 1000 };
    },
  });

export const adminQueueQuery = (eventId: string) =>
  queryOptions({
    queryKey: keys.adminQueue(eventId),
    queryFn: ({ signal }) => api<QueueOverviewReply>(`/admin/events/${eventId}/queue`, { signal }),
  });

/** Every price change of an event, newest first: public. */
export const priceHistoryQuery = (eventId: string) =>
  queryOptions({
    queryKey: keys.priceHistory(eventId),
    queryFn: ({ signal }) => api<PriceHistoryReply>(`/events/${eventId}/prices/history?limit=20`, { signal, cache: 'no-cache' }),
  });

/** The organizer's pricing panel: policy, base and current prices, price and sales over time. */
export const adminPricingQuery = (eventId: string) =>
  queryOptions({
    queryKey: keys.adminPricing(eventId),
    queryFn: ({ signal }) => api<PricingOverviewReply>(`/admin/events/${eventId}/pricing`, { signal }),
  });
/** Door lists of one event (attendees, orders), one page per search and offset; under `admin` so sign-out forgets them. */
export const attendeesQuery = (eventId: string, params: DoorListQuery) =>
  queryOptions({
    queryKey: ['admin', 'events', eventId, 'attendees', params] as const,
    queryFn: ({ signal }) => api<AttendeeList>(`/admin/events/${eventId}/attendees${query(params)}`, { signal }),
  });

export const eventOrdersQuery = (eventId: string, params: DoorListQuery) =>
  queryOptions({
    queryKey: ['admin', 'events', eventId, 'orders', params] as const,
    queryFn: ({ signal }) => api<EventOrderList>(`/admin/events/${eventId}/orders${query(params)}`, { signal }),
  });

/** The CSV export is a plain download (the session cookie goes along); the same search narrows it. */
export const attendeesCsvUrl = (eventId: string, q: string): string => `/api/v1/admin/events/${eventId}/attendees.csv${query({ q })}`;

/** The organizer's webhook subscriptions (everyone's for admins). */
export const webhooksQuery = () =>
  queryOptions({ queryKey: keys.webhooks, queryFn: ({ signal }) => api<WebhookListReply>('/admin/webhooks', { signal }) });

/** A subscription's delivery log; refreshed every few seconds while open, as the worker retries. */
export const webhookDeliveriesQuery = (id: string) =>
  queryOptions({
    queryKey: keys.webhookDeliveries(id),
    queryFn: ({ signal }) => api<WebhookDeliveriesReply>(`/admin/webhooks/${id}/deliveries`, { signal }),
    refetchInterval: 5000,
  });

export type AuditFilters = Pick<AuditQuery, 'subjectType' | 'subjectId' | 'actorId' | 'action'>;

/** The admin audit log, newest first, fifty entries a page. */
export const auditPagesQuery = (filters: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: ['admin', 'audit', filters] as const,
    queryFn: ({ signal, pageParam }) => api<AuditPage>(`/admin/audit${query({ limit: 50, ...filters, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
