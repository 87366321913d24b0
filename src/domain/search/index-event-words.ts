import { sql } from 'kysely';
import type { Executor } from '../../db/client.js';

/**
 * Adds the words of an event's title, performers, venue and city to the
 * vocabulary that typo correction matches against. Call after creating or
 * changing an event, in the same transaction.
 */
export async function indexEventWords(db: Executor, eventId: string): Promise<void> {
  await sql`
    insert into search_words (word)
    select distinct w from events e,
      regexp_split_to_table(lower(unaccent(e.title || ' ' || e.performer_names || ' ' || e.venue_name || ' ' || e.city)), '[^[:alnum:]]+') as w
    where e.id = ${eventId} and length(w) >= 3
    on conflict (word) do nothing
  `.execute(db);
}
