import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { getPriceHistory } from '../../../domain/pricing/get-price-history.js';
import { getPricingOverview } from '../../../domain/pricing/get-pricing-overview.js';
import { quoteAdmittedPrices } from '../../../domain/pricing/quote-prices.js';
import { setPricingPolicy } from '../../../domain/pricing/set-pricing-policy.js';
import { pauseDemandPricing, setManualPrice } from '../../../domain/pricing/set-manual-price.js';
import { principalOf, requireAuth, requireRole } from '../../plugins/auth.js';
import { errorReplies, IdParams } from '../../schemas/common.js';
import { QueueTokenHeaders } from '../booking/booking.schemas.js';
import {
  HistoryQuery,
  ManualPriceBody,
  PauseBody,
  PriceHistoryReply,
  PriceQuoteReply,
  PricingOverviewReply,
  PricingPolicyBody,
  PricingPolicyReply,
  TierParams,
} from './pricing.schemas.js';

const admin = { tags: ['admin', 'pricing'], security: [{ bearer: [] }] };

export async function pricingRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  const organizer = requireRole('organizer', 'admin');

  app.get(
    '/events/:id/prices/history',
    {
      config: { anonymous: true },
      schema: {
        tags: ['catalogue', 'pricing'],
        summary: 'Every price change of the event, newest first (time, tier, old, new, reason)',
        params: IdParams,
        querystring: HistoryQuery,
        response: { 200: PriceHistoryReply, ...errorReplies },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'public, max-age=5');
      return { items: await getPriceHistory(deps, request.params.id, request.query.limit) };
    },
  );

  app.post(
    '/events/:id/price-quote',
    {
      preValidation: requireAuth,
      schema: {
        tags: ['waiting room', 'pricing'],
        security: [{ bearer: [] }],
        summary: 'Keep the prices shown at admission for your turn (send the admitted X-Queue-Token)',
        description:
          'On an event with an active waiting room: the current price of every tier, kept for this account until expiresAt (the ' +
          "waiting room's admission window); a hold made meanwhile pays at most that. Asking again returns the same quote. " +
          'Without an active waiting room the reply is empty.',
        params: IdParams,
        headers: QueueTokenHeaders,
        response: { 200: PriceQuoteReply, ...errorReplies },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'private, no-store');
      const quote = await quoteAdmittedPrices(deps, request.params.id, principalOf(request).userId, request.headers['x-queue-token']);
      return { quote };
    },
  );

  app.get(
    '/admin/events/:id/pricing',
    {
      preValidation: organizer,
      schema: {
        ...admin,
        summary: "The event's pricing policy, each tier's base and current price, price history and hourly sales",
        params: IdParams,
        response: { 200: PricingOverviewReply, ...errorReplies },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'private, no-store');
      return { pricing: await getPricingOverview(deps, principalOf(request), request.params.id) };
    },
  );

  app.put(
    '/admin/events/:id/pricing',
    {
      preValidation: organizer,
      schema: {
        ...admin,
        summary: 'Set how the tiers are priced: fixed, or by demand between a floor and a cap',
        description:
          'Each listed tier: floor ≤ base price ≤ cap, all in the event currency; maxStepPercent in (0, 50]; maxChangesPerHour 1..60. ' +
          'Tiers not listed keep their base price. A current price outside new bounds moves inside at once; mode fixed puts every tier ' +
          'back on its base price. Holds already made keep their prices.',
        params: IdParams,
        body: PricingPolicyBody,
        response: { 200: PricingPolicyReply, ...errorReplies },
      },
    },
    async (request) => ({ pricing: await setPricingPolicy(deps, principalOf(request), request.params.id, request.body) }),
  );

  app.post(
    '/admin/events/:id/pricing/pause',
    {
      preValidation: organizer,
      schema: {
        ...admin,
        summary: 'Pause (paused: true) or resume demand pricing at once',
        params: IdParams,
        body: PauseBody,
        response: { 200: PricingPolicyReply, ...errorReplies },
      },
    },
    async (request) => ({ pricing: await pauseDemandPricing(deps, principalOf(request), request.params.id, request.body.paused) }),
  );

  app.put(
    '/admin/events/:id/pricing/tiers/:tierId/price',
    {
      preValidation: organizer,
      schema: {
        ...admin,
        summary: "Set a tier's price by hand, at once (pauses demand pricing)",
        params: TierParams,
        body: ManualPriceBody,
        response: { 200: PricingPolicyReply, ...errorReplies },
      },
    },
    async (request) => ({
      pricing: await setManualPrice(deps, principalOf(request), request.params.id, request.params.tierId, request.body.price),
    }),
  );
}
