import { watchInventory } from '../../../adapters/pubsub/inventory-signal.js';
import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { getAvailability } from '../../../domain/catalogue/get-availability.js';
import { createPollingFeed, type AvailabilityFeed } from './availability-feed.js';
import { availabilityStreamRoute } from './availability-stream.route.js';

export interface LiveRoutesOptions {
  deps: Deps;
  /**
   * Defaults to reloading a watched event when any instance signals an
   * inventory change (pub/sub), with a poll (config.availabilityPollMs) as the net.
   */
  feed?: AvailabilityFeed;
  heartbeatMs?: number;
}

export async function liveRoutes(app: AppInstance, opts: LiveRoutesOptions): Promise<void> {
  const { deps } = opts;
  const feed =
    opts.feed ??
    createPollingFeed({
      load: (eventId) => getAvailability(deps, eventId),
      intervalMs: deps.config.availabilityPollMs ?? 1000,
      signals: (eventId, onSignal) => watchInventory(deps.pubsub, eventId, onSignal),
      onError: (err, eventId) => deps.logger.warn({ err, eventId }, 'availability poll failed'),
    });
  await app.register(availabilityStreamRoute, { feed, heartbeatMs: opts.heartbeatMs ?? 15_000 });
}
