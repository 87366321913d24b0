import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, query } from './client.js';
import { keys } from './queries.js';
import type { AccessCode, AccessCodeBody, AccessCodeCheck, AccessCodePage, AdminEventDetailReply, PresaleBody } from './types.js';

const codeKeys = {
  managed: (eventId: string) => ['admin', 'events', eventId, 'access-codes'] as const,
};

export const accessCodesQuery = (eventId: string, cursor: string | null) =>
  queryOptions({
    queryKey: [...codeKeys.managed(eventId), cursor] as const,
    queryFn: ({ signal }) => api<AccessCodePage>(`/admin/events/${eventId}/access-codes${query({ limit: 50, cursor })}`, { signal }),
  });

/** Whether a code would be accepted now, without using it (the hold checks again). */
export const checkAccessCode = (eventId: string, code: string) =>
  api<AccessCodeCheck>(`/events/${eventId}/access-codes/${encodeURIComponent(code.trim())}`);

function useCodesMutation<V, R>(eventId: string, request: (vars: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSettled: () => void client.invalidateQueries({ queryKey: codeKeys.managed(eventId) }),
  });
}

export const useCreateAccessCode = (eventId: string) =>
  useCodesMutation(eventId, (body: AccessCodeBody) =>
    api<{ code: AccessCode }>(`/admin/events/${eventId}/access-codes`, { method: 'POST', body }),
  );

export const useImportAccessCodes = (eventId: string) =>
  useCodesMutation(eventId, (csv: string) =>
    api<{ items: AccessCode[] }>(`/admin/events/${eventId}/access-codes/import`, {
      method: 'POST',
      text: csv,
      headers: { 'content-type': 'text/csv' },
    }),
  );

export const useSetAccessCodeEnabled = (eventId: string) =>
  useCodesMutation(eventId, (v: { codeId: string; enabled: boolean }) =>
    api<{ code: AccessCode }>(`/admin/events/${eventId}/access-codes/${v.codeId}`, { method: 'PATCH', body: { enabled: v.enabled } }),
  );

export const useDeleteAccessCode = (eventId: string) =>
  useCodesMutation(eventId, (codeId: string) =>
    api<{ deleted: boolean }>(`/admin/events/${eventId}/access-codes/${codeId}`, { method: 'DELETE' }),
  );

export function useSetPresale(eventId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: PresaleBody) =>
      api<{ event: AdminEventDetailReply['event'] }>(`/admin/events/${eventId}/presale`, { method: 'PUT', body }),
    onSettled: () => void client.invalidateQueries({ queryKey: keys.adminEvent(eventId) }),
  });
}
