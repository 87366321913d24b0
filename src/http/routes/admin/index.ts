import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { accessCodeRoutes } from './access-codes.route.js';
import { adminAuditRoutes } from './audit.route.js';
import { doorRoutes } from './door.route.js';
import { adminEventRoutes } from './events.route.js';
import { adminVenueRoutes } from './venues.route.js';

export async function adminRoutes(app: AppInstance, opts: { deps: Deps }): Promise<void> {
  await app.register(adminVenueRoutes, opts);
  await app.register(adminEventRoutes, opts);
  await app.register(doorRoutes, opts);
  await app.register(adminAuditRoutes, opts);
  await app.register(accessCodeRoutes, opts);
}
