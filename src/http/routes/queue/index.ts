import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { queueRoutes as routes } from './queue.route.js';

export async function queueRoutes(app: AppInstance, opts: { deps: Deps }): Promise<void> {
  await app.register(routes, opts);
}
