import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { createVenue } from '../../../domain/catalogue/create-venue.js';
import { listVenues } from '../../../domain/catalogue/list-venues.js';
import { updateVenue } from '../../../domain/catalogue/update-venue.js';
import { principalOf, requireRole } from '../../plugins/auth.js';
import { errorReplies, IdParams } from '../../schemas/common.js';
import { VenueReply } from '../catalogue/catalogue.schemas.js';
import { CreateVenueBody, PageQuery, PatchVenueBody, VenueListReply } from './admin.schemas.js';

const admin = { tags: ['admin'], security: [{ bearer: [] }] };
const { 400: e400, 401: e401, 403: e403 } = errorReplies;

export async function adminVenueRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  const organizerOrAdmin = requireRole('organizer', 'admin');

  app.post(
    '/admin/venues',
    {
      preValidation: organizerOrAdmin,
      schema: {
        ...admin,
        summary: 'Create a venue with its sections and seats',
        description:
          'Seated sections list rows front to back; seats are numbered 1..n within a row and laid out side by side for drawing. ' +
          'General-admission sections give a capacity. At most 100 sections and 150,000 places.',
        body: CreateVenueBody,
        response: { 201: VenueReply, 400: e400, 401: e401, 403: e403 },
      },
    },
    async (request, reply) => {
      const venue = await createVenue(deps, principalOf(request), request.body);
      return reply.status(201).send({ venue });
    },
  );

  app.get(
    '/admin/venues',
    {
      preValidation: organizerOrAdmin,
      schema: {
        ...admin,
        summary: 'My venues (all venues for admins), newest first',
        querystring: PageQuery,
        response: { 200: VenueListReply, 400: e400, 401: e401, 403: e403 },
      },
    },
    async (request) => listVenues(deps, principalOf(request), request.query),
  );

  app.patch(
    '/admin/venues/:id',
    {
      preValidation: organizerOrAdmin,
      schema: {
        ...admin,
        summary: 'Change a venue',
        description:
          'Name, address, city, time zone, currency and tax change any time. sections replaces the layout, only while no event at the ' +
          'venue was ever published (else 409 CONFLICT); draft tiers keep sections whose names stay.',
        params: IdParams,
        body: PatchVenueBody,
        response: { 200: VenueReply, ...errorReplies },
      },
    },
    async (request) => ({ venue: await updateVenue(deps, principalOf(request), request.params.id, request.body) }),
  );
}
