import { useCallback, useEffect, useState } from 'react';
import { ApiError, api } from '../api/client.js';

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload(): void;
}

/** GETs `path` (null: nothing yet) and re-fetches when it changes. */
export function useApi<T>(path: string | null, opts: { fresh?: boolean } = {}): Loaded<T> {
  const cache = opts.fresh ? 'no-cache' : undefined;
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean }>({
    data: null,
    error: null,
    loading: path !== null,
  });
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    if (path === null) return;
    const ctl = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    api<T>(path, { signal: ctl.signal, cache }).then(
      (data) => setState({ data, error: null, loading: false }),
      (err: unknown) => {
        if (ctl.signal.aborted) return;
        const error = err instanceof ApiError ? err : new ApiError(0, 'UNKNOWN', String(err));
        setState({ data: null, error, loading: false });
      },
    );
    return () => ctl.abort();
  }, [path, nonce, cache]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { ...state, reload };
}
