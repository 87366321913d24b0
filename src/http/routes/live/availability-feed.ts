import type { Availability } from '../../../domain/catalogue/catalogue.types.js';
import { seatChanges, type SeatChange } from './availability-delta.js';

/** What a watcher of one event's seat map is told. */
export type AvailabilityUpdate =
  | { kind: 'snapshot'; availability: Availability }
  | { kind: 'delta'; from: string; version: string; sections: Availability['sections']; changes: SeatChange[] };

export type AvailabilityListener = (update: AvailabilityUpdate) => void;

/**
 * Fan-out of availability changes to everyone watching an event. The embedded
 * implementation polls; issue 5 replaces it with Redis pub/sub behind this
 * same interface, so the SSE route does not change.
 */
export interface AvailabilityFeed {
  /**
   * Resolves once the listener has been given a snapshot; rejects (and keeps
   * nothing) when the event's availability cannot be loaded, e.g. unknown id.
   */
  subscribe(eventId: string, listener: AvailabilityListener): Promise<() => void>;
  /** Events currently polled: one poller per event however many watch it. */
  watchedEvents(): number;
  close(): void;
}

export interface PollingFeedOptions {
  load: (eventId: string) => Promise<Availability>;
  intervalMs?: number;
  onError?: (err: unknown, eventId: string) => void;
  /** Above this many changed seats a full snapshot is cheaper than a delta. */
  maxDeltaChanges?: number;
}

interface Watch {
  listeners: Set<AvailabilityListener>;
  last: Availability | null;
  ready: Promise<void>;
  timer: NodeJS.Timeout | null;
  stopped: boolean;
}

export function createPollingFeed(opts: PollingFeedOptions): AvailabilityFeed {
  const intervalMs = opts.intervalMs ?? 1000;
  const maxDeltaChanges = opts.maxDeltaChanges ?? 4000;
  const watches = new Map<string, Watch>();

  const stop = (eventId: string, watch: Watch): void => {
    watch.stopped = true;
    if (watch.timer) clearTimeout(watch.timer);
    if (watches.get(eventId) === watch) watches.delete(eventId);
  };

  const publish = (watch: Watch, next: Availability): void => {
    const previous = watch.last;
    watch.last = next;
    if (!previous || previous.version === next.version) return;
    const changes = seatChanges(previous.seats.data, next.seats.data, maxDeltaChanges);
    const update: AvailabilityUpdate = changes
      ? { kind: 'delta', from: previous.version, version: next.version, sections: next.sections, changes }
      : { kind: 'snapshot', availability: next };
    for (const listener of watch.listeners) listener(update);
  };

  // A chain of timeouts rather than an interval: a slow query never overlaps the next.
  const schedule = (eventId: string, watch: Watch): void => {
    watch.timer = setTimeout(() => {
      opts.load(eventId).then(
        (next) => {
          if (!watch.stopped) publish(watch, next);
        },
        (err: unknown) => opts.onError?.(err, eventId),
      ).finally(() => {
        if (!watch.stopped) schedule(eventId, watch);
      });
    }, intervalMs);
    watch.timer.unref();
  };

  const startWatch = (eventId: string): Watch => {
    const watch: Watch = { listeners: new Set(), last: null, ready: Promise.resolve(), timer: null, stopped: false };
    watch.ready = opts.load(eventId).then((first) => {
      watch.last = first;
      if (!watch.stopped) schedule(eventId, watch);
    });
    watches.set(eventId, watch);
    return watch;
  };

  return {
    async subscribe(eventId, listener) {
      const watch = watches.get(eventId) ?? startWatch(eventId);
      try {
        await watch.ready;
      } catch (err) {
        if (watch.listeners.size === 0) stop(eventId, watch);
        throw err;
      }
      // The last watcher left while this one waited: start over on a fresh poller.
      if (watch.stopped) return this.subscribe(eventId, listener);
      if (!watch.last) throw new Error('availability not loaded');
      watch.listeners.add(listener);
      listener({ kind: 'snapshot', availability: watch.last });
      return () => {
        watch.listeners.delete(listener);
        if (watch.listeners.size === 0) stop(eventId, watch);
      };
    },
    watchedEvents: () => watches.size,
    close() {
      for (const [eventId, watch] of [...watches]) stop(eventId, watch);
    },
  };
}
