import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { getVenue } from '../../../domain/catalogue/get-venue.js';
import { Type } from 'typebox';
import { seatLayoutVersion } from '../../../domain/catalogue/get-seat-layout.js';
import {
  availabilityRepresentation,
  eventRepresentation,
  seatLayoutRepresentation,
  seatMapRepresentation,
} from '../../cache/catalogue-reads.js';
import { cacheControl, etagValue, sendRepresentation, serializerFor } from '../../cache/representation.js';
import { errorReplies, IdParams } from '../../schemas/common.js';
import {
  AvailabilitySchema,
  EventSchema,
  IfNoneMatchHeaders,
  NotModified,
  SeatLayoutParams,
  SeatLayoutSchema,
  SeatMapSchema,
  VenueReply,
} from './catalogue.schemas.js';

const tags = ['catalogue'];
const { 400: e400, 404: e404 } = errorReplies;

const availabilityDescription = `Every place's state now, for drawing the seat map.

- \`sections\`: for every priced section (seated and general admission), free and total places.
- \`seats.data\`: base64 of 2 bits per seat of the **seated** sections, in seat-map order, i.e. exactly the order of
  the seats in \`GET /events/{id}/seatmap\` (sections in order, then each section's \`seats\` array in order).
  Seat *i* is in byte \`i >> 2\` at bits \`6 - 2 * (i & 3)\` (first seat in the two most significant bits):
  \`0\` available, \`1\` held, \`2\` sold. Unused bits of the last byte are 0. A 50,000-seat stadium is 12,500 bytes.
- A seat whose hold has expired is available at once (this reply is at most one second old: each instance shares one copy per second).
- \`version\` is a hash of the content; it is also the \`ETag\`, so \`If-None-Match\` answers 304 when nothing changed.
  Cacheable for one second.`;

export async function catalogueEventRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  app.get(
    '/events/:id',
    {
      config: { anonymous: true },
      schema: {
        tags,
        summary: 'A listed event',
        description: 'Cacheable for a few seconds (CDN: stale-while-revalidate); ETag/If-None-Match supported.',
        params: IdParams,
        headers: IfNoneMatchHeaders,
        response: { 200: EventSchema, 304: NotModified, 400: e400, 404: e404 },
      },
    },
    async (request, reply) => {
      const rep = await eventRepresentation(deps, request.params.id, serializerFor(reply));
      return sendRepresentation(request, reply, rep, cacheControl.detail);
    },
  );

  app.get(
    '/events/:id/seatmap',
    {
      config: { anonymous: true },
      schema: {
        tags,
        summary: 'Static layout of the priced sections',
        description:
          'Seats in seat-map order (section, row front to back, number); GA sections have no seats. Long-cacheable; ETag/If-None-Match supported.',
        params: IdParams,
        headers: IfNoneMatchHeaders,
        response: { 200: SeatMapSchema, 304: NotModified, 400: e400, 404: e404 },
      },
    },
    async (request, reply) => {
      const rep = await seatMapRepresentation(deps, request.params.id, serializerFor(reply), {
        unlessVersion: etagValue(request.headers['if-none-match']),
      });
      return sendRepresentation(request, reply, rep, cacheControl.seatMap);
    },
  );

  app.get(
    '/events/:id/seat-layout',
    {
      config: { anonymous: true },
      schema: {
        tags,
        summary: 'Where the current compact seat layout is',
        description:
          'Redirects (307) to `/events/{id}/seat-layout/{version}`, the immutable URL of the current layout. Cacheable for a minute.',
        params: IdParams,
        response: { 307: Type.Null({ description: 'Location: the versioned layout' }), 400: e400, 404: e404 },
      },
    },
    async (request, reply) => {
      const version = await seatLayoutVersion(deps, request.params.id);
      // Relative, so it holds under any prefix the API is mounted at.
      return reply.header('cache-control', cacheControl.seatLayoutPointer).redirect(`seat-layout/${version}`, 307);
    },
  );

  app.get(
    '/events/:id/seat-layout/:version',
    {
      config: { anonymous: true },
      schema: {
        tags,
        summary: 'The seat map as rows and ranges (compact, immutable)',
        description:
          'The same seats, in the same seat-map order, as `GET /events/{id}/seatmap`, encoded by rows: about 2 % of its bytes for a stadium. The URL names one version for ever (`Cache-Control: immutable`); another version than the current one is 404. ETag/If-None-Match supported.',
        params: SeatLayoutParams,
        headers: IfNoneMatchHeaders,
        response: { 200: SeatLayoutSchema, 304: NotModified, 400: e400, 404: e404 },
      },
    },
    async (request, reply) => {
      const rep = await seatLayoutRepresentation(deps, request.params.id, request.params.version, serializerFor(reply));
      return sendRepresentation(request, reply, rep, cacheControl.seatLayout);
    },
  );

  app.get(
    '/events/:id/availability',
    {
      config: { anonymous: true },
      schema: {
        tags,
        summary: 'Seat and section availability (compact)',
        description: availabilityDescription,
        params: IdParams,
        headers: IfNoneMatchHeaders,
        response: { 200: AvailabilitySchema, 304: NotModified, 400: e400, 404: e404 },
      },
    },
    async (request, reply) => {
      const rep = await availabilityRepresentation(deps, request.params.id, serializerFor(reply));
      return sendRepresentation(request, reply, rep, cacheControl.availability);
    },
  );

  app.get(
    '/venues/:id',
    {
      config: { anonymous: true },
      schema: { tags, summary: 'A venue and its sections', params: IdParams, response: { 200: VenueReply, 400: e400, 404: e404 } },
    },
    async (request) => ({ venue: await getVenue(deps, request.params.id) }),
  );
}
