import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../client.js';

export interface LiveSession {
  userId: string;
  roles: string[];
}

export interface SessionRow {
  id: string;
  createdAt: Date;
  expiresAt: Date;
}

export async function insertSession(ex: Executor, s: { userId: string; createdAt: Date; expiresAt: Date }): Promise<string> {
  const row = await ex
    .insertInto('sessions')
    .values({ user_id: s.userId, created_at: s.createdAt, expires_at: s.expiresAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The session's account and its current roles, if the session is live and the
 * account not erased: one primary-key lookup joined to the user row.
 */
export async function findLiveSession(ex: Executor, sessionId: string, userId: string, now: Date): Promise<LiveSession | undefined> {
  const row = await ex
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.roles'])
    .where('s.id', '=', sessionId)
    .where('s.user_id', '=', userId)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', now)
    .where('u.erased_at', 'is', null)
    .executeTakeFirst();
  return row ? { userId: row.id, roles: row.roles } : undefined;
}

/** Whose work a statement does: the session is checked in the statement when one is named (see forCaller). */
export interface Caller {
  userId: string;
  /** Named when nobody has checked the session yet. */
  sessionId?: string | null;
  now: Date;
}

/**
 * `select * from call(account id)` for a set-returning SQL function. With a session named, the call runs only for a
 * live session of a kept account (findLiveSession's conditions), in the same statement: one round trip where a
 * look-up and the work took two (issue 9). The function then takes its user from the joined account row, so it can
 * only be the inner side of the join, after both rows passed their conditions; for a session that is not live it is
 * not called at all and the statement answers no row.
 */
export function forCaller<T>(c: Caller, call: (userId: RawBuilder<string>) => RawBuilder<unknown>): RawBuilder<T> {
  if (!c.sessionId) return sql<T>`select * from ${call(sql<string>`${c.userId}::uuid`)}`;
  return sql<T>`
  select f.* from sessions s join users u on u.id = s.user_id cross join lateral ${call(sql<string>`u.id`)} f
  where s.id = ${c.sessionId}::uuid and s.user_id = ${c.userId}::uuid and s.revoked_at is null
    and s.expires_at > ${c.now}::timestamptz and u.erased_at is null`;
}

export async function revokeSession(ex: Executor, sessionId: string, userId: string, at: Date): Promise<boolean> {
  const r = await ex
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('id', '=', sessionId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Revokes every live session of the account, optionally keeping one (the caller's own). */
export async function revokeUserSessions(ex: Executor, userId: string, at: Date, keep?: string): Promise<number> {
  let q = ex.updateTable('sessions').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (keep) q = q.where('id', '<>', keep);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function listLiveSessions(ex: Executor, userId: string, now: Date): Promise<SessionRow[]> {
  const rows = await ex
    .selectFrom('sessions')
    .select(['id', 'created_at', 'expires_at'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, createdAt: r.created_at, expiresAt: r.expires_at }));
}
