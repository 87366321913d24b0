import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A reply ready to send: the JSON text exactly as the route's response schema
 * serializes it, and its ETag. Cached representations make a hit cost no
 * database query, no serialization and no hashing.
 */
export interface Representation {
  etag: string;
  body: string;
}

export type Serialize = (value: unknown) => string;

function etagOf(body: string): string {
  return createHash('sha256').update(body).digest('base64url').slice(0, 22);
}

/** Serializes once; the ETag is the given version, else a hash of the body. */
export function represent(value: unknown, serialize: Serialize, etag?: string): Representation {
  const body = serialize(value);
  return { etag: etag ?? etagOf(body), body };
}

/** The route's own 200 response serializer, so cached bodies are exactly what Fastify would send. */
export function serializerFor(reply: FastifyReply): Serialize {
  const serialize = reply.getSerializationFunction('200') as Serialize | undefined;
  return serialize ?? ((value) => JSON.stringify(value));
}

/**
 * Cache-Control for a CDN in front of the public read routes. Detail and
 * listings: a few seconds fresh, then served stale while one request
 * revalidates (the origin sees one request per key per few seconds however
 * many fans ask). The seat map is a published event's fixed layout.
 * Availability and the waiting room's status are only worth a second.
 */
export const cacheControl = {
  detail: 'public, max-age=5, stale-while-revalidate=30',
  listing: 'public, max-age=5, stale-while-revalidate=30',
  seatMap: 'public, max-age=3600, stale-while-revalidate=86400',
  /** A versioned URL names one content for ever. */
  seatLayout: 'public, max-age=31536000, immutable',
  /** Where the current version is: short, so a republished event is seen within a minute. */
  seatLayoutPointer: 'public, max-age=60',
  availability: 'public, max-age=1',
  queueStatus: 'public, max-age=1',
} as const;

/** True when an If-None-Match header names this version (or is `*`). */
function matchesEtag(header: string | undefined, version: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim().replace(/^W\//, '');
    return t === '*' || t === `"${version}"`;
  });
}

/** The single strong tag in If-None-Match, if that is what was sent. */
export function etagValue(header: string | undefined): string | undefined {
  const match = header ? /^\s*(?:W\/)?"([^"]+)"\s*$/.exec(header) : null;
  return match?.[1];
}

/**
 * Sends a representation: 304 without a body when If-None-Match names it (or
 * when only the ETag is known, `body: null`), else the JSON text as is.
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
