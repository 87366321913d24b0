import type { Availability } from '../../../domain/catalogue/catalogue.types.js';
import { seatChanges, type SeatChange } from './availability-delta.js';

/** What a watcher of one event's seat map is told. */
export type AvailabilityUpdate =
  | { kind: 'snapshot'; availability: Availability }
  | {
      kind: 'delta';
      from: string;
      version: string;
      sections: Availability['sections'];
      prices: Availability['prices'];
      changes: SeatChange[];
    };

export type AvailabilityListener = (update: AvailabilityUpdate) => void;

/**
 * Fan-out of availability changes to everyone watching an event. Each
 * instance reloads a watched event when an inventory signal arrives (pub/sub:
 * in-process, or Redis across instances) and polls as the safety net for
 * signals that were lost; the SSE route does not know which.
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
  /**
   * Subscribes to "this event's seats changed" hints while the event is
   * watched; each hint reloads at once instead of at the next poll.
   */
  signals?: (eventId: string, onSignal: () => void) => Promise<() => Promise<void>>;
  /**
   * Least time between two loads of one event, so a burst of thousands of
   * holds a second costs a few loads a second per instance, not thousands.
   */
  minReloadMs?: number;
}

interface Watch {
  listeners: Set<AvailabilityListener>;
  last: Availability | null;
  ready: Promise<void>;
  timer: NodeJS.Timeout | null;
  stopped: boolean;
  loading: boolean;
  /** A signal arrived during a load: load once more straight after. */
  again: boolean;
  lastLoadAt: number;
  unsignal: (() => Promise<void>) | null;
}

export function createPollingFeed(opts: PollingFeedOptions): AvailabilityFeed {
  const intervalMs = opts.intervalMs ?? 1000;
  const maxDeltaChanges = opts.maxDeltaChanges ?? 4000;
  const minReloadMs = opts.minReloadMs ?? 100;
  const watches = new Map<string, Watch>();

  const stop = (eventId: string, watch: Watch): void => {
    watch.stopped = true;
    if (watch.timer) clearTimeout(watch.timer);
    void watch.unsignal?.().catch(() => undefined);
    watch.unsignal = null;
    if (watches.get(eventId) === watch) watches.delete(eventId);
  };

  const publish = (watch: Watch, next: Availability): void => {
    const previous = watch.last;
    watch.last = next;
    if (!previous || previous.version === next.version) return;
    const changes = seatChanges(previous.seats.data, next.seats.data, maxDeltaChanges);
    const update: AvailabilityUpdate = changes
      ? { kind: 'delta', from: previous.version, version: next.version, sections: next.sections, prices: next.prices, changes }
      : { kind: 'snapshot', availability: next };
    for (const listener of watch.listeners) listener(update);
  };

  // A chain of timeouts rather than an interval: a slow query never overlaps the next.
  const reload = (eventId: string, watch: Watch): void => {
    if (watch.stopped) return;
    if (watch.timer) clearTimeout(watch.timer);
    watch.timer = null;
    watch.loading = true;
    watch.lastLoadAt = Date.now();
    opts
      .load(eventId)
      .then(
        (next) => {
          if (!watch.stopped) publish(watch, next);
        },
        (err: unknown) => opts.onError?.(err, eventId),
      )
      .finally(() => {
        watch.loading = false;
        if (watch.stopped) return;
        if (watch.again) {
          watch.again = false;
          schedule(eventId, watch, Math.max(0, watch.lastLoadAt + minReloadMs - Date.now()));
        } else {
          schedule(eventId, watch, intervalMs);
        }
      });
  };

  const schedule = (eventId: string, watch: Watch, delayMs: number): void => {
    if (watch.timer) clearTimeout(watch.timer);
    watch.timer = setTimeout(() => reload(eventId, watch), delayMs);
    watch.timer.unref();
  };

  // Signals only bring the next load forward; bursts collapse into one load per minReloadMs.
  const signal = (eventId: string, watch: Watch): void => {
    if (watch.stopped) return;
    if (watch.loading || !watch.last) {
      watch.again = true;
      return;
    }
    schedule(eventId, watch, Math.max(0, watch.lastLoadAt + minReloadMs - Date.now()));
  };

  const startWatch = (eventId: string): Watch => {
    const watch: Watch = {
      listeners: new Set(),
      last: null,
      ready: Promise.resolve(),
      timer: null,
      stopped: false,
      loading: false,
      again: false,
      lastLoadAt: Date.now(),
      unsignal: null,
    };
    // Subscribe before the first load: a change committed in between is then not missed.
    const subscribed = opts.signals
      ? opts
          .signals(eventId, () => signal(eventId, watch))
          .then(
            (unsignal) => {
              if (watch.stopped) void unsignal().catch(() => undefined);
              else watch.unsignal = unsignal;
            },
            (err: unknown) => opts.onError?.(err, eventId),
          )
      : Promise.resolve();
    watch.ready = subscribed
      .then(() => opts.load(eventId))
      .then((first) => {
        watch.last = first;
        watch.lastLoadAt = Date.now();
        if (!watch.stopped) schedule(eventId, watch, watch.again ? minReloadMs : intervalMs);
        watch.again = false;
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
