import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent } from '../../../src/domain/catalogue/create-event.js';
import { publishEvent } from '../../../src/domain/catalogue/publish-event.js';
import { createVenueWith } from '../../factories/catalogue.js';
import { createUser, type TestUser } from '../../factories/users.js';
import { testDatabaseUrl } from '../../support/test-database.js';
import { createTestApp, ManualClock, type TestApp } from '../../support/test-app.js';

const word = (): string => 'zd' + Array.from(randomBytes(8), (b) => String.fromCharCode(97 + (b % 26))).join('');

/**
 * fromDate/toDate are calendar days as each venue's clock reads them: whatever
 * zone the server (here the database session, set to UTC+14) or the caller is in.
 */
describe('search by venue-local days', () => {
  let t: TestApp;
  let organizer: TestUser;
  const w = word();
  const made: Record<string, string> = {};

  beforeAll(async () => {
    // The server's zone must not matter: every new session of this file's database runs at UTC+14.
    const admin = new pg.Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    const { rows } = await admin.query<{ db: string }>('select current_database() as db');
    await admin.query(`alter database "${rows[0]!.db}" set timezone to 'Pacific/Kiritimati'`);
    await admin.end();

    t = await createTestApp({ clock: new ManualClock(new Date('2026-12-01T00:00:00Z')) });
    organizer = await createUser(t.deps, ['organizer']);
    const show = async (name: string, timezone: string, startsAt: string) => {
      const venue = await createVenueWith(t.deps, organizer, {
        timezone,
        sections: [{ name: 'Stalls', kind: 'seated', rows: [{ label: 'A', seats: 4 }] }],
      });
      const draft = await createEvent(
        t.deps,
        { userId: organizer.id, roles: organizer.roles },
        {
          title: `${w} ${name}`,
          description: 'A late show',
          category: 'concert',
          venueId: venue.id,
          startsAt,
          performers: ['The Testers'],
          priceTiers: [{ name: 'Stalls', price: { amount: 5000, currency: 'EUR' }, sectionIds: [venue.sections[0]!.id] }],
        },
      );
      await publishEvent(t.deps, { userId: organizer.id, roles: organizer.roles }, draft.id);
      made[name] = draft.id;
    };
    await show('new-york-late', 'America/New_York', '2027-01-16T04:30:00Z'); // 15 Jan 23:30 EST
    await show('auckland-early', 'Pacific/Auckland', '2027-01-14T11:30:00Z'); // 15 Jan 00:30 NZDT
    await show('kiritimati-first', 'Pacific/Kiritimati', '2027-01-14T10:05:00Z'); // 15 Jan 00:05 (UTC+14)
    await show('pago-pago-last', 'Pacific/Pago_Pago', '2027-01-16T10:55:00Z'); // 15 Jan 23:55 (UTC−11)
    await show('london-next-day', 'Europe/London', '2027-01-16T00:10:00Z'); // 16 Jan 00:10 GMT
    await show('new-york-day-before', 'America/New_York', '2027-01-15T04:59:00Z'); // 14 Jan 23:59 EST
  });
  afterAll(() => t.close());

  async function found(query: Record<string, string>): Promise<string[]> {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/events?${new URLSearchParams({ q: w, sort: 'date', ...query })}` });
    expect(res.statusCode, res.body).toBe(200);
    const byId = Object.fromEntries(Object.entries(made).map(([k, v]) => [v, k]));
    return (res.json() as { items: { id: string }[] }).items.map((i) => byId[i.id]!).sort();
  }

  it('From = To = 15 Jan finds exactly the shows on 15 Jan by their venue’s clock', async () => {
    const db = await t.deps.db
      .selectNoFrom((eb) => eb.fn<string>('current_setting', [eb.val('TimeZone')]).as('tz'))
      .executeTakeFirstOrThrow();
    expect(db.tz).toBe('Pacific/Kiritimati');
    expect(await found({ fromDate: '2027-01-15', toDate: '2027-01-15' })).toEqual([
      'auckland-early',
      'kiritimati-first',
      'new-york-late',
      'pago-pago-last',
    ]);
  });

  it('open-ended ranges and a range of days', async () => {
    expect(await found({ fromDate: '2027-01-16' })).toEqual(['london-next-day']);
    expect(await found({ toDate: '2027-01-14' })).toEqual(['new-york-day-before']);
    expect(await found({ fromDate: '2027-01-14', toDate: '2027-01-16' })).toHaveLength(6);
    // Whole pages of the same filter, in date order with a cursor.
    const first = await t.app.inject({
      method: 'GET',
      url: `/api/v1/events?${new URLSearchParams({ q: w, sort: 'date', fromDate: '2027-01-15', toDate: '2027-01-15', limit: '3' })}`,
    });
    const next = first.json().nextCursor as string;
    const second = await t.app.inject({
      method: 'GET',
      url: `/api/v1/events?${new URLSearchParams({ q: w, sort: 'date', fromDate: '2027-01-15', toDate: '2027-01-15', limit: '3', cursor: next })}`,
    });
    expect([...first.json().items, ...second.json().items].map((i: { id: string }) => i.id).sort()).toEqual(
      [made['new-york-late'], made['auckland-early'], made['kiritimati-first'], made['pago-pago-last']].sort(),
    );
  });

  it('refuses a range that ends before it starts, and dates that are not days', async () => {
    const backwards = await t.app.inject({ method: 'GET', url: '/api/v1/events?fromDate=2027-01-16&toDate=2027-01-15' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.details.fields).toEqual([
      expect.objectContaining({ field: 'querystring/toDate', message: 'must not be before fromDate' }),
    ]);
    const notADay = await t.app.inject({ method: 'GET', url: '/api/v1/events?fromDate=2027-13-45' });
    expect(notADay.statusCode).toBe(400);
    expect(notADay.json().error.details.fields[0].field).toBe('querystring/fromDate');
  });
});
