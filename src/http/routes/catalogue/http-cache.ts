import type { FastifyReply, FastifyRequest } from 'fastify';
import { matchesEtag } from './catalogue.schemas.js';

/**
 * Cache-Control for a CDN in front of the public read routes. Detail and
 * listings: a few seconds fresh, then served stale while one request
 * revalidates (the origin sees one request per key per few seconds however
 * many fans ask). The seat map is a published event's fixed layout. Availability
 * is only worth a second.
 */
export const cacheControl = {
  detail: 'public, max-age=5, stale-while-revalidate=30',
  listing: 'public, max-age=5, stale-while-revalidate=30',
  seatMap: 'public, max-age=3600, stale-while-revalidate=86400',
  availability: 'public, max-age=1',
} as const;

/** The route's own 200 response serializer, so cached bodies are exactly what Fastify would send. */
export function serializerFor(reply: FastifyReply): (value: unknown) => string {
  const serialize = reply.getSerializationFunction('200') as ((value: unknown) => string) | undefined;
  return serialize ?? ((value) => JSON.stringify(value));
}

/**
 * Sends a cached representation: 304 without a body when If-None-Match names
 * it (or when only the ETag is known, `body: null`), else the JSON text as is.
 */
export function sendRepresentation(
  request: FastifyRequest,
  reply: FastifyReply,
  rep: { etag: string; body: string | Buffer | null },
  cacheControlValue: string,
): FastifyReply {
  reply.header('cache-control', cacheControlValue).header('etag', `"${rep.etag}"`);
  // No payload at all: a serialized `null` would announce Content-Length: 4 on a 304, which clients wait for.
  if (rep.body === null || matchesEtag(request.headers['if-none-match'], rep.etag)) return reply.status(304).send();
  return reply.type('application/json; charset=utf-8').send(rep.body);
}
