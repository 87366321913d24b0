import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { pricingRoutes } from './pricing.route.js';

export async function pricingRouteGroup(app: AppInstance, opts: { deps: Deps }): Promise<void> {
  await app.register(pricingRoutes, opts);
}
