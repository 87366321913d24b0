import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';

export async function adminRoutes(_app: AppInstance, _opts: { deps: Deps }): Promise<void> {}
