import { sql, type Kysely } from 'kysely';

/**
 * The common hold in one round trip (issue 9): `place_hold` checks the sale
 * state, the one-live-booking rule and the per-user limit, claims the seats
 * (specific ones all-or-nothing, or best available), locks their prices,
 * records the hold and flags the event's availability, all inside the single
 * statement that calls it. Before, a hold cost 8–9 statements while a seat
 * claim is one; each was a round trip and a turn of the event loop.
 *
 * The events row is only read (MVCC, no lock, no write), so holds never queue
 * on it. Invariants stay with the database: rows are locked in seat_id order
 * or skipped (best available), re-checked after any wait, and the partial
 * unique index `holds_one_live_booking` is the arbiter of the booking rule.
 * Nothing is written unless the hold succeeds, except retiring the caller's
 * own expired holds, which is right whatever follows.
 *
 * Outcomes are returned, not raised, so a refusal is a normal reply: 'held',
 * 'not_found', 'not_on_sale', 'inventory_not_ready', 'limit_exceeded',
 * 'section_not_found', 'active_booking', 'seats_unavailable', 'retry_waiting'
 * (too few unlocked seats while skipping locked ones: ask again waiting),
 * 'sold_out', 'mixed_currency'. Lock waits end after 3 s (SQLSTATE 55P03, the
 * client's 409 BUSY).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function place_hold(
      p_event uuid, p_user uuid, p_seat_ids bigint[], p_section uuid, p_quantity integer,
      p_now timestamptz, p_skip_locked boolean)
    returns table (outcome text, hold_id uuid, expires_at timestamptz, currency text,
                   total_amount bigint, seats jsonb, detail jsonb)
    language plpgsql
    set lock_timeout = '3s'
    as $fn$
    #variable_conflict use_column
    declare
      e record;
      v_kind text;
      v_qty integer;
      v_limit integer;
      v_exp timestamptz;
      v_hold uuid;
      v_wanted bigint[];
      v_ids bigint[];
      v_ranks integer[];
      v_more_ids bigint[];
      v_more_ranks integer[];
      v_chosen bigint[];
      v_currencies integer;
    begin
      select ev.status, ev.starts_at, ev.sale_starts_at, ev.sale_ends_at, ev.per_user_limit,
             ev.hold_seconds, ev.inventory_ready
        into e from events ev where ev.id = p_event;
      if not found or e.status = 'draft' then
        return query select 'not_found', null::uuid, null::timestamptz, null::text, null::bigint, null::jsonb, null::jsonb;
        return;
      end if;
      -- The sale window rule of src/domain/catalogue/catalogue.rules.ts (saleOpen).
      if e.status <> 'published' or (e.sale_starts_at is not null and p_now < e.sale_starts_at)
         or p_now >= coalesce(e.sale_ends_at, e.starts_at) then
        return query select 'not_on_sale', null::uuid, null::timestamptz, null::text, null::bigint, null::jsonb, null::jsonb;
        return;
      end if;
      if not e.inventory_ready then
        return query select 'inventory_not_ready', null::uuid, null::timestamptz, null::text, null::bigint, null::jsonb, null::jsonb;
        return;
      end if;
      if p_seat_ids is not null then
        v_wanted := array(select distinct s from unnest(p_seat_ids) s order by s);
        v_qty := cardinality(v_wanted);
      else
        v_qty := p_quantity;
      end if;
      if v_qty > e.per_user_limit then
        return query select 'limit_exceeded', null::uuid, null::timestamptz, null::text, null::bigint, null::jsonb,
                            jsonb_build_object('limit', e.per_user_limit);
        return;
      end if;
      if p_seat_ids is null then
        select s.kind into v_kind
          from event_sections es join sections s on s.id = es.section_id
         where es.event_id = p_event and es.section_id = p_section;
        if not found then
          return query select 'section_not_found', null::uuid, null::timestamptz, null::text, null::bigint, null::jsonb, null::jsonb;
          return;
        end if;
      end if;
      v_exp := p_now + make_interval(secs => e.hold_seconds);

      -- The caller's own expired holds no longer count as their booking.
      with r as (
        update holds h set status = 'expired', released_at = p_now, release_reason = 'expired'
         where h.event_id = p_event and h.user_id = p_user and h.status = 'active' and h.expires_at <= p_now
        returning h.id)
      update event_seats es set status = 'available', hold_id = null, hold_expires_at = null
        from r where es.hold_id = r.id and es.status = 'held';

      -- A live booking refuses at once; the unique index below settles a race.
      if exists (select 1 from holds h where h.event_id = p_event and h.user_id = p_user
                    and h.status in ('active', 'purchased')) then
        return query select 'active_booking', null::uuid, null::timestamptz, null::text, null::bigint, null::jsonb, null::jsonb;
        return;
      end if;

      if p_seat_ids is not null then
        -- Locked in seat_id order (overlapping requests cannot deadlock), re-checked after a wait.
        select coalesce(array_agg(c.seat_id order by c.seat_id), '{}') into v_chosen
          from (select es.seat_id from event_seats es
                 where es.event_id = p_event and es.seat_id = any(v_wanted)
                   and (es.status = 'available' or (es.status = 'held' and es.hold_expires_at <= p_now))
                 order by es.seat_id
                 for update) c;
        if cardinality(v_chosen) < v_qty then
          return query select 'seats_unavailable', null::uuid, null::timestamptz, null::text, null::bigint, null::jsonb,
                              jsonb_build_object('seatIds', (select coalesce(jsonb_agg(w::text order by w), '[]')
                                                               from unnest(v_wanted) w where w <> all(v_chosen)));
          return;
        end if;
      else
        -- Best available: free seats from event_seats_free_idx in pick order, expired holds only when short.
        v_limit := case when p_skip_locked then greatest(p_quantity * 3, 8) else p_quantity end;
        if p_skip_locked then
          select coalesce(array_agg(c.seat_id order by c.pick_rank), '{}'), coalesce(array_agg(c.pick_rank order by c.pick_rank), '{}')
            into v_ids, v_ranks
            from (select es.seat_id, es.pick_rank from event_seats es
                   where es.event_id = p_event and es.section_id = p_section and es.status = 'available'
                   order by es.pick_rank limit v_limit for update skip locked) c;
        else
          select coalesce(array_agg(c.seat_id order by c.pick_rank), '{}'), coalesce(array_agg(c.pick_rank order by c.pick_rank), '{}')
            into v_ids, v_ranks
            from (select es.seat_id, es.pick_rank from event_seats es
                   where es.event_id = p_event and es.section_id = p_section and es.status = 'available'
                   order by es.pick_rank limit v_limit for update) c;
        end if;
        if cardinality(v_ids) < v_limit then
          if p_skip_locked then
            select coalesce(array_agg(c.seat_id order by c.pick_rank), '{}'), coalesce(array_agg(c.pick_rank order by c.pick_rank), '{}')
              into v_more_ids, v_more_ranks
              from (select es.seat_id, es.pick_rank from event_seats es
                     where es.event_id = p_event and es.section_id = p_section and es.status = 'held'
                       and es.hold_expires_at <= p_now
                     order by es.pick_rank limit v_limit - cardinality(v_ids) for update skip locked) c;
          else
            select coalesce(array_agg(c.seat_id order by c.pick_rank), '{}'), coalesce(array_agg(c.pick_rank order by c.pick_rank), '{}')
              into v_more_ids, v_more_ranks
              from (select es.seat_id, es.pick_rank from event_seats es
                     where es.event_id = p_event and es.section_id = p_section and es.status = 'held'
                       and es.hold_expires_at <= p_now
                     order by es.pick_rank limit v_limit - cardinality(v_ids) for update) c;
          end if;
          v_ids := v_ids || v_more_ids;
          v_ranks := v_ranks || v_more_ranks;
        end if;
        if cardinality(v_ids) < p_quantity then
          -- Too few unlocked seats may only mean rivals are deciding on them: the caller asks again, waiting.
          return query select case when p_skip_locked then 'retry_waiting' else 'sold_out' end,
                              null::uuid, null::timestamptz, null::text, null::bigint, null::jsonb, null::jsonb;
          return;
        end if;
        -- Seated: the adjacent block in one row with the lowest total pick rank; else (or for
        -- general admission) the best seats by pick rank wherever they are.
        if v_kind = 'seated' and p_quantity > 1 then
          with c as (
            select u.seat_id, u.pick_rank, s.row_index, s.number
              from unnest(v_ids, v_ranks) u(seat_id, pick_rank) join seats s on s.id = u.seat_id),
          best as (
            select a.row_index, a.number
              from c a join c b on b.row_index = a.row_index and b.number between a.number and a.number + p_quantity - 1
             group by a.row_index, a.number, a.pick_rank
            having count(*) = p_quantity
             order by sum(b.pick_rank), min(b.pick_rank), a.row_index, a.number
             limit 1)
          select array_agg(c.seat_id order by c.seat_id) into v_chosen
            from c join best on c.row_index = best.row_index and c.number between best.number and best.number + p_quantity - 1;
        end if;
        if v_chosen is null then
          v_chosen := array(select u.seat_id from unnest(v_ids, v_ranks) u(seat_id, pick_rank) order by u.pick_rank limit p_quantity);
        end if;
      end if;

      select count(distinct pt.currency) into v_currencies
        from event_seats es join price_tiers pt on pt.id = es.tier_id
       where es.event_id = p_event and es.seat_id = any(v_chosen);
      if v_currencies > 1 then
        return query select 'mixed_currency', null::uuid, null::timestamptz, null::text, null::bigint, null::jsonb, null::jsonb;
        return;
      end if;

      insert into holds (event_id, user_id, expires_at, currency, created_at)
      values (p_event, p_user, v_exp, 'XXX', p_now)
      on conflict (event_id, user_id) where status in ('active', 'purchased') do nothing
      returning id into v_hold;
      if v_hold is null then
        return query select 'active_booking', null::uuid, null::timestamptz, null::text, null::bigint, null::jsonb, null::jsonb;
        return;
      end if;

      -- Seats (already locked by this statement) are held and their prices locked into the hold.
      with taken as (
        update event_seats es
           set status = 'held', hold_id = v_hold, hold_expires_at = v_exp, order_id = null
          from price_tiers pt
         where es.event_id = p_event and es.seat_id = any(v_chosen) and pt.id = es.tier_id
        returning es.seat_id, pt.price_amount, pt.currency::text as currency),
      priced as (
        insert into hold_seats (hold_id, event_id, seat_id, price_amount)
        select v_hold, p_event, t.seat_id, t.price_amount from taken t
        returning hold_seats.price_amount)
      update holds h
         set total_amount = (select coalesce(sum(p.price_amount), 0) from priced p),
             currency = (select min(t.currency) from taken t)
       where h.id = v_hold;

      insert into inventory_dirty (event_id) values (p_event) on conflict (event_id) do nothing;

      return query
        select 'held', h.id, h.expires_at, h.currency::text, h.total_amount,
               (select jsonb_agg(jsonb_build_object(
                         'id', hs.seat_id::text, 'price', hs.price_amount::text, 'row', s.row_label,
                         'number', s.number, 'section', sec.name, 'sectionId', sec.id) order by hs.seat_id)
                  from hold_seats hs join seats s on s.id = hs.seat_id join sections sec on sec.id = s.section_id
                 where hs.hold_id = h.id),
               null::jsonb
          from holds h where h.id = v_hold;
    end
    $fn$;
  `.execute(db);
}
