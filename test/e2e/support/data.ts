import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
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

/** Fills the sign-in form the app shows and submits it (the caller waits for where it leads). */
export async function signInOnForm(page: Page, email: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
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
  /** IANA zone of the venue (default Europe/Lisbon). */
  timezone?: string;
  currency?: string;
  /** An exact start (default: 19:30 UTC, daysAhead from now). */
  startsAt?: string;
  /** How long a hold lasts (default 600 s). */
  holdSeconds?: number;
}

const rows = (n: number, seats: number) => Array.from({ length: n }, (_, i) => ({ label: String.fromCharCode(65 + i), seats }));

/** 19:30 UTC, some days from now: tidy times in screenshots. */
function eveningIn(days: number): string {
  const d = new Date(Date.now() + Math.max(1, Math.round(days)) * 86_400_000);
  d.setUTCHours(19, 30, 0, 0);
  return d.toISOString();
}

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
    timezone: o.timezone ?? 'Europe/Lisbon',
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
    startsAt: o.startsAt ?? eveningIn(o.daysAhead ?? 3),
    performers: o.performers ?? ['Marta Quintela', 'The Lisbon Strings'],
    priceTiers: sectionIds.map((id, i) => ({
      name: sections[i]!.name,
      price: { amount: prices[i % prices.length]!, currency: o.currency ?? 'EUR' },
      sectionIds: [id],
    })),
    perUserLimit: 6,
    holdSeconds: o.holdSeconds ?? 600,
  });
  if (event.status !== 201) throw new Error(`event: ${JSON.stringify(event.body)}`);
  const published = await call('POST', `/admin/events/${event.body.event.id}/publish`);
  if (published.status !== 200) throw new Error(`publish: ${JSON.stringify(published.body)}`);
  return { eventId: event.body.event.id, venueId: venue.body.venue.id, sectionIds };
}

interface ShowcaseItem extends ShowOptions {
  popularity: number;
  saleOpensInDays?: number;
}

const stalls = (n: number, seats: number) => [
  { name: 'Stalls', kind: 'seated' as const, rows: rows(n, seats) },
  { name: 'Balcony', kind: 'seated' as const, rows: rows(4, seats - 4) },
];

/** A small, realistic catalogue for the page tour's screenshots (the demo seed belongs to its own test). */
const showcase: ShowcaseItem[] = [
  {
    title: 'Marta Quintela: Saudade Tour',
    category: 'concert',
    city: 'Lisbon',
    venueName: 'Coliseu dos Recreios',
    daysAhead: 1,
    popularity: 95,
    performers: ['Marta Quintela'],
  },
  {
    title: 'The Midnight Owls Live',
    category: 'concert',
    city: 'Berlin',
    venueName: 'Kesselhaus',
    daysAhead: 2,
    popularity: 88,
    performers: ['The Midnight Owls'],
  },
  {
    title: 'Hamlet',
    category: 'theatre',
    city: 'London',
    venueName: 'Old Vic Playhouse',
    daysAhead: 2,
    popularity: 70,
    performers: ['Daniel Okafor', 'Imogen Hale'],
  },
  {
    title: 'Rovers vs United: The Derby',
    category: 'sports',
    city: 'Manchester',
    venueName: 'Riverside Ground',
    daysAhead: 3,
    popularity: 91,
    performers: ['Riverside Rovers', 'City United'],
  },
  {
    title: 'Laugh Track Live',
    category: 'comedy',
    city: 'Dublin',
    venueName: 'Liberty Hall',
    daysAhead: 4,
    popularity: 60,
    performers: ['Niamh Byrne'],
  },
  {
    title: 'Beethoven: Symphony No. 9',
    category: 'classical',
    city: 'Vienna',
    venueName: 'Musikverein Saal',
    daysAhead: 5,
    popularity: 77,
    performers: ['Wiener Symphoniker'],
  },
  {
    title: 'La Traviata',
    category: 'opera',
    city: 'Milan',
    venueName: 'Teatro Lirico',
    daysAhead: 6,
    popularity: 82,
    performers: ['Giulia Ferraro'],
    saleOpensInDays: 2,
  },
  {
    title: 'Swan Lake',
    category: 'dance',
    city: 'Prague',
    venueName: 'Národní Stage',
    daysAhead: 7,
    popularity: 66,
    performers: ['Prague City Ballet'],
  },
  {
    title: 'Nightfall Electronic Festival',
    category: 'festival',
    city: 'Amsterdam',
    venueName: 'Westergas Hall',
    daysAhead: 8,
    popularity: 85,
    performers: ['Kaia Moreno', 'DJ Halden'],
  },
  {
    title: 'Velvet Harbour: Tides Tour',
    category: 'concert',
    city: 'Copenhagen',
    venueName: 'Havnescenen',
    daysAhead: 9,
    popularity: 73,
    performers: ['Velvet Harbour'],
  },
];

export async function createShowcase(call: ApiCaller, deps: Deps): Promise<void> {
  await Promise.all(
    showcase.map(async (item, i) => {
      const { eventId } = await publishShow(call, {
        ...item,
        sections: stalls(8 + (i % 4), 14 + (i % 3) * 2),
        prices: [4900 + i * 550, 2900 + i * 300],
      });
      const patch: Record<string, unknown> = {};
      await deps.db.updateTable('events').set({ popularity: item.popularity }).where('id', '=', eventId).execute();
      if (item.saleOpensInDays) patch.saleStartsAt = new Date(Date.now() + item.saleOpensInDays * 86_400_000).toISOString();
      if (Object.keys(patch).length) {
        const res = await call('PATCH', `/admin/events/${eventId}`, patch);
        if (res.status !== 200) throw new Error(`patch: ${JSON.stringify(res.body)}`);
      }
    }),
  );
}
