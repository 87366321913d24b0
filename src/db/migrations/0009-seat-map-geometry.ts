import { sql, type Kysely } from 'kysely';

/**
 * What a seat map needs beyond rows of seats: seats with a restricted view
 * (flagged to buyers, like `accessible`), and the venue's field of play or
 * stage as a box in seat-map coordinates, so a stadium draws its pitch in the
 * middle of the bowl and its standing areas on it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table seats add column restricted_view boolean not null default false;
    alter table venues add column field jsonb;
  `.execute(db);
}
