import { sql } from 'kysely';
import type { Db, Executor } from '../db/client.js';

/** The audit_log row that records a finished demo seed, with what later tools (bulk generator) need. */
const markerAction = 'demo.seeded';

export interface DemoMarker {
  organizerId: string;
  venueIds: string[];
}

export async function findDemoMarker(ex: Executor): Promise<DemoMarker | null> {
  const row = await ex
    .selectFrom('audit_log')
    .select('details')
    .where('action', '=', markerAction)
    .where('subject_type', '=', 'seed')
    .where('subject_id', '=', 'demo')
    .orderBy('id')
    .executeTakeFirst();
  return row ? (row.details as DemoMarker) : null;
}

export async function insertDemoMarker(ex: Executor, marker: DemoMarker): Promise<void> {
  await ex
    .insertInto('audit_log')
    .values({
      actor_id: marker.organizerId,
      action: markerAction,
      subject_type: 'seed',
      subject_id: 'demo',
      details: JSON.stringify(marker),
    })
    .execute();
}

/**
 * Runs `fn` while holding a session advisory lock on one pinned connection, so
 * `npm start` and `npm run cli -- seed` started together cannot seed twice.
 */
export async function withSeedLock<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(hashtext('boxoffice.demo-seed'))`.execute(conn);
    try {
      return await fn();
    } finally {
      await sql`select pg_advisory_unlock(hashtext('boxoffice.demo-seed'))`.execute(conn);
    }
  });
}

export interface SeedUser {
  /** Chosen before the insert: the name is sealed with this user's own data key. */
  id: string;
  emailHash: Buffer | null;
  emailCipher: string | null;
  nameCipher: string;
  passwordHash: string | null;
  roles: string[];
}

export async function findUserIdByEmailHash(ex: Executor, emailHash: Buffer): Promise<string | null> {
  const row = await ex.selectFrom('users').select('id').where('email_hash', '=', emailHash).executeTakeFirst();
  return row?.id ?? null;
}

/** A user without credentials (nobody can sign in as it). */
export async function insertSeedUser(ex: Executor, u: SeedUser): Promise<string> {
  const row = await ex
    .insertInto('users')
    .values({
      id: u.id,
      email_hash: u.emailHash,
      email_cipher: u.emailCipher,
      name_cipher: u.nameCipher,
      password_hash: u.passwordHash,
      roles: u.roles,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Demand is not something the catalogue use cases take as input; the demo sets it afterwards. */
export async function setPopularity(ex: Executor, eventId: string, popularity: number): Promise<void> {
  await ex.updateTable('events').set({ popularity }).where('id', '=', eventId).execute();
}

/** The demo door-staff account works the doors of every demo event (issue 11). */
export async function assignScannerToAllEvents(db: Executor, scannerId: string, organizerId: string): Promise<void> {
  await db
    .insertInto('event_scanners')
    .columns(['event_id', 'user_id', 'assigned_by'])
    .expression((eb) =>
      eb
        .selectFrom('events')
        .select(['id', eb.val(scannerId).as('user_id'), eb.val(organizerId).as('assigned_by')])
        .where('organizer_id', '=', organizerId),
    )
    .onConflict((oc) => oc.columns(['event_id', 'user_id']).doNothing())
    .execute();
}
