import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { catalogueEventRoutes } from './events.route.js';

export async function catalogueRoutes(app: AppInstance, opts: { deps: Deps }): Promise<void> {
  await app.register(catalogueEventRoutes, opts);
}
