import type { ErrorCode } from './types.js';

/**
 * What a failed call says: one of the server's closed codes, `NETWORK` when the
 * server was not reached, `HTTP_ERROR` when something else (a proxy) answered
 * without the API's error body.
 */
export type ApiErrorCode = ErrorCode | 'NETWORK' | 'HTTP_ERROR';

/** A failed API call: the server's `{error:{code,message,details}}`, or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * The session token lives in an httpOnly cookie scripts cannot read. The server
 * sets a readable companion cookie holding the CSRF token: its presence says a
 * session exists, and writes echo it in a header another site cannot forge.
 */
const csrfCookie = 'bo_csrf';

export const sessionCookie = {
  csrfToken: (): string | null => {
    const hit = document.cookie.split('; ').find((c) => c.startsWith(`${csrfCookie}=`));
    return hit ? decodeURIComponent(hit.slice(csrfCookie.length + 1)) : null;
  },
  /** Forgets the session on this side (the server clears both cookies on sign-out). */
  forget: (): void => {
    document.cookie = `${csrfCookie}=; Max-Age=0; Path=/; SameSite=Strict`;
  },
};

let onUnauthenticated: (() => void) | null = null;
/** The session forgets a sign-in the server no longer accepts. */
export function setUnauthenticatedHandler(fn: () => void): void {
  onUnauthenticated = fn;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** A raw text body sent as is (e.g. a CSV upload); its content-type goes in `headers`. */
  text?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** 'no-cache' revalidates a cacheable reply (ETag → 304) instead of trusting the browser's copy. */
  cache?: RequestCache;
}

/**
 * One call to the API under /api/v1. Pages do not call it: the query and
 * mutation factories in queries.ts and mutations.ts bind each path to its reply type.
 */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  return (await apiWithHeaders<T>(path, opts)).body;
}

/** The same call, with the reply's headers for callers that pace themselves by them (Retry-After, Cache-Control). */
export async function apiWithHeaders<T>(path: string, opts: RequestOptions = {}): Promise<{ body: T; headers: Headers }> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  const csrf = sessionCookie.csrfToken();
  const method = opts.method ?? 'GET';
  if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const payload = opts.text ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers,
      body: payload,
      signal: opts.signal,
      cache: opts.cache,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', 'Cannot reach Boxoffice. Check your connection and try again.');
  }
  if (res.status === 204) return { body: undefined as T, headers: res.headers };
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (body as { error?: { code?: ErrorCode; message?: string; details?: unknown } } | null)?.error;
    if (res.status === 401 && csrf) onUnauthenticated?.();
    throw new ApiError(res.status, error?.code ?? 'HTTP_ERROR', error?.message ?? `Request failed (${res.status})`, error?.details);
  }
  return { body: body as T, headers: res.headers };
}

/** Builds `?a=1&b=2`, leaving out empty values. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const qs = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') qs.set(key, String(value));
  }
  const s = qs.toString();
  return s ? `?${s}` : '';
}
