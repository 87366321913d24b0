import { sql, type Kysely } from 'kysely';

/**
 * The sold-out waiting list (issue 14, item 1; docs/waiting-list.md).
 *
 * - `waiting_list_entries`: one row per fan per join. `position` comes from one
 *   sequence, so a later join always sorts after every earlier one and a
 *   reorder only permutes the positions the event's entries already have.
 *   The partial unique index is the one-live-entry-per-account rule.
 * - `events.waitlist_offer_seconds`: how long an offer is held (default 30 min).
 * - `offer_released_seats(p_event, p_now)`: called at the end of every release
 *   path, in its transaction. Walks waiting entries in position order (rows a
 *   concurrent release is offering are skipped), gives each entry that the free
 *   seats can satisfy a hold of its own over them (seats still locked by the
 *   releasing transaction, or free and unlocked; rows another transaction has
 *   locked are skipped), so released seats are never public in between and no
 *   seat or entry is offered twice. Nothing is offered when the sale is closed.
 * - A trigger follows each offered hold: bought → entry purchased; expired,
 *   released, cancelled → lapsed (the caller's offer then passes the seats on).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table events add column waitlist_offer_seconds integer not null default 1800
      check (waitlist_offer_seconds between 60 and 86400);

    create sequence waiting_list_position_seq;
    create table waiting_list_entries (
      id uuid primary key default gen_random_uuid(),
      event_id uuid not null references events (id),
      user_id uuid not null references users (id),
      -- Set null if a draft's tiers are replaced, and when retention deletes an old offer's hold.
      tier_id uuid references price_tiers (id) on delete set null,
      quantity integer not null check (quantity between 1 and 100),
      position bigint not null default nextval('waiting_list_position_seq'),
      status text not null default 'waiting'
        check (status in ('waiting', 'offered', 'lapsed', 'purchased', 'left', 'cleared')),
      offered_hold_id uuid references holds (id) on delete set null,
      offered_at timestamptz,
      closed_at timestamptz,
      close_reason text,
      created_at timestamptz not null
    );
    create unique index waiting_list_one_live_entry on waiting_list_entries (event_id, user_id)
      where status in ('waiting', 'offered');
    create index waiting_list_queue_idx on waiting_list_entries (event_id, position) where status = 'waiting';
    create index waiting_list_event_idx on waiting_list_entries (event_id, status, position);
    create unique index waiting_list_hold_idx on waiting_list_entries (offered_hold_id) where offered_hold_id is not null;

    create function waiting_list_follow_hold() returns trigger
    language plpgsql
    as $fn$
    begin
      update waiting_list_entries
         set status = case when new.status = 'purchased' then 'purchased' else 'lapsed' end,
             closed_at = coalesce(new.released_at, now()),
             close_reason = case when new.status = 'purchased' then null else coalesce(new.release_reason, new.status) end
       where offered_hold_id = new.id and status = 'offered';
      return null;
    end
    $fn$;
    create trigger holds_follow_waiting_list after update of status on holds
      for each row when (old.status = 'active' and new.status <> 'active')
      execute function waiting_list_follow_hold();

    create function offer_released_seats(p_event uuid, p_now timestamptz)
    returns table (entry_id uuid, hold_id uuid, user_id uuid, seat_count integer)
    language plpgsql
    set lock_timeout = '3s'
    as $fn$
    #variable_conflict use_column
    declare
      e record;
      w record;
      v_qty integer;
      v_exp timestamptz;
      v_chosen bigint[];
      v_hold uuid;
      v_offered boolean := false;
    begin
      -- Most events have no list: one index probe and back.
      if not exists (select 1 from waiting_list_entries x where x.event_id = p_event and x.status = 'waiting') then
        return;
      end if;
      select ev.status, ev.starts_at, ev.sale_ends_at, ev.per_user_limit, ev.inventory_ready, ev.waitlist_offer_seconds
        into e from events ev where ev.id = p_event;
      -- The sale window of place_hold less its start: a fan waits only after the sale has begun.
      if not found or e.status <> 'published' or not e.inventory_ready or p_now >= coalesce(e.sale_ends_at, e.starts_at) then
        return;
      end if;
      v_exp := p_now + make_interval(secs => e.waitlist_offer_seconds);

      for w in select x.id, x.user_id, x.tier_id, x.quantity from waiting_list_entries x
                where x.event_id = p_event and x.status = 'waiting'
                order by x.position
                for update skip locked loop
        v_qty := least(w.quantity, e.per_user_limit);
        select coalesce(array_agg(c.seat_id order by c.seat_id), '{}') into v_chosen
          from (select es.seat_id from event_seats es
                 where es.event_id = p_event and es.status = 'available'
                   and (w.tier_id is null or es.tier_id = w.tier_id)
                 order by es.pick_rank limit v_qty
                 for update skip locked) c;
        -- No free seat of any tier: nobody further down can be served either.
        exit when cardinality(v_chosen) = 0 and w.tier_id is null;
        -- First fit in list order: an entry the free seats cannot fill keeps its place for the next release.
        continue when cardinality(v_chosen) < v_qty;
        continue when (select count(distinct pt.currency) from event_seats es join price_tiers pt on pt.id = es.tier_id
                        where es.event_id = p_event and es.seat_id = any(v_chosen)) > 1;

        -- The fan's own expired holds no longer count as their booking (as in place_hold).
        with r as (
          update holds h set status = 'expired', released_at = p_now, release_reason = 'expired'
           where h.event_id = p_event and h.user_id = w.user_id and h.status = 'active' and h.expires_at <= p_now
          returning h.id)
        update event_seats es set status = 'available', hold_id = null, hold_expires_at = null
          from r where es.hold_id = r.id and es.status = 'held';

        v_hold := null;
        insert into holds (event_id, user_id, expires_at, currency, created_at)
        values (p_event, w.user_id, v_exp, 'XXX', p_now)
        on conflict (event_id, user_id) where status in ('active', 'purchased') do nothing
        returning id into v_hold;
        if v_hold is null then
          -- The fan booked meanwhile: one live booking per event, so the entry has done its work.
          update waiting_list_entries set status = 'left', closed_at = p_now, close_reason = 'booked_elsewhere'
           where id = w.id;
          continue;
        end if;

        with taken as (
          update event_seats es
             set status = 'held', hold_id = v_hold, hold_expires_at = v_exp, order_id = null
            from price_tiers pt
           where es.event_id = p_event and es.seat_id = any(v_chosen) and es.status = 'available' and pt.id = es.tier_id
          returning es.seat_id, pt.price_amount, pt.currency::text as currency),
        priced as (
          insert into hold_seats (hold_id, event_id, seat_id, price_amount)
          select v_hold, p_event, t.seat_id, t.price_amount from taken t
          returning hold_seats.price_amount)
        update holds h
           set total_amount = (select coalesce(sum(p.price_amount), 0) from priced p),
               currency = (select min(t.currency) from taken t)
         where h.id = v_hold;

        update waiting_list_entries set status = 'offered', offered_hold_id = v_hold, offered_at = p_now where id = w.id;
        v_offered := true;
        return query select w.id, v_hold, w.user_id, cardinality(v_chosen);
      end loop;
      if v_offered then
        insert into inventory_dirty (event_id) values (p_event) on conflict (event_id) do nothing;
      end if;
    end
    $fn$;
  `.execute(db);
}
