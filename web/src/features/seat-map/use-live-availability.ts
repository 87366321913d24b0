import { useEffect, useRef, useState } from 'react';
import { fetchAvailability } from '../../api/queries.js';
import type { Availability, AvailabilityDelta } from '../../api/types.js';
import { decodeStates } from './seat-map-model.js';

export interface LiveAvailability {
  version: string | null;
  sections: Availability['sections'];
  states: Uint8Array | null;
  /** Each tier's current price (minor units), as the stream last said: demand pricing moves it live. */
  prices: Availability['prices'] | null;
  live: boolean;
}

/**
 * Seat states kept current by the SSE stream: a snapshot on connect, then
 * deltas. A delta that does not follow our version means we missed one, so we
 * refetch the full state. This stays outside the query cache on purpose: the
 * stream, not a refetch, decides when the data changes, and each delta patches
 * the previous state in order (a version chain), which a cache of replies
 * would only copy around.
 */
export function useLiveAvailability(eventId: string, seatCount: number): LiveAvailability {
  const [state, setState] = useState<LiveAvailability>({ version: null, sections: {}, states: null, prices: null, live: false });
  const current = useRef<LiveAvailability>(state);

  useEffect(() => {
    let closed = false;
    const set = (next: LiveAvailability) => {
      current.current = next;
      if (!closed) setState(next);
    };
    const applySnapshot = (a: Availability, live: boolean) =>
      set({ version: a.version, sections: a.sections, states: decodeStates(a.seats.data, seatCount), prices: a.prices, live });
    const refetch = () =>
      fetchAvailability(eventId).then(
        (a) => applySnapshot(a, current.current.live),
        () => undefined,
      );

    void refetch();
    const source = new EventSource(`/api/v1/events/${eventId}/availability/stream`);
    source.addEventListener('open', () => set({ ...current.current, live: true }));
    source.addEventListener('error', () => set({ ...current.current, live: false }));
    source.addEventListener('snapshot', (e) => applySnapshot(JSON.parse((e as MessageEvent<string>).data) as Availability, true));
    source.addEventListener('delta', (e) => {
      const delta = JSON.parse((e as MessageEvent<string>).data) as AvailabilityDelta;
      const prev = current.current;
      if (!prev.states || prev.version !== delta.from) return void refetch();
      const states = prev.states.slice();
      for (const [index, s] of delta.changes) if (index < states.length) states[index] = s;
      set({ version: delta.version, sections: delta.sections, states, prices: delta.prices, live: true });
    });
    return () => {
      closed = true;
      source.close();
    };
  }, [eventId, seatCount]);

  return state;
}
