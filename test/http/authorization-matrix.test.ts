import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDeliveries } from '../../src/db/repositories/webhooks.repository.js';
import { createAccessCode } from '../../src/domain/access-codes/create-access-codes.js';
import { createEvent } from '../../src/domain/catalogue/create-event.js';
import { createWebhookSubscription } from '../../src/domain/webhooks/create-webhook-subscription.js';
import { createPublishedEvent, type PublishedEvent } from '../factories/catalogue.js';
import { createUser, type TestUser } from '../factories/users.js';
import { checkout, hold } from '../support/booking-helpers.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Every route × every kind of caller, allowed or denied as intended. A route
 * added without a row here fails the first test, so nobody ships an endpoint
 * whose access rule was never decided.
 */

const actors = ['anonymous', 'customer', 'otherCustomer', 'organizer', 'otherOrganizer', 'scanner', 'admin'] as const;
type Actor = (typeof actors)[number];

/** What one test world holds: the customer owns a paid order and a live hold, the organizer owns the events. */
interface World {
  users: Record<Exclude<Actor, 'anonymous'>, TestUser>;
  paidEvent: PublishedEvent;
  heldEvent: PublishedEvent;
  draftId: string;
  orderId: string;
  holdId: string;
  ticketId: string;
  ticketSerial: string;
  /** The customer's second ticket, offered to otherCustomer (who confirmed their address). */
  transferId: string;
  /** Where `GET /events/:id/seat-layout` sends the client: the immutable, versioned layout. */
  layoutUrl: string;
  /** The organizer's webhook subscription and one delivery of it (to a closed port). */
  webhookId: string;
  webhookDeliveryId: string;
  /** An access code of heldEvent (migration 0029). */
  accessCodeId: string;
}

interface Request {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  payload?: object;
  /** A raw body (with its content-type in headers), e.g. a CSV upload. */
  body?: string;
  headers?: Record<string, string>;
  /** Event streams never end: read the status, then hang up. */
  stream?: boolean;
}

interface Row {
  /** Who may. Everyone else is refused: 401 when anonymous, 403 or 404 when signed in. */
  allowed: readonly Actor[] | 'everyone';
  request(w: World): Request;
  /** The request changes what the row is about (erasure, sign-out, removal): each caller gets a world of its own. */
  destructive?: boolean;
  /** 401 is this route's answer to the request itself (a wrong password), not a refusal of the caller. */
  unauthorisedIsAnswer?: boolean;
  /** 403 is this route's answer to the request itself (a waiting-room token), alike for everyone. */
  forbiddenIsAnswer?: boolean;
  /** 404 is this route's answer to the request itself, alike for everyone. */
  notFoundIsAnswer?: boolean;
}

const signedIn = actors.filter((a) => a !== 'anonymous');
const organizers: Actor[] = ['organizer', 'otherOrganizer', 'admin'];
const eventOwner: Actor[] = ['organizer', 'admin'];
const orderOwner: Actor[] = ['customer', 'admin'];

const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const venueBody = {
  name: 'Matrix Hall',
  city: 'Vienna',
  address: 'Ring 1',
  timezone: 'Europe/Vienna',
  sections: [{ name: 'Main', kind: 'ga', capacity: 5 }],
};

/** Keyed by `METHOD /path` exactly as the OpenAPI document spells it. */
const matrix: Record<string, Row> = {
  // Public catalogue, search and queue status: the on-sale's cacheable reads.
  'GET /api/v1/events': { allowed: 'everyone', request: () => ({ method: 'GET', url: '/api/v1/events?q=test' }) },
  'GET /api/v1/events/{id}': { allowed: 'everyone', request: (w) => ({ method: 'GET', url: `/api/v1/events/${w.paidEvent.eventId}` }) },
  'GET /api/v1/events/{id}/seatmap': {
    allowed: 'everyone',
    request: (w) => ({ method: 'GET', url: `/api/v1/events/${w.paidEvent.eventId}/seatmap` }),
  },
  'GET /api/v1/events/{id}/seat-layout': {
    allowed: 'everyone',
    request: (w) => ({ method: 'GET', url: `/api/v1/events/${w.paidEvent.eventId}/seat-layout` }),
  },
  'GET /api/v1/events/{id}/seat-layout/{version}': {
    allowed: 'everyone',
    request: (w) => ({ method: 'GET', url: w.layoutUrl }),
  },
  'GET /api/v1/events/{id}/availability': {
    allowed: 'everyone',
    request: (w) => ({ method: 'GET', url: `/api/v1/events/${w.paidEvent.eventId}/availability` }),
  },
  'GET /api/v1/events/{id}/availability/stream': {
    allowed: 'everyone',
    request: (w) => ({ method: 'GET', url: `/api/v1/events/${w.paidEvent.eventId}/availability/stream`, stream: true }),
  },
  'GET /api/v1/events/{id}/queue/status': {
    allowed: 'everyone',
    request: (w) => ({ method: 'GET', url: `/api/v1/events/${w.paidEvent.eventId}/queue/status` }),
  },
  'GET /api/v1/venues/{id}': { allowed: 'everyone', request: (w) => ({ method: 'GET', url: `/api/v1/venues/${w.paidEvent.venueId}` }) },
  'GET /healthz': { allowed: 'everyone', request: () => ({ method: 'GET', url: '/healthz' }) },
  // Loopback scrapers need no token when METRICS_TOKEN is unset (as here); test/observability checks the token.
  'GET /metrics': { allowed: 'everyone', request: () => ({ method: 'GET', url: '/metrics' }) },
  'GET /readyz': { allowed: 'everyone', request: () => ({ method: 'GET', url: '/readyz' }) },

  // Signing up and in need no account.
  'POST /api/v1/auth/register': {
    allowed: 'everyone',
    request: () => ({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: {
        email: `matrix-${Math.random().toString(36).slice(2)}@test.boxoffice`,
        password: 'correct horse battery staple 42',
        name: 'M',
      },
    }),
  },
  'POST /api/v1/auth/login': {
    allowed: 'everyone',
    unauthorisedIsAnswer: true,
    // A wrong password is 401 for anyone; the row checks a signed-in caller is not treated differently.
    request: () => ({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nobody@test.boxoffice', password: 'x'.repeat(12) } }),
  },
  // The provider's webhook is authenticated by its signature, never by a session.
  'POST /api/v1/payments/webhook': {
    allowed: 'everyone',
    request: () => ({ method: 'POST', url: '/api/v1/payments/webhook', payload: { type: 'payment.captured' } }),
  },

  // The caller's own account.
  'GET /api/v1/me': { allowed: signedIn, request: () => ({ method: 'GET', url: '/api/v1/me' }) },
  'GET /api/v1/me/export': { allowed: signedIn, request: () => ({ method: 'GET', url: '/api/v1/me/export' }) },
  'GET /api/v1/me/sessions': { allowed: signedIn, request: () => ({ method: 'GET', url: '/api/v1/me/sessions' }) },
  'GET /api/v1/me/holds': { allowed: signedIn, request: () => ({ method: 'GET', url: '/api/v1/me/holds' }) },
  'GET /api/v1/me/orders': { allowed: signedIn, request: () => ({ method: 'GET', url: '/api/v1/me/orders' }) },
  'POST /api/v1/me/password': {
    allowed: signedIn,
    destructive: true,
    request: () => ({
      method: 'POST',
      url: '/api/v1/me/password',
      payload: { currentPassword: 'not-the-password', newPassword: 'correct horse battery staple 42' },
    }),
  },
  // An address that is not the caller's: a signed-in caller gets 400 (the confirmation), nobody is erased by mistake.
  'DELETE /api/v1/me': {
    allowed: signedIn,
    destructive: true,
    request: () => ({ method: 'DELETE', url: '/api/v1/me', payload: { email: 'not-the-owner@test.boxoffice' } }),
  },
  'GET /api/v1/me/erasure-preview': { allowed: signedIn, request: () => ({ method: 'GET', url: '/api/v1/me/erasure-preview' }) },
  'GET /api/v1/me/consents': { allowed: signedIn, request: () => ({ method: 'GET', url: '/api/v1/me/consents' }) },
  'PUT /api/v1/me/consents/{purpose}': {
    allowed: signedIn,
    request: () => ({ method: 'PUT', url: '/api/v1/me/consents/marketing', payload: { granted: true } }),
  },
  'GET /api/v1/admin/audit': { allowed: ['admin'], request: (w) => ({ method: 'GET', url: `/api/v1/admin/audit?subjectId=${w.orderId}` }) },
  'POST /api/v1/auth/logout': { allowed: signedIn, destructive: true, request: () => ({ method: 'POST', url: '/api/v1/auth/logout' }) },

  // Buying: any account may hold seats and queue; a hold and an order belong to their buyer.
  'POST /api/v1/events/{id}/holds': {
    allowed: signedIn,
    destructive: true,
    request: (w) => ({
      method: 'POST',
      url: `/api/v1/events/${w.paidEvent.eventId}/holds`,
      payload: { sectionId: w.paidEvent.seatedSectionId, quantity: 1 },
    }),
  },
  'POST /api/v1/events/{id}/queue': {
    allowed: signedIn,
    request: (w) => ({ method: 'POST', url: `/api/v1/events/${w.paidEvent.eventId}/queue` }),
  },
  'DELETE /api/v1/holds/{id}': {
    allowed: ['customer'],
    destructive: true,
    request: (w) => ({ method: 'DELETE', url: `/api/v1/holds/${w.holdId}` }),
  },
  'POST /api/v1/holds/{id}/checkout': {
    allowed: ['customer'],
    destructive: true,
    request: (w) => ({
      method: 'POST',
      url: `/api/v1/holds/${w.holdId}/checkout`,
      headers: { 'idempotency-key': `matrix-${w.holdId}` },
      payload: { payment: { method: 'card', token: 'tok_visa' } },
    }),
  },
  'GET /api/v1/orders/{id}': { allowed: orderOwner, request: (w) => ({ method: 'GET', url: `/api/v1/orders/${w.orderId}` }) },
  'POST /api/v1/orders/{id}/cancel': {
    // Admins cancel on a buyer's behalf (support); the refund goes to the buyer's card.
    allowed: orderOwner,
    destructive: true,
    request: (w) => ({ method: 'POST', url: `/api/v1/orders/${w.orderId}/cancel` }),
  },

  // Organizing: any organizer creates and lists their own; an event is managed by its organizer and admins.
  'GET /api/v1/admin/venues': { allowed: organizers, request: () => ({ method: 'GET', url: '/api/v1/admin/venues' }) },
  'POST /api/v1/admin/venues': {
    allowed: organizers,
    request: () => ({ method: 'POST', url: '/api/v1/admin/venues', payload: venueBody }),
  },
  'GET /api/v1/admin/events': { allowed: organizers, request: () => ({ method: 'GET', url: '/api/v1/admin/events' }) },
  'POST /api/v1/admin/events': {
    // Venues are shared like arenas rented by many promoters: another organizer may put an event in this one.
    allowed: organizers,
    request: (w) => ({
      method: 'POST',
      url: '/api/v1/admin/events',
      payload: {
        title: 'Matrix Night',
        description: '',
        category: 'concert',
        venueId: w.paidEvent.venueId,
        startsAt: future(40),
        performers: ['M'],
        priceTiers: [{ name: 'All', price: { amount: 1000, currency: 'EUR' }, sectionIds: [w.paidEvent.seatedSectionId] }],
      },
    }),
  },
  'GET /api/v1/admin/events/{id}': { allowed: eventOwner, request: (w) => ({ method: 'GET', url: `/api/v1/admin/events/${w.draftId}` }) },
  // Presale and access codes: the event's organizer decides; a fan checks a code signed in.
  'POST /api/v1/admin/events/{id}/access-codes': {
    allowed: eventOwner,
    request: (w) => ({ method: 'POST', url: `/api/v1/admin/events/${w.heldEvent.eventId}/access-codes`, payload: { code: 'x' } }),
  },
  'POST /api/v1/admin/events/{id}/access-codes/bulk': {
    allowed: eventOwner,
    request: (w) => ({
      method: 'POST',
      url: `/api/v1/admin/events/${w.heldEvent.eventId}/access-codes/bulk`,
      payload: { codes: [{ code: 'x' }] },
    }),
  },
  'POST /api/v1/admin/events/{id}/access-codes/import': {
    allowed: eventOwner,
    request: (w) => ({
      method: 'POST',
      url: `/api/v1/admin/events/${w.heldEvent.eventId}/access-codes/import`,
      headers: { 'content-type': 'text/csv' },
      body: 'x',
    }),
  },
  'GET /api/v1/admin/events/{id}/access-codes': {
    allowed: eventOwner,
    request: (w) => ({ method: 'GET', url: `/api/v1/admin/events/${w.heldEvent.eventId}/access-codes` }),
  },
  'PATCH /api/v1/admin/events/{id}/access-codes/{codeId}': {
    allowed: eventOwner,
    request: (w) => ({
      method: 'PATCH',
      url: `/api/v1/admin/events/${w.heldEvent.eventId}/access-codes/${w.accessCodeId}`,
      payload: { enabled: true },
    }),
  },
  'DELETE /api/v1/admin/events/{id}/access-codes/{codeId}': {
    allowed: eventOwner,
    destructive: true,
    request: (w) => ({ method: 'DELETE', url: `/api/v1/admin/events/${w.heldEvent.eventId}/access-codes/${w.accessCodeId}` }),
  },
  'PUT /api/v1/admin/events/{id}/presale': {
    allowed: eventOwner,
    request: (w) => ({ method: 'PUT', url: `/api/v1/admin/events/${w.heldEvent.eventId}/presale`, payload: { hiddenTierIds: [] } }),
  },
  'GET /api/v1/events/{id}/access-codes/{code}': {
    allowed: signedIn,
    request: (w) => ({ method: 'GET', url: `/api/v1/events/${w.heldEvent.eventId}/access-codes/MATRIX` }),
  },
  'PATCH /api/v1/admin/events/{id}': {
    allowed: eventOwner,
    request: (w) => ({ method: 'PATCH', url: `/api/v1/admin/events/${w.draftId}`, payload: { description: 'changed' } }),
  },
  'POST /api/v1/admin/events/{id}/publish': {
    allowed: eventOwner,
    destructive: true,
    request: (w) => ({ method: 'POST', url: `/api/v1/admin/events/${w.draftId}/publish` }),
  },
  'DELETE /api/v1/admin/events/{id}': {
    allowed: eventOwner,
    destructive: true,
    request: (w) => ({ method: 'DELETE', url: `/api/v1/admin/events/${w.draftId}` }),
  },
  'GET /api/v1/admin/events/{id}/queue': {
    allowed: eventOwner,
    request: (w) => ({ method: 'GET', url: `/api/v1/admin/events/${w.paidEvent.eventId}/queue` }),
  },
  'PUT /api/v1/admin/events/{id}/queue': {
    allowed: eventOwner,
    request: (w) => ({ method: 'PUT', url: `/api/v1/admin/events/${w.paidEvent.eventId}/queue`, payload: { enabled: true } }),
  },

  // People's data: admins only, each look-up audited.
  'GET /api/v1/admin/users': {
    allowed: ['admin'],
    request: (w) => ({ method: 'GET', url: `/api/v1/admin/users?email=${encodeURIComponent(w.users.customer.email)}` }),
  },
  'GET /api/v1/admin/users/{id}': {
    allowed: ['admin'],
    request: (w) => ({ method: 'GET', url: `/api/v1/admin/users/${w.users.customer.id}` }),
  },
  // Pricing: the history is public; a quote needs a waiting-room turn (any account may ask); policy is the event's organizer's.
  'GET /api/v1/events/{id}/prices/history': {
    allowed: 'everyone',
    request: (w) => ({ method: 'GET', url: `/api/v1/events/${w.paidEvent.eventId}/prices/history` }),
  },
  'POST /api/v1/events/{id}/price-quote': {
    allowed: signedIn,
    // 403 is the waiting room's answer to a token it did not issue, alike for every account.
    forbiddenIsAnswer: true,
    request: (w) => ({ method: 'POST', url: `/api/v1/events/${w.paidEvent.eventId}/price-quote`, headers: { 'x-queue-token': 'none' } }),
  },
  'GET /api/v1/admin/events/{id}/pricing': {
    allowed: eventOwner,
    request: (w) => ({ method: 'GET', url: `/api/v1/admin/events/${w.paidEvent.eventId}/pricing` }),
  },
  'PUT /api/v1/admin/events/{id}/pricing': {
    allowed: eventOwner,
    request: (w) => ({
      method: 'PUT',
      url: `/api/v1/admin/events/${w.paidEvent.eventId}/pricing`,
      payload: { mode: 'fixed', tiers: [], signals: [] },
    }),
  },
  'POST /api/v1/admin/events/{id}/pricing/pause': {
    allowed: eventOwner,
    request: (w) => ({ method: 'POST', url: `/api/v1/admin/events/${w.paidEvent.eventId}/pricing/pause`, payload: { paused: true } }),
  },
  'PUT /api/v1/admin/events/{id}/pricing/tiers/{tierId}/price': {
    allowed: eventOwner,
    destructive: true,
    request: (w) => ({
      method: 'PUT',
      url: `/api/v1/admin/events/${w.paidEvent.eventId}/pricing/tiers/${w.paidEvent.tierIds[0]}/price`,
      payload: { price: { amount: 6000, currency: 'EUR' } },
    }),
  },

  // Tickets and the door: a code is its holder's; scanning and door tools are the event's organizer's and admins'
  // (and scanners the organizer assigned, which this world's scanner is not).
  'GET /api/v1/tickets/{id}/code': {
    allowed: ['customer'],
    request: (w) => ({ method: 'GET', url: `/api/v1/tickets/${w.ticketId}/code` }),
  },
  // Transfers: the holder offers; only the addressee (who confirmed the address) accepts or declines; the sender takes back.
  'POST /api/v1/tickets/{id}/transfer': {
    allowed: ['customer'],
    destructive: true,
    request: (w) => ({ method: 'POST', url: `/api/v1/tickets/${w.ticketId}/transfer`, payload: { email: 'friend@example.org' } }),
  },
  'GET /api/v1/me/transfers': { allowed: signedIn, request: () => ({ method: 'GET', url: '/api/v1/me/transfers' }) },
  'POST /api/v1/transfers/{id}/accept': {
    allowed: ['otherCustomer'],
    destructive: true,
    request: (w) => ({ method: 'POST', url: `/api/v1/transfers/${w.transferId}/accept` }),
  },
  'POST /api/v1/transfers/{id}/decline': {
    allowed: ['otherCustomer'],
    destructive: true,
    request: (w) => ({ method: 'POST', url: `/api/v1/transfers/${w.transferId}/decline` }),
  },
  'POST /api/v1/transfers/{id}/cancel': {
    allowed: ['customer'],
    destructive: true,
    request: (w) => ({ method: 'POST', url: `/api/v1/transfers/${w.transferId}/cancel` }),
  },
  'GET /api/v1/orders/{id}/tickets.pdf': {
    allowed: orderOwner,
    request: (w) => ({ method: 'GET', url: `/api/v1/orders/${w.orderId}/tickets.pdf` }),
  },
  'GET /api/v1/orders/{id}/calendar.ics': {
    allowed: orderOwner,
    request: (w) => ({ method: 'GET', url: `/api/v1/orders/${w.orderId}/calendar.ics` }),
  },
  // Receipts: the buyer, the event's organizer and admins; no refund here, so no credit note for anyone.
  'GET /api/v1/orders/{id}/receipt.pdf': {
    allowed: ['customer', 'organizer', 'admin'],
    request: (w) => ({ method: 'GET', url: `/api/v1/orders/${w.orderId}/receipt.pdf` }),
  },
  'GET /api/v1/orders/{id}/credit-note.pdf': {
    allowed: ['customer', 'organizer', 'admin'],
    notFoundIsAnswer: true,
    request: (w) => ({ method: 'GET', url: `/api/v1/orders/${w.orderId}/credit-note.pdf` }),
  },

  // Webhooks: any organizer lists and adds their own; a subscription is its organizer's and the admins'.
  'GET /api/v1/admin/webhooks': { allowed: organizers, request: () => ({ method: 'GET', url: '/api/v1/admin/webhooks' }) },
  'POST /api/v1/admin/webhooks': {
    allowed: organizers,
    request: () => ({
      method: 'POST',
      url: '/api/v1/admin/webhooks',
      payload: { url: 'http://127.0.0.1:9/hook', eventTypes: ['order.confirmed'] },
    }),
  },
  'DELETE /api/v1/admin/webhooks/{id}': {
    allowed: eventOwner,
    destructive: true,
    request: (w) => ({ method: 'DELETE', url: `/api/v1/admin/webhooks/${w.webhookId}` }),
  },
  'POST /api/v1/admin/webhooks/{id}/test': {
    allowed: eventOwner,
    request: (w) => ({ method: 'POST', url: `/api/v1/admin/webhooks/${w.webhookId}/test` }),
  },
  'GET /api/v1/admin/webhooks/{id}/deliveries': {
    allowed: eventOwner,
    request: (w) => ({ method: 'GET', url: `/api/v1/admin/webhooks/${w.webhookId}/deliveries` }),
  },
  'POST /api/v1/admin/webhooks/deliveries/{id}/redeliver': {
    allowed: eventOwner,
    request: (w) => ({ method: 'POST', url: `/api/v1/admin/webhooks/deliveries/${w.webhookDeliveryId}/redeliver` }),
  },
  'POST /api/v1/checkin/scan': {
    allowed: eventOwner,
    request: (w) => ({ method: 'POST', url: '/api/v1/checkin/scan', payload: { eventId: w.paidEvent.eventId, code: 'BO1.x' } }),
  },
  'GET /api/v1/checkin/events': {
    allowed: ['organizer', 'otherOrganizer', 'scanner', 'admin'],
    request: () => ({ method: 'GET', url: '/api/v1/checkin/events' }),
  },
  'GET /api/v1/admin/events/{id}/checkin/bundle': {
    allowed: eventOwner,
    request: (w) => ({ method: 'GET', url: `/api/v1/admin/events/${w.paidEvent.eventId}/checkin/bundle` }),
  },
  'POST /api/v1/admin/events/{id}/checkin/sync': {
    allowed: eventOwner,
    request: (w) => ({
      method: 'POST',
      url: `/api/v1/admin/events/${w.paidEvent.eventId}/checkin/sync`,
      payload: { scans: [{ scanId: 'matrix-1', code: 'BO1.x', scannedAt: new Date().toISOString() }] },
    }),
  },
  'GET /api/v1/admin/events/{id}/checkin/stats': {
    allowed: eventOwner,
    request: (w) => ({ method: 'GET', url: `/api/v1/admin/events/${w.paidEvent.eventId}/checkin/stats` }),
  },
  'GET /api/v1/admin/events/{id}/scanners': {
    allowed: eventOwner,
    request: (w) => ({ method: 'GET', url: `/api/v1/admin/events/${w.paidEvent.eventId}/scanners` }),
  },
  'POST /api/v1/admin/events/{id}/scanners': {
    allowed: eventOwner,
    destructive: true,
    request: (w) => ({
      method: 'POST',
      url: `/api/v1/admin/events/${w.paidEvent.eventId}/scanners`,
      payload: { email: w.users.scanner.email },
    }),
  },
  'DELETE /api/v1/admin/events/{id}/scanners/{userId}': {
    allowed: eventOwner,
    // Nobody is assigned in this world: 404 is the answer to those allowed to ask.
    notFoundIsAnswer: true,
    request: (w) => ({ method: 'DELETE', url: `/api/v1/admin/events/${w.paidEvent.eventId}/scanners/${w.users.scanner.id}` }),
  },
  'GET /api/v1/admin/events/{id}/tickets': {
    allowed: eventOwner,
    request: (w) => ({ method: 'GET', url: `/api/v1/admin/events/${w.paidEvent.eventId}/tickets?serial=${w.ticketSerial}` }),
  },
  'POST /api/v1/admin/tickets/{id}/void': {
    allowed: eventOwner,
    destructive: true,
    request: (w) => ({ method: 'POST', url: `/api/v1/admin/tickets/${w.ticketId}/void` }),
  },
  'POST /api/v1/admin/tickets/{id}/reissue': {
    allowed: eventOwner,
    destructive: true,
    request: (w) => ({ method: 'POST', url: `/api/v1/admin/tickets/${w.ticketId}/reissue` }),
  },
  'GET /api/v1/admin/events/{id}/orders': {
    allowed: eventOwner,
    request: (w) => ({ method: 'GET', url: `/api/v1/admin/events/${w.paidEvent.eventId}/orders` }),
  },
  'GET /api/v1/admin/events/{id}/attendees': {
    allowed: eventOwner,
    request: (w) => ({ method: 'GET', url: `/api/v1/admin/events/${w.paidEvent.eventId}/attendees` }),
  },
  'GET /api/v1/admin/events/{id}/attendees.csv': {
    allowed: eventOwner,
    request: (w) => ({ method: 'GET', url: `/api/v1/admin/events/${w.paidEvent.eventId}/attendees.csv` }),
  },

  // Event changes and venues: the event's (or venue's) organizer and admins.
  'POST /api/v1/admin/events/{id}/reschedule': {
    allowed: eventOwner,
    destructive: true,
    request: (w) => ({ method: 'POST', url: `/api/v1/admin/events/${w.paidEvent.eventId}/reschedule`, payload: { startsAt: future(45) } }),
  },
  'POST /api/v1/admin/events/{id}/cancel': {
    allowed: eventOwner,
    destructive: true,
    request: (w) => ({ method: 'POST', url: `/api/v1/admin/events/${w.paidEvent.eventId}/cancel`, payload: { reason: 'Matrix' } }),
  },
  'POST /api/v1/admin/events/{id}/duplicate': {
    allowed: eventOwner,
    request: (w) => ({ method: 'POST', url: `/api/v1/admin/events/${w.paidEvent.eventId}/duplicate`, payload: { startsAt: future(60) } }),
  },
  // The waiting list: any signed-in fan joins (here 409, seats are free), sees and leaves their own entry; the organizer manages it.
  'POST /api/v1/events/{id}/waiting-list': {
    allowed: signedIn,
    request: (w) => ({ method: 'POST', url: `/api/v1/events/${w.paidEvent.eventId}/waiting-list`, payload: { quantity: 1 } }),
  },
  'GET /api/v1/events/{id}/waiting-list': {
    allowed: signedIn,
    request: (w) => ({ method: 'GET', url: `/api/v1/events/${w.paidEvent.eventId}/waiting-list` }),
  },
  'DELETE /api/v1/events/{id}/waiting-list': {
    allowed: signedIn,
    // Nobody waits in this world: 404 is the answer to everyone signed in.
    notFoundIsAnswer: true,
    request: (w) => ({ method: 'DELETE', url: `/api/v1/events/${w.paidEvent.eventId}/waiting-list` }),
  },
  'GET /api/v1/admin/events/{id}/waiting-list': {
    allowed: eventOwner,
    request: (w) => ({ method: 'GET', url: `/api/v1/admin/events/${w.paidEvent.eventId}/waiting-list` }),
  },
  'DELETE /api/v1/admin/events/{id}/waiting-list': {
    allowed: eventOwner,
    request: (w) => ({ method: 'DELETE', url: `/api/v1/admin/events/${w.paidEvent.eventId}/waiting-list` }),
  },
  'POST /api/v1/admin/events/{id}/waiting-list/reorder': {
    allowed: eventOwner,
    request: (w) => ({
      method: 'POST',
      url: `/api/v1/admin/events/${w.paidEvent.eventId}/waiting-list/reorder`,
      payload: { entryId: '00000000-0000-4000-8000-000000000000', place: 1 },
    }),
  },
  'PUT /api/v1/admin/events/{id}/waiting-list/settings': {
    allowed: eventOwner,
    request: (w) => ({
      method: 'PUT',
      url: `/api/v1/admin/events/${w.paidEvent.eventId}/waiting-list/settings`,
      payload: { offerMinutes: 30 },
    }),
  },
  'PATCH /api/v1/admin/venues/{id}': {
    allowed: eventOwner,
    request: (w) => ({ method: 'PATCH', url: `/api/v1/admin/venues/${w.paidEvent.venueId}`, payload: { address: 'Ring 2' } }),
  },

  // Holds: more time and a hosted payment belong to the hold's buyer.
  'POST /api/v1/holds/{id}/extend': {
    allowed: ['customer'],
    destructive: true,
    request: (w) => ({ method: 'POST', url: `/api/v1/holds/${w.holdId}/extend` }),
  },
  'POST /api/v1/holds/{id}/payment-intent': {
    // With the simulated provider (as here) every signed-in caller gets 422 before the hold is read; under Stripe
    // the hold's buyer alone may pay it (test/domain/payments/stripe-checkout.test.ts).
    allowed: signedIn,
    destructive: true,
    request: (w) => ({
      method: 'POST',
      url: `/api/v1/holds/${w.holdId}/payment-intent`,
      headers: { 'idempotency-key': `matrix-intent-${w.holdId}` },
      payload: {},
    }),
  },
  'GET /api/v1/payments/config': { allowed: 'everyone', request: () => ({ method: 'GET', url: '/api/v1/payments/config' }) },
  'POST /api/v1/payments/stripe/webhook': {
    allowed: 'everyone',
    request: () => ({ method: 'POST', url: '/api/v1/payments/stripe/webhook', payload: { type: 'payment_intent.succeeded' } }),
  },

  // Account recovery needs no session (the mailed token is the credential); a resend is the caller's own.
  'POST /api/v1/auth/password-reset': {
    allowed: 'everyone',
    request: () => ({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'nobody@test.boxoffice' } }),
  },
  'POST /api/v1/auth/password-reset/confirm': {
    allowed: 'everyone',
    request: () => ({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token: 'x'.repeat(43), newPassword: 'correct horse battery staple 42' },
    }),
  },
  'POST /api/v1/auth/verify-email': {
    allowed: 'everyone',
    request: () => ({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token: 'x'.repeat(43) } }),
  },
  'POST /api/v1/me/email-verification': { allowed: signedIn, request: () => ({ method: 'POST', url: '/api/v1/me/email-verification' }) },

  // The account page: name, address and sessions are the caller's own; an id of another account's session is not found.
  'PATCH /api/v1/me': { allowed: signedIn, request: () => ({ method: 'PATCH', url: '/api/v1/me', payload: { name: 'Matrix Name' } }) },
  'POST /api/v1/me/email': {
    allowed: signedIn,
    request: () => ({ method: 'POST', url: '/api/v1/me/email', payload: { email: 'moved@test.boxoffice', password: 'not-the-password' } }),
  },
  'DELETE /api/v1/me/sessions': { allowed: signedIn, request: () => ({ method: 'DELETE', url: '/api/v1/me/sessions' }) },
  'DELETE /api/v1/me/sessions/{id}': {
    allowed: signedIn,
    notFoundIsAnswer: true,
    request: () => ({ method: 'DELETE', url: '/api/v1/me/sessions/00000000-0000-4000-8000-000000000000' }),
  },

  // Two-factor sign-in: organizers and admins set it up; anyone may read its state and turn off what they have.
  'GET /api/v1/me/totp': { allowed: signedIn, request: () => ({ method: 'GET', url: '/api/v1/me/totp' }) },
  'POST /api/v1/me/totp': { allowed: organizers, request: () => ({ method: 'POST', url: '/api/v1/me/totp' }) },
  'POST /api/v1/me/totp/confirm': {
    allowed: organizers,
    request: () => ({ method: 'POST', url: '/api/v1/me/totp/confirm', payload: { code: '000000' } }),
  },
  'DELETE /api/v1/me/totp': {
    allowed: signedIn,
    // Nothing set up is 404 for whoever asks.
    notFoundIsAnswer: true,
    request: () => ({ method: 'DELETE', url: '/api/v1/me/totp', payload: { password: 'not-the-password' } }),
  },
  'POST /api/v1/auth/login/totp': {
    allowed: 'everyone',
    unauthorisedIsAnswer: true,
    request: () => ({ method: 'POST', url: '/api/v1/auth/login/totp', payload: { challenge: 'x'.repeat(43), code: '123456' } }),
  },
};

describe('authorization matrix', () => {
  let t: TestApp;
  let base: string;
  let shared: World;

  async function buildWorld(): Promise<World> {
    const [customer, otherCustomer, organizer, otherOrganizer, scanner, admin] = await Promise.all([
      createUser(t.deps, ['customer']),
      createUser(t.deps, ['customer']),
      createUser(t.deps, ['organizer']),
      createUser(t.deps, ['organizer']),
      createUser(t.deps, ['scanner']),
      createUser(t.deps, ['admin']),
    ]);
    const [paidEvent, heldEvent] = await Promise.all([
      createPublishedEvent(t.deps, { organizer, seatedRows: 1, seatsPerRow: 20 }),
      createPublishedEvent(t.deps, { organizer, seatedRows: 1, seatsPerRow: 4 }),
    ]);
    const draft = await createEvent(
      t.deps,
      { userId: organizer.id, roles: organizer.roles },
      {
        title: 'Matrix draft',
        description: '',
        category: 'concert',
        venueId: paidEvent.venueId,
        startsAt: future(50),
        performers: ['M'],
        priceTiers: [{ name: 'All', price: { amount: 1000, currency: 'EUR' }, sectionIds: [paidEvent.seatedSectionId] }],
      },
    );
    const paidHold = (await hold(t.app, customer, paidEvent.eventId, { seatIds: paidEvent.seatIds.slice(0, 2) })).json().hold;
    const order = await checkout(t.app, customer, paidHold.id, `matrix-order-${paidHold.id}`);
    expect(order.statusCode).toBe(201);
    await t.deps.db.updateTable('users').set({ email_verified_at: new Date() }).where('id', '=', otherCustomer.id).execute();
    const offered = await t.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${order.json().order.tickets[1].id}/transfer`,
      headers: customer.auth,
      payload: { email: otherCustomer.email },
    });
    expect(offered.statusCode, offered.body).toBe(201);
    const liveHold = await hold(t.app, customer, heldEvent.eventId, { seatIds: [heldEvent.seatIds[0]] });
    expect(liveHold.statusCode).toBe(201);
    const layout = await fetch(`${base}/api/v1/events/${paidEvent.eventId}/seat-layout`, { redirect: 'manual' });
    const layoutUrl = new URL(layout.headers.get('location') ?? '', `${base}/api/v1/events/${paidEvent.eventId}/`).pathname;
    const { subscription } = await createWebhookSubscription(
      t.deps,
      { userId: organizer.id, roles: organizer.roles },
      { url: 'http://127.0.0.1:9/hook', eventTypes: ['order.confirmed'] },
    );
    const [webhookDeliveryId] = await insertDeliveries(t.deps.db, {
      subscriptionIds: [subscription.id],
      outboxId: null,
      eventType: 'ping',
      body: '{}',
      now: t.deps.clock.now(),
    });
    const code = await createAccessCode(t.deps, { userId: organizer.id, roles: organizer.roles }, heldEvent.eventId, { code: 'MATRIX' });
    return {
      accessCodeId: code.id,
      layoutUrl,
      webhookId: subscription.id,
      webhookDeliveryId: webhookDeliveryId!,
      users: { customer, otherCustomer, organizer, otherOrganizer, scanner, admin },
      paidEvent,
      heldEvent,
      draftId: draft.id,
      orderId: order.json().order.id,
      ticketId: order.json().order.tickets[0].id,
      ticketSerial: order.json().order.tickets[0].serial,
      transferId: offered.json().transfer.id,
      holdId: liveHold.json().hold.id,
    };
  }

  async function send(w: World, actor: Actor, req: Request): Promise<number> {
    const headers: Record<string, string> = { ...req.headers, ...(actor === 'anonymous' ? {} : w.users[actor].auth) };
    if (req.payload && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}${req.url}`, {
      method: req.method,
      headers,
      body: req.body ?? (req.payload ? JSON.stringify(req.payload) : undefined),
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
    // Streams stay open: the status line is the answer.
    if (req.stream) await res.body?.cancel();
    else await res.arrayBuffer();
    return res.status;
  }

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 6 });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    shared = await buildWorld();
  });
  afterAll(() => t.close());

  it('decides every route of the OpenAPI document, and only those', async () => {
    const paths: Record<string, Record<string, unknown>> = (await t.app.inject('/api/v1/openapi.json')).json().paths;
    const documented = Object.entries(paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .filter((key) => !key.startsWith('HEAD '))
      .sort();
    expect(Object.keys(matrix).sort()).toEqual(documented);
  });

  it('refuses anonymous callers before reading their input', async () => {
    const guarded = Object.entries(matrix).filter(([, row]) => row.allowed !== 'everyone');
    const answers: string[] = [];
    for (const [route, row] of guarded) {
      const req = row.request(shared);
      // A malformed id and a body that fits no schema: a 400 here would mean the input was read first.
      const url = req.url.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, 'not-a-uuid');
      const status = await send(shared, 'anonymous', { ...req, url, payload: req.method === 'GET' ? undefined : { junk: true } });
      answers.push(`${route}: ${status}`);
    }
    expect(answers).toEqual(guarded.map(([route]) => `${route}: 401`));
  });

  for (const [route, row] of Object.entries(matrix)) {
    it(route, async () => {
      const statuses: string[] = [];
      const verdicts: string[] = [];
      const expected: string[] = [];
      for (const actor of actors) {
        const w = row.destructive ? await buildWorld() : shared;
        const status = await send(w, actor, row.request(w));
        const allowed = row.allowed === 'everyone' || row.allowed.includes(actor);
        statuses.push(`${actor} ${status}`);
        verdicts.push(`${actor}: ${verdict(row, actor, allowed, status)}`);
        expected.push(`${actor}: ${allowed ? 'ok' : 'denied'}`);
      }
      expect(verdicts, statuses.join(', ')).toEqual(expected);
    });
  }
});

function verdict(row: Row, actor: Actor, allowed: boolean, status: number): string {
  if (status >= 500) return 'server error';
  if (allowed) {
    // A wrong password is 401 for anyone who tries it; elsewhere 401/403 (or 404 for what exists) means refused.
    if (
      (status === 403 && !row.forbiddenIsAnswer) ||
      (status === 401 && !row.unauthorisedIsAnswer) ||
      (status === 404 && !row.notFoundIsAnswer)
    )
      return 'denied';
    return 'ok';
  }
  // Anonymous callers must be told to sign in; signed-in callers refused, or not told the thing exists.
  if (actor === 'anonymous') return status === 401 ? 'denied' : 'leaked';
  return status === 403 || status === 404 ? 'denied' : 'leaked';
}
