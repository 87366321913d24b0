import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, query } from './client.js';
import type {
  CheckinBundle,
  CheckinStats,
  DoorEventsReply,
  DoorTicket,
  ScanBody,
  ScannersReply,
  ScanReply,
  SyncBody,
  SyncReply,
  TicketCodeReply,
} from './types.js';

/**
 * Check-in's reads and writes: the customer's rotating code, the door's scans,
 * the offline bundle and sync, and the organizer's door tools. Keys sit under
 * `me` and `admin` so signing out forgets them (forgetPrivateData).
 */
export const checkinKeys = {
  ticketCode: (id: string) => ['me', 'tickets', id, 'code'] as const,
  doorEvents: ['me', 'door-events'] as const,
  stats: (eventId: string) => ['admin', 'checkin', eventId, 'stats'] as const,
  scanners: (eventId: string) => ['admin', 'checkin', eventId, 'scanners'] as const,
};

/** A new code every 15 s: each is good for about a minute, so a screenshot soon stops working. */
export const ticketCodeQuery = (ticketId: string) =>
  queryOptions({
    queryKey: checkinKeys.ticketCode(ticketId),
    queryFn: ({ signal }) => api<TicketCodeReply>(`/tickets/${ticketId}/code`, { signal }),
    refetchInterval: 15_000,
    refetchIntervalInBackground: false,
    staleTime: 10_000,
    gcTime: 0,
  });

export const doorEventsQuery = () =>
  queryOptions({ queryKey: checkinKeys.doorEvents, queryFn: ({ signal }) => api<DoorEventsReply>('/checkin/events', { signal }) });

/** Polled every 5 s while the organizer's door panel is open. */
export const checkinStatsQuery = (eventId: string) =>
  queryOptions({
    queryKey: checkinKeys.stats(eventId),
    queryFn: ({ signal }) => api<CheckinStats>(`/admin/events/${eventId}/checkin/stats`, { signal }),
    refetchInterval: 5_000,
  });

export const scannersQuery = (eventId: string) =>
  queryOptions({
    queryKey: checkinKeys.scanners(eventId),
    queryFn: ({ signal }) => api<ScannersReply>(`/admin/events/${eventId}/scanners`, { signal }),
  });

/** Not a cached query: the door page keeps the bundle in localStorage for when the network goes. */
export const fetchCheckinBundle = (eventId: string): Promise<CheckinBundle> =>
  api<CheckinBundle>(`/admin/events/${eventId}/checkin/bundle`);

export const postScan = (body: ScanBody): Promise<ScanReply> => api<ScanReply>('/checkin/scan', { method: 'POST', body });

export const postOfflineScans = (eventId: string, body: SyncBody): Promise<SyncReply> =>
  api<SyncReply>(`/admin/events/${eventId}/checkin/sync`, { method: 'POST', body });

export function useAssignScanner(eventId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (email: string) => api<ScannersReply>(`/admin/events/${eventId}/scanners`, { method: 'POST', body: { email } }),
    onSuccess: (reply) => client.setQueryData(checkinKeys.scanners(eventId), reply),
  });
}

export function useUnassignScanner(eventId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api<ScannersReply>(`/admin/events/${eventId}/scanners/${userId}`, { method: 'DELETE' }),
    onSuccess: (reply) => client.setQueryData(checkinKeys.scanners(eventId), reply),
  });
}

export function useFindDoorTicket(eventId: string) {
  return useMutation({
    mutationFn: (serial: string) => api<{ ticket: DoorTicket }>(`/admin/events/${eventId}/tickets${query({ serial })}`),
  });
}

export function useChangeTicket(eventId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ ticketId, change }: { ticketId: string; change: 'void' | 'reissue' }) =>
      api<{ ticket: DoorTicket }>(`/admin/tickets/${ticketId}/${change}`, { method: 'POST', body: {} }),
    onSuccess: () => void client.invalidateQueries({ queryKey: checkinKeys.stats(eventId) }),
  });
}
