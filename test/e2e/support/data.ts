import { randomBytes } from 'node:crypto';
import { createAccount } from '../../../src/domain/users/create-account.js';
import type { Role } from '../../../src/security/auth-tokens.js';
import type { Deps } from '../../../src/context.js';

export const password = 'correct horse battery';

/** A word no other test uses, so searches find exactly our events. */
export function uniqueWord(): string {
  return Array.from(randomBytes(8), (b) => String.fromCharCode(97 + (b % 26))).join('');
}

/** An account with a real password, made by the accounts use case, for signing in through the UI. */
export async function createAccountWithPassword(deps: Deps, role: Role, name = 'Alex Doe'): Promise<{ email: string; id: string }> {
  const email = `${role}-${uniqueWord()}@e2e.boxoffice.test`;
  const user = await createAccount(deps, { email, password, name, role, via: 'cli' });
  return { email, id: user.id };
}

export interface ApiCaller {
  (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test JSON
}

export function apiAs(base: string, token: string): ApiCaller {
  return async (method, path, body) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  };
}

export interface ShowOptions {
  title: string;
  category?: string;
  daysAhead?: number;
  sections?: { name: string; kind: 'seated' | 'ga'; rows?: { label: string; seats: number }[]; capacity?: number }[];
  prices?: number[];
  city?: string;
  venueName?: string;
  performers?: string[];
}

const rows = (n: number, seats: number) => Array.from({ length: n }, (_, i) => ({ label: String.fromCharCode(65 + i), seats }));

/** A venue and a published event made through the organizer API. */
export async function publishShow(call: ApiCaller, o: ShowOptions): Promise<{ eventId: string; venueId: string; sectionIds: string[] }> {
  const sections = o.sections ?? [
    { name: 'Stalls', kind: 'seated' as const, rows: rows(8, 14) },
    { name: 'Circle', kind: 'seated' as const, rows: rows(5, 12) },
  ];
  const venue = await call('POST', '/admin/venues', {
    name: o.venueName ?? `${o.title.split(' ')[0]} Hall`,
    city: o.city ?? 'Lisbon',
    address: 'Rua Augusta 100',
    timezone: 'Europe/Lisbon',
    sections,
  });
  if (venue.status !== 201) throw new Error(`venue: ${JSON.stringify(venue.body)}`);
  const sectionIds = (venue.body.venue.sections as { id: string }[]).map((s) => s.id);
  const prices = o.prices ?? [6500, 4200, 3000];
  const event = await call('POST', '/admin/events', {
    title: o.title,
    description: `${o.title}: an evening to remember. Doors open one hour before the show.`,
    category: o.category ?? 'concert',
    venueId: venue.body.venue.id,
    startsAt: new Date(Date.now() + (o.daysAhead ?? 3) * 86_400_000).toISOString(),
    performers: o.performers ?? ['Marta Quintela', 'The Lisbon Strings'],
    priceTiers: sectionIds.map((id, i) => ({ name: sections[i]!.name, price: { amount: prices[i % prices.length]!, currency: 'EUR' }, sectionIds: [id] })),
    perUserLimit: 6,
    holdSeconds: 600,
  });
  if (event.status !== 201) throw new Error(`event: ${JSON.stringify(event.body)}`);
  const published = await call('POST', `/admin/events/${event.body.event.id}/publish`);
  if (published.status !== 200) throw new Error(`publish: ${JSON.stringify(published.body)}`);
  return { eventId: event.body.event.id, venueId: venue.body.venue.id, sectionIds };
}
