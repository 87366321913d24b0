import { sql, type Kysely } from 'kysely';

/**
 * A venue-wide ordinal for seated seats in seat-map order (section position,
 * row, number), copied into the inventory: the availability encoding is one
 * ordered aggregate over it instead of a join and a three-key sort. General
 * admission places have none (they are not drawn).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table seats add column map_ordinal integer;
    alter table event_seats add column map_ordinal integer;
  `.execute(db);
}
