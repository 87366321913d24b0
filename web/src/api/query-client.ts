import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './client.js';

/** A lost connection or a 5xx may pass; a 4xx answer will not change by asking again. */
function transient(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status >= 500);
}

export function createQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: (failures, error) => failures < 2 && transient(error) } } });
}
