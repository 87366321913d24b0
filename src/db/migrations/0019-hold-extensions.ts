import { sql, type Kysely } from 'kysely';

/**
 * A fan may extend a hold they are still working on (WCAG 2.2.1, issue 13):
 * `POST /holds/:id/extend` counts the extensions on the hold row, so the limit
 * is checked under the same row lock that the expiry sweeper and checkout take.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table holds add column extensions integer not null default 0 check (extensions >= 0)`.execute(db);
}
