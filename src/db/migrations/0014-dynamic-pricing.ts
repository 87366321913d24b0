import { sql, type Kysely } from 'kysely';

/**
 * Dynamic pricing (issue 10). `price_tiers.price_amount` stays the tier's
 * current all-in price, the one `place_hold` locks into a hold; `base_amount`
 * keeps the price the organizer set, which demand pricing moves around.
 * Every change of a current price is a `price_history` row with the inputs
 * that caused it, written in the same transaction as the change.
 *
 * A fan admitted from a waiting room gets a `price_quotes` row per tier: the
 * price shown at admission, kept for the length of their turn.
 * `place_hold_quoted` is `place_hold` (migration 0008) plus, in the same
 * statement, the quote applied to the seats just held when it is lower; the
 * hold is never seen at another price.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table price_tiers add column base_amount bigint check (base_amount >= 0);
    update price_tiers set base_amount = price_amount;

    create table price_history (
      id bigint generated always as identity primary key,
      event_id uuid not null references events(id) on delete cascade,
      tier_id uuid not null references price_tiers(id) on delete cascade,
      changed_at timestamptz not null,
      old_amount bigint not null,
      new_amount bigint not null check (new_amount >= 0),
      currency char(3) not null,
      reason text not null check (reason in ('demand_up', 'demand_down', 'into_bounds', 'manual')),
      actor_id uuid,
      inputs jsonb not null default '{}'
    );
    create index price_history_event_idx on price_history (event_id, changed_at, id);
    create index price_history_tier_idx on price_history (tier_id, changed_at desc);

    create table price_quotes (
      event_id uuid not null references events(id) on delete cascade,
      user_id uuid not null references users(id),
      tier_id uuid not null references price_tiers(id) on delete cascade,
      amount bigint not null check (amount >= 0),
      currency char(3) not null,
      quoted_at timestamptz not null,
      expires_at timestamptz not null,
      primary key (event_id, user_id, tier_id)
    );

    create function place_hold_quoted(
      p_event uuid, p_user uuid, p_seat_ids bigint[], p_section uuid, p_quantity integer,
      p_now timestamptz, p_skip_locked boolean)
    returns table (outcome text, hold_id uuid, expires_at timestamptz, currency text,
                   total_amount bigint, seats jsonb, detail jsonb)
    language plpgsql
    as $fn$
    #variable_conflict use_column
    declare
      r record;
      v_total bigint;
      v_seats jsonb;
    begin
      select * into r from place_hold(p_event, p_user, p_seat_ids, p_section, p_quantity, p_now, p_skip_locked) ph;
      if r.outcome = 'held' and exists (select 1 from price_quotes q
                                          where q.event_id = p_event and q.user_id = p_user and q.expires_at > p_now) then
        update hold_seats hs set price_amount = q.amount
          from event_seats es, price_quotes q
         where hs.hold_id = r.hold_id and es.event_id = p_event and es.seat_id = hs.seat_id
           and q.event_id = p_event and q.user_id = p_user and q.tier_id = es.tier_id
           and q.expires_at > p_now and q.amount < hs.price_amount;
        update holds h set total_amount = (select coalesce(sum(x.price_amount), 0) from hold_seats x where x.hold_id = r.hold_id)
         where h.id = r.hold_id
        returning h.total_amount into v_total;
        select jsonb_agg(e.elem || jsonb_build_object('price', hs.price_amount::text) order by hs.seat_id) into v_seats
          from jsonb_array_elements(r.seats) e(elem)
          join hold_seats hs on hs.hold_id = r.hold_id and hs.seat_id = (e.elem->>'id')::bigint;
        return query select r.outcome, r.hold_id, r.expires_at, r.currency, v_total, v_seats, r.detail;
        return;
      end if;
      return query select r.outcome, r.hold_id, r.expires_at, r.currency, r.total_amount, r.seats, r.detail;
    end
    $fn$;
  `.execute(db);
}
