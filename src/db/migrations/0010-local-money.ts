import { sql, type Kysely } from 'kysely';

/**
 * Money is local (issue 13): a venue has the currency its events are priced in
 * by default (ISO 4217, checked by the catalogue rules against the runtime's
 * list) and the sales tax included in its all-in prices, in basis points, so
 * checkout can break the price down. Venues from before keep EUR and no tax,
 * which is what every price was until now.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table venues add column currency char(3) not null default 'EUR' check (currency ~ '^[A-Z]{3}$');
    alter table venues add column tax_rate_bp integer not null default 0 check (tax_rate_bp between 0 and 5000);
  `.execute(db);
}
