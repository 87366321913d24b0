import type { QueryClient } from '@tanstack/react-query';
import { eventQuery, queueStatusQuery, seatMapQuery } from './api/queries.js';
import { isSelling } from './features/event/selling.js';

const eventPath = /^\/events\/([0-9a-f-]{36})\/?$/i;

/**
 * A visit that opens on an event page (a shared link, the on-sale's usual
 * entry) starts the page's code and its two reads as the app boots, beside each
 * other. Left to the page, they start only once its chunk has loaded and
 * rendered, one after the other: in the seat-map timing test that was half of
 * the time to interactive.
 */
export function prefetchEntry(client: QueryClient, pathname: string): Promise<unknown> {
  const id = eventPath.exec(pathname)?.[1];
  if (!id) return Promise.resolve();
  // The waiting room's status decides whether the page shows the map or sends the fan to the line; it exists
  // only for an event on sale or about to be, so it follows the event's own answer.
  void client
    .fetchQuery(eventQuery(id))
    .then((event) => (isSelling(event) ? client.prefetchQuery(queueStatusQuery(id)) : undefined))
    .catch(() => undefined);
  void client.prefetchQuery(seatMapQuery(id));
  // The same module promise React.lazy awaits for the route: the first render, waiting for it, does not suspend
  // (React reveals suspended content no sooner than 300 ms after its fallback, which the timing test showed).
  return import('./features/event/event-page.js').catch(() => undefined);
}

/** Resolves when `entry` has, or after `ms` at most: a slow chunk never holds back the first render for long. */
export function withinMs(entry: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([entry, new Promise((resolve) => setTimeout(resolve, ms))]);
}
