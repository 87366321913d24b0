import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { checkinRoutes } from './checkin.route.js';
import { doorAdminRoutes } from './door-admin.route.js';

export async function checkinAllRoutes(app: AppInstance, opts: { deps: Deps }): Promise<void> {
  await app.register(checkinRoutes, opts);
  await app.register(doorAdminRoutes, opts);
}
