import { sql, type Kysely } from 'kysely';

/**
 * The hold statement with fewer statements inside it (issue 9: "a hold path close to the hardware").
 *
 * Measured with pgbench (50 clients, best available, 2 seats) the 0029 function spent its time in per-statement
 * set-up, not in the seat claim: the common hold ran ~16 statements, three of them reads of the same events row.
 * Now, for a fan with no booking yet:
 * - one read of the event, its requested section's kind and that section's tier (replaces three events reads, the
 *   section look-up and the hidden-tier query of `place_hold_headed`);
 * - one probe of the live-booking index; the caller's own expired holds are only cleaned up when it finds one;
 * - the seat claim (unchanged: locked in seat order, or best available with SKIP LOCKED, adjacency for seated);
 * - one read of the chosen seats' prices, currencies and hidden tiers (the prices are kept in an array, so the hold's
 *   total is the sum of exactly the prices written into `hold_seats`, even if a tier's price moves meanwhile);
 * - the hold row inserted with its currency and total (no insert-then-update), then one statement that takes the
 *   seats, writes `hold_seats`, flags the inventory and builds the reply's seat list.
 *
 * And every statement inside runs its generic plan (`plan_cache_mode = force_generic_plan`): left to choose, PostgreSQL
 * kept planning custom plans on every call (the `= any(array)` look-ups), which cost more than the statements did —
 * pgbench, 50 clients: 1,290 and 1,030 holds/s with generic plans against 810 and 810 without, in alternating runs.
 * The checkout steps of migration 0027 get the same setting.
 *
 * Presale moves into `place_hold`: `p_with_code` says the caller has a valid code (checked by `place_hold_headed`),
 * and a hold in the presale window without one answers 'code_required'. Hidden tiers: `p_unlocked` lists the tiers
 * the code unlocks; a section's hidden tier is refused before any seat is locked, specific seats of a hidden tier after
 * (their tiers are only known then). Outcomes and invariants are those of 0029.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop function place_hold_headed(boolean, uuid, uuid, bigint[], uuid, integer, timestamptz, boolean, text);
    drop function place_hold_quoted(uuid, uuid, bigint[], uuid, integer, timestamptz, boolean, boolean);
    drop function place_hold(uuid, uuid, bigint[], uuid, integer, timestamptz, boolean, boolean);

    create function place_hold(
      p_event uuid, p_user uuid, p_seat_ids bigint[], p_section uuid, p_quantity integer,
      p_now timestamptz, p_skip_locked boolean, p_with_code boolean, p_unlocked uuid[])
    returns table (outcome text, hold_id uuid, expires_at timestamptz, currency text,
                   total_amount bigint, seats jsonb, detail jsonb)
    language plpgsql
    set lock_timeout = '3s'
    set plan_cache_mode = force_generic_plan
    as $fn$
    #variable_conflict use_column
    declare
      e record;
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
      v_prices bigint[];
      v_currencies integer;
      v_currency text;
      v_total bigint;
      v_locked boolean;
      v_seats jsonb;
    begin
      select ev.status, ev.starts_at, ev.sale_starts_at, ev.sale_ends_at, ev.per_user_limit, ev.presale_starts_at,
             ev.hold_seconds, ev.inventory_ready, s.kind as section_kind, pt.id as section_tier, pt.hidden as section_hidden
        into e
        from events ev
        left join event_sections es on p_seat_ids is null and es.event_id = ev.id and es.section_id = p_section
        left join sections s on s.id = es.section_id
        left join price_tiers pt on pt.id = es.tier_id
       where ev.id = p_event;
      if not found or e.status = 'draft' then
        return query select 'not_found', null::uuid, null::timestamptz, null::text, null::bigint, null::jsonb, null::jsonb;
        return;
      end if;
      -- The sale window rule of src/domain/catalogue/catalogue.rules.ts (saleOpen); a valid presale
      -- code opens it at presale_starts_at.
      if e.status <> 'published' or p_now >= coalesce(e.sale_ends_at, e.starts_at)
         or (e.sale_starts_at is not null and p_now < e.sale_starts_at
             and (e.presale_starts_at is null or p_now < e.presale_starts_at)) then
        return query select 'not_on_sale', null::uuid, null::timestamptz, null::text, null::bigint, null::jsonb, null::jsonb;
        return;
      end if;
      if e.sale_starts_at is not null and p_now < e.sale_starts_at and not p_with_code then
        return query select 'code_required', null::uuid, null::timestamptz, null::text, null::bigint, null::jsonb, null::jsonb;
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
        if e.section_kind is null then
          return query select 'section_not_found', null::uuid, null::timestamptz, null::text, null::bigint, null::jsonb, null::jsonb;
          return;
        end if;
        if e.section_hidden and not (e.section_tier = any(coalesce(p_unlocked, '{}'))) then
          return query select 'tier_locked', null::uuid, null::timestamptz, null::text, null::bigint, null::jsonb, null::jsonb;
          return;
        end if;
      end if;
      v_exp := p_now + make_interval(secs => e.hold_seconds);

      -- A live booking refuses at once (the unique index below settles a race). Only a fan who has
      -- one pays for the clean-up: their own expired holds no longer count as their booking.
      if exists (select 1 from holds h where h.event_id = p_event and h.user_id = p_user
                    and h.status in ('active', 'purchased')) then
        with r as (
          update holds h set status = 'expired', released_at = p_now, release_reason = 'expired'
           where h.event_id = p_event and h.user_id = p_user and h.status = 'active' and h.expires_at <= p_now
          returning h.id)
        update event_seats es set status = 'available', hold_id = null, hold_expires_at = null
          from r where es.hold_id = r.id and es.status = 'held';
        if exists (select 1 from holds h where h.event_id = p_event and h.user_id = p_user
                      and h.status in ('active', 'purchased')) then
          return query select 'active_booking', null::uuid, null::timestamptz, null::text, null::bigint, null::jsonb, null::jsonb;
          return;
        end if;
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
        if e.section_kind = 'seated' and p_quantity > 1 then
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

      -- Prices are read once and kept: the total below is the sum of exactly what hold_seats records.
      select count(distinct pt.currency), min(pt.currency::text), coalesce(sum(pt.price_amount), 0),
             coalesce(bool_or(pt.hidden and not (pt.id = any(coalesce(p_unlocked, '{}')))), false),
             array_agg(es.seat_id order by es.seat_id), array_agg(pt.price_amount order by es.seat_id)
        into v_currencies, v_currency, v_total, v_locked, v_chosen, v_prices
        from event_seats es join price_tiers pt on pt.id = es.tier_id
       where es.event_id = p_event and es.seat_id = any(v_chosen);
      if coalesce(cardinality(v_chosen), 0) <> v_qty then
        raise exception 'a chosen seat of event % has no price tier', p_event;
      end if;
      if v_locked then
        return query select 'tier_locked', null::uuid, null::timestamptz, null::text, null::bigint, null::jsonb, null::jsonb;
        return;
      end if;
      if v_currencies > 1 then
        return query select 'mixed_currency', null::uuid, null::timestamptz, null::text, null::bigint, null::jsonb, null::jsonb;
        return;
      end if;

      insert into holds (event_id, user_id, expires_at, currency, total_amount, created_at)
      values (p_event, p_user, v_exp, v_currency, v_total, p_now)
      on conflict (event_id, user_id) where status in ('active', 'purchased') do nothing
      returning id into v_hold;
      if v_hold is null then
        return query select 'active_booking', null::uuid, null::timestamptz, null::text, null::bigint, null::jsonb, null::jsonb;
        return;
      end if;

      -- The seats (locked above) are held, their prices recorded, the inventory flagged for the
      -- availability refresh, and the reply's seat list built, in one statement.
      with taken as (
        update event_seats es set status = 'held', hold_id = v_hold, hold_expires_at = v_exp, order_id = null
         where es.event_id = p_event and es.seat_id = any(v_chosen)),
      priced as (
        insert into hold_seats (hold_id, event_id, seat_id, price_amount)
        select v_hold, p_event, u.seat_id, u.price from unnest(v_chosen, v_prices) u(seat_id, price)),
      dirty as (
        insert into inventory_dirty (event_id) values (p_event) on conflict (event_id) do nothing)
      select jsonb_agg(jsonb_build_object(
               'id', u.seat_id::text, 'price', u.price::text, 'row', s.row_label,
               'number', s.number, 'section', sec.name, 'sectionId', sec.id) order by u.seat_id)
        into v_seats
        from unnest(v_chosen, v_prices) u(seat_id, price) join seats s on s.id = u.seat_id join sections sec on sec.id = s.section_id;

      return query select 'held', v_hold, v_exp, v_currency, v_total, v_seats, null::jsonb;
    end
    $fn$;

    create function place_hold_quoted(
      p_event uuid, p_user uuid, p_seat_ids bigint[], p_section uuid, p_quantity integer,
      p_now timestamptz, p_skip_locked boolean, p_with_code boolean, p_unlocked uuid[])
    returns table (outcome text, hold_id uuid, expires_at timestamptz, currency text,
                   total_amount bigint, seats jsonb, detail jsonb)
    language plpgsql
    set plan_cache_mode = force_generic_plan
    as $fn$
    #variable_conflict use_column
    declare
      r record;
      v_total bigint;
      v_seats jsonb;
    begin
      select * into r from place_hold(p_event, p_user, p_seat_ids, p_section, p_quantity, p_now, p_skip_locked, p_with_code, p_unlocked) ph;
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

    -- Outcomes beyond place_hold's: 'code_invalid' (unknown or disabled), 'code_expired' (outside
    -- its window), 'code_exhausted' (no use left).
    create function place_hold_headed(
      p_quoted boolean, p_event uuid, p_user uuid, p_seat_ids bigint[], p_section uuid, p_quantity integer,
      p_now timestamptz, p_skip_locked boolean, p_access_code text)
    returns table (outcome text, hold_id uuid, expires_at timestamptz, currency text, total_amount bigint, seats jsonb,
                   detail jsonb, title text, starts_at timestamptz, status text, cancel_reason text,
                   rescheduled_from timestamptz, rescheduled_at timestamptz, reschedule_refund_until timestamptz,
                   cancellation_cutoff_hours integer, venue_id uuid, venue_name text, city text, timezone text,
                   tax_rate_bp integer, discount_amount bigint, access_code text)
    language plpgsql
    set plan_cache_mode = force_generic_plan
    as $fn$
    #variable_conflict use_column
    declare
      r record;
      c access_codes;
      v_refusal text;
      v_code_id uuid;
      v_discount bigint := 0;
    begin
      if p_access_code is not null then
        select * into c from access_codes ac where ac.event_id = p_event and ac.code = upper(btrim(p_access_code));
        if not found or not c.enabled then
          v_refusal := 'code_invalid';
        elsif (c.valid_from is not null and p_now < c.valid_from) or (c.valid_until is not null and p_now >= c.valid_until) then
          v_refusal := 'code_expired';
        elsif c.max_uses is not null and c.uses >= c.max_uses then
          v_refusal := 'code_exhausted';
        end if;
      end if;
      if v_refusal is not null then
        return query select v_refusal, null::uuid, null::timestamptz, null::text, null::bigint, null::jsonb, null::jsonb,
          null::text, null::timestamptz, null::text, null::text, null::timestamptz, null::timestamptz, null::timestamptz,
          null::integer, null::uuid, null::text, null::text, null::text, null::integer, null::bigint, null::text;
        return;
      end if;

      if c.id is null then
        if p_quoted then
          select * into r from place_hold_quoted(p_event, p_user, p_seat_ids, p_section, p_quantity, p_now, p_skip_locked, false, null);
        else
          select * into r from place_hold(p_event, p_user, p_seat_ids, p_section, p_quantity, p_now, p_skip_locked, false, null);
        end if;
      else
        begin
          if p_quoted then
            select * into r from place_hold_quoted(p_event, p_user, p_seat_ids, p_section, p_quantity, p_now, p_skip_locked,
                                                   true, c.unlocks_tier_ids);
          else
            select * into r from place_hold(p_event, p_user, p_seat_ids, p_section, p_quantity, p_now, p_skip_locked,
                                            true, c.unlocks_tier_ids);
          end if;
          if r.outcome = 'held' then
            -- The use is taken last, so the code's row lock is held only to the end of this statement;
            -- with no use left the hold just made is rolled back with this block.
            update access_codes ac set uses = ac.uses + 1
             where ac.id = c.id and (ac.max_uses is null or ac.uses < ac.max_uses)
            returning ac.id into v_code_id;
            if v_code_id is null then
              raise exception 'access code exhausted' using errcode = 'BX001';
            end if;
            select coalesce(sum(case c.discount_kind
                                  when 'percent' then hs.price_amount * c.discount_value / 100
                                  when 'fixed' then least(hs.price_amount, c.discount_value)
                                  else 0 end), 0)
              into v_discount from hold_seats hs where hs.hold_id = r.hold_id;
            update holds h set access_code_id = c.id, discount_amount = v_discount, total_amount = h.total_amount - v_discount
             where h.id = r.hold_id
            returning h.total_amount into r.total_amount;
            insert into access_code_redemptions (hold_id, access_code_id, user_id, redeemed_at)
            values (r.hold_id, c.id, p_user, p_now);
          end if;
        exception when sqlstate 'BX001' then
          return query select 'code_exhausted', null::uuid, null::timestamptz, null::text, null::bigint, null::jsonb, null::jsonb,
            null::text, null::timestamptz, null::text, null::text, null::timestamptz, null::timestamptz, null::timestamptz,
            null::integer, null::uuid, null::text, null::text, null::text, null::integer, null::bigint, null::text;
          return;
        end;
      end if;
      if r.outcome <> 'held' then
        return query select r.outcome, null::uuid, null::timestamptz, null::text, null::bigint, null::jsonb, r.detail,
          null::text, null::timestamptz, null::text, null::text, null::timestamptz, null::timestamptz, null::timestamptz,
          null::integer, null::uuid, null::text, null::text, null::text, null::integer, null::bigint, null::text;
        return;
      end if;
      return query
        select r.outcome, r.hold_id, r.expires_at, r.currency, r.total_amount, r.seats, r.detail,
               e.title, e.starts_at, e.status, e.cancel_reason, e.rescheduled_from, e.rescheduled_at,
               e.reschedule_refund_until, e.cancellation_cutoff_hours, v.id, v.name, v.city, v.timezone, v.tax_rate_bp,
               v_discount, c.code
          from events e join venues v on v.id = e.venue_id
         where e.id = p_event;
    end
    $fn$;

    -- The checkout steps (migration 0027) are short plpgsql functions of look-ups by key too.
    alter function extend_hold_for_payment(uuid, timestamptz, timestamptz, bigint) set plan_cache_mode = force_generic_plan;
    alter function start_checkout(uuid, uuid, text, uuid, text, text, timestamptz, timestamptz, bigint)
      set plan_cache_mode = force_generic_plan;
    alter function settle_attempt(uuid, text, text, text, text, text, text, boolean, timestamptz, timestamptz, bigint)
      set plan_cache_mode = force_generic_plan;
    alter function confirm_order(uuid, uuid, text, timestamptz, text[]) set plan_cache_mode = force_generic_plan;
  `.execute(db);
}
