import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { adminUserRoutes } from './admin-users.route.js';
import { authRoutes } from './auth.route.js';
import { meRoutes } from './me.route.js';
import { privacyRoutes } from './privacy.route.js';
import { profileRoutes } from './profile.route.js';
import { totpRoutes } from './totp.route.js';

export async function accountRoutes(app: AppInstance, opts: { deps: Deps }): Promise<void> {
  await app.register(authRoutes, opts);
  await app.register(meRoutes, opts);
  await app.register(privacyRoutes, opts);
  await app.register(profileRoutes, opts);
  await app.register(totpRoutes, opts);
  await app.register(adminUserRoutes, opts);
}
