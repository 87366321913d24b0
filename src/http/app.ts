import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import compress from '@fastify/compress';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Deps } from '../context.js';
import { closeAdapters } from '../adapters/kv/adapters.js';
import { authPlugin } from './plugins/auth.js';
import { clientErrorReply, frameworkErrorReply, registerErrorHandling } from './plugins/errors.js';
import { registerOpenApi } from './plugins/openapi.js';
import { registerSecurityHeaders } from './plugins/security-headers.js';
import { registerMetrics } from './plugins/metrics.js';
import { registerRequestLog } from './plugins/request-log.js';
import { registerRateLimit } from './plugins/rate-limit.js';
import { registerValidation } from './plugins/validation.js';
import { registerHostileInputGuard } from './plugins/hostile-input.js';
import { healthRoutes } from './routes/health/health.route.js';
import { accountRoutes } from './routes/accounts/index.js';
import { catalogueRoutes } from './routes/catalogue/index.js';
import { adminRoutes } from './routes/admin/index.js';
import { searchRoutes } from './routes/search/index.js';
import { bookingRoutes } from './routes/booking/index.js';
import { checkinAllRoutes } from './routes/checkin/index.js';
import { registerWeb } from './plugins/web.js';
import { liveRoutes } from './routes/live/index.js';
import { queueRoutes } from './routes/queue/index.js';
import { transferRoutes } from './routes/transfers/transfers.route.js';
import { waitingListRoutes } from './routes/waiting-list/waiting-list.route.js';
import { webhookRoutes } from './routes/webhooks/webhooks.route.js';
import { pricingRouteGroup } from './routes/pricing/index.js';

export type AppInstance = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface BuildOptions {
  /** pino logger options, or false to stay quiet (tests). */
  logger?: boolean | object;
  /** Folder of the built SPA served at `/` (default web/dist, when built); false serves none. */
  webRoot?: string | false;
}

/** Builds the whole API without listening, so tests can `inject` or listen on any port. */
export async function buildApp(deps: Deps, opts: BuildOptions = {}): Promise<AppInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    // Sampled, one line per request: src/http/plugins/request-log.ts.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: deps.config.trustProxy,
    bodyLimit: 1_048_576,
    frameworkErrors: frameworkErrorReply,
    clientErrorHandler: clientErrorReply,
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Redis connections (cache, pub/sub) belong to the app's lifetime.
  app.addHook('onClose', () => closeAdapters(deps));
  // A keep-alive connection would hold a closing server open until its timeout (Fastify's is 72 s). Node reads
  // keepAliveTimeout as each response finishes, so once closing, a connection ends as soon as its response is sent.
  app.addHook('preClose', async () => {
    app.server.keepAliveTimeout = 1;
  });
  registerValidation(app);
  registerErrorHandling(app);
  registerHostileInputGuard(app);
  registerRequestLog(app, deps.config);
  // gzip only: brotli's CPU cost is better spent on the booking path; a 50,000-seat
  // seat map shrinks from ~5 MB to a few hundred KB. The SSE stream writes raw and is untouched.
  await app.register(compress, { global: true, threshold: 1024, encodings: ['gzip', 'deflate'] });
  await registerSecurityHeaders(app, { stripe: deps.config.stripe !== undefined });
  await registerOpenApi(app);
  await app.register(authPlugin, { deps });
  await registerRateLimit(app, deps);
  await registerMetrics(app, deps);

  await app.register(healthRoutes, { deps });
  await app.register(
    async (api) => {
      await api.register(accountRoutes, { deps });
      await api.register(catalogueRoutes, { deps });
      await api.register(searchRoutes, { deps });
      await api.register(adminRoutes, { deps });
      await api.register(bookingRoutes, { deps });
      await api.register(liveRoutes, { deps });
      await api.register(queueRoutes, { deps });
      await api.register(pricingRouteGroup, { deps });
      await api.register(checkinAllRoutes, { deps });
      await api.register(transferRoutes, { deps });
      await api.register(waitingListRoutes, { deps });
      await api.register(webhookRoutes, { deps });
    },
    { prefix: '/api/v1' },
  );
  if (opts.webRoot !== false) await registerWeb(app, opts.webRoot);
  return app;
}
