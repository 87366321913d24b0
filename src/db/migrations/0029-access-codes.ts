import { sql, type Kysely } from 'kysely';

/**
 * Presale and access codes (issue 14, item 2).
 *
 * - `access_codes`: an organizer's codes for one event (upper-case, unique per
 *   event), with an optional use limit (`uses <= max_uses` is a CHECK, so no
 *   path can oversell a code), a validity window, hidden tiers it unlocks and a
 *   per-ticket discount (percent 1–100, or fixed minor units in the event's
 *   currency). `access_code_redemptions` keeps who used which code for which
 *   hold; a use is given back (`returned_at`) when the hold ends unpaid.
 * - `events.presale_starts_at`: holds in [presale_starts_at, sale_starts_at)
 *   need a valid code. `price_tiers.hidden`: such a tier sells only with a code
 *   that unlocks it. `holds.access_code_id`/`discount_amount`: the hold's total
 *   is its seat prices less the discount (never below zero per ticket).
 *
 * The hold stays one statement: `place_hold` gains `p_presale` (the sale opens
 * at the presale start for a caller with a valid code), and
 * `place_hold_headed` gains `p_access_code`: it checks the code and the tiers
 * before the hold, and after it takes the use with one conditional UPDATE in a
 * sub-transaction, so a code with one use left that 50 fans race for is used
 * exactly once and the 49 losers' holds are rolled back with nothing written.
 * `offer_released_seats` (migration 0028) is redefined to leave hidden tiers'
 * seats out of waiting-list offers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table events add column presale_starts_at timestamptz;
    alter table price_tiers add column hidden boolean not null default false;

    create table access_codes (
      id uuid primary key default gen_random_uuid(),
      event_id uuid not null references events(id) on delete cascade,
      code text not null check (code ~ '^[A-Z0-9_-]{3,40}$'),
      max_uses integer check (max_uses > 0),
      uses integer not null default 0 check (uses >= 0 and (max_uses is null or uses <= max_uses)),
      valid_from timestamptz,
      valid_until timestamptz,
      unlocks_tier_ids uuid[] not null default '{}',
      discount_kind text check (discount_kind in ('percent', 'fixed')),
      discount_value bigint,
      enabled boolean not null default true,
      created_at timestamptz not null default now(),
      unique (event_id, code),
      constraint access_codes_window check (valid_from is null or valid_until is null or valid_from < valid_until),
      constraint access_codes_discount check (
        (discount_kind is null and discount_value is null)
        or (discount_kind = 'percent' and discount_value between 1 and 100)
        or (discount_kind = 'fixed' and discount_value > 0))
    );
    create index access_codes_event_idx on access_codes (event_id, created_at, id);

    alter table holds add column access_code_id uuid references access_codes(id) on delete set null;
    alter table holds add column discount_amount bigint not null default 0 check (discount_amount >= 0);

    create table access_code_redemptions (
      hold_id uuid primary key references holds(id),
      access_code_id uuid not null references access_codes(id) on delete cascade,
      user_id uuid not null references users(id),
      redeemed_at timestamptz not null,
      returned_at timestamptz
    );
    create index access_code_redemptions_code_idx on access_code_redemptions (access_code_id);

    -- A hold that ends unpaid (expired, released, cancelled while active) gives its code's use back.
    create function access_code_give_back() returns trigger
    language plpgsql
    as $fn$
    begin
      update access_codes set uses = uses - 1 where id = new.access_code_id and uses > 0;
      update access_code_redemptions set returned_at = coalesce(new.released_at, now())
       where hold_id = new.id and returned_at is null;
      return null;
    end
    $fn$;
    create trigger holds_give_back_access_code after update of status on holds
      for each row when (old.status = 'active' and new.status in ('expired', 'released', 'cancelled')
                         and new.access_code_id is not null)
      execute function access_code_give_back();

    drop function place_hold_headed(boolean, uuid, uuid, bigint[], uuid, integer, timestamptz, boolean);
    drop function place_hold_quoted(uuid, uuid, bigint[], uuid, integer, timestamptz, boolean);
    drop function place_hold(uuid, uuid, bigint[], uuid, integer, timestamptz, boolean);

    create function place_hold(
      p_event uuid, p_user uuid, p_seat_ids bigint[], p_section uuid, p_quantity integer,
      p_now timestamptz, p_skip_locked boolean, p_presale boolean)
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
      select ev.status, ev.starts_at, ev.sale_starts_at, ev.sale_ends_at, ev.per_user_limit, ev.presale_starts_at,
             ev.hold_seconds, ev.inventory_ready
        into e from events ev where ev.id = p_event;
      if not found or e.status = 'draft' then
        return query select 'not_found', null::uuid, null::timestamptz, null::text, null::bigint, null::jsonb, null::jsonb;
        return;
      end if;
      -- The sale window rule of src/domain/catalogue/catalogue.rules.ts (saleOpen); with a valid
      -- presale code (p_presale, checked by place_hold_headed) it opens at presale_starts_at.
      if e.status <> 'published'
         or (e.sale_starts_at is not null and p_now < e.sale_starts_at
             and not (p_presale and e.presale_starts_at is not null and p_now >= e.presale_starts_at))
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

    create function place_hold_quoted(
      p_event uuid, p_user uuid, p_seat_ids bigint[], p_section uuid, p_quantity integer,
      p_now timestamptz, p_skip_locked boolean, p_presale boolean)
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
      select * into r from place_hold(p_event, p_user, p_seat_ids, p_section, p_quantity, p_now, p_skip_locked, p_presale) ph;
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

    -- Outcomes beyond place_hold's: 'code_required' (presale, no code), 'code_invalid' (unknown or
    -- disabled), 'code_expired' (outside its window), 'code_exhausted' (no use left), 'tier_locked'
    -- (a hidden tier the code does not unlock).
    create function place_hold_headed(
      p_quoted boolean, p_event uuid, p_user uuid, p_seat_ids bigint[], p_section uuid, p_quantity integer,
      p_now timestamptz, p_skip_locked boolean, p_access_code text)
    returns table (outcome text, hold_id uuid, expires_at timestamptz, currency text, total_amount bigint, seats jsonb,
                   detail jsonb, title text, starts_at timestamptz, status text, cancel_reason text,
                   rescheduled_from timestamptz, rescheduled_at timestamptz, reschedule_refund_until timestamptz,
                   cancellation_cutoff_hours integer, venue_id uuid, venue_name text, city text, timezone text,
                   tax_rate_bp integer, discount_amount bigint, access_code text)
    language plpgsql
    as $fn$
    #variable_conflict use_column
    declare
      r record;
      c access_codes;
      v_refusal text;
      v_presale boolean := false;
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
      if v_refusal is null then
        select (ev.presale_starts_at is not null and ev.sale_starts_at is not null
                and p_now >= ev.presale_starts_at and p_now < ev.sale_starts_at)
          into v_presale from events ev where ev.id = p_event;
        v_presale := coalesce(v_presale, false);
        if v_presale and c.id is null then
          v_refusal := 'code_required';
        end if;
      end if;
      -- Hidden tiers sell only with a code that unlocks them.
      if v_refusal is null and exists (
           select 1 from price_tiers pt
            where pt.event_id = p_event and pt.hidden and pt.id <> all(coalesce(c.unlocks_tier_ids, '{}'))
              and pt.id in (select es.tier_id from event_seats es
                             where es.event_id = p_event and es.seat_id = any(p_seat_ids)
                            union all
                            select s.tier_id from event_sections s
                             where s.event_id = p_event and p_seat_ids is null and s.section_id = p_section)) then
        v_refusal := 'tier_locked';
      end if;
      if v_refusal is not null then
        return query select v_refusal, null::uuid, null::timestamptz, null::text, null::bigint, null::jsonb, null::jsonb,
          null::text, null::timestamptz, null::text, null::text, null::timestamptz, null::timestamptz, null::timestamptz,
          null::integer, null::uuid, null::text, null::text, null::text, null::integer, null::bigint, null::text;
        return;
      end if;

      if c.id is null then
        if p_quoted then
          select * into r from place_hold_quoted(p_event, p_user, p_seat_ids, p_section, p_quantity, p_now, p_skip_locked, false);
        else
          select * into r from place_hold(p_event, p_user, p_seat_ids, p_section, p_quantity, p_now, p_skip_locked, false);
        end if;
      else
        begin
          if p_quoted then
            select * into r from place_hold_quoted(p_event, p_user, p_seat_ids, p_section, p_quantity, p_now, p_skip_locked, v_presale);
          else
            select * into r from place_hold(p_event, p_user, p_seat_ids, p_section, p_quantity, p_now, p_skip_locked, v_presale);
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
      return query
        select r.outcome, r.hold_id, r.expires_at, r.currency, r.total_amount, r.seats, r.detail,
               e.title, e.starts_at, e.status, e.cancel_reason, e.rescheduled_from, e.rescheduled_at,
               e.reschedule_refund_until, e.cancellation_cutoff_hours, v.id, v.name, v.city, v.timezone, v.tax_rate_bp,
               v_discount, case when r.outcome = 'held' then c.code end
          from (select 1) one
          left join events e on r.outcome = 'held' and e.id = p_event
          left join venues v on v.id = e.venue_id;
    end
    $fn$;

    -- The waiting list (migration 0028) offers released seats of visible tiers only.
    create or replace function offer_released_seats(p_event uuid, p_now timestamptz)
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
      v_hidden uuid[];
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
      -- Hidden tiers (migration 0029) sell only with an access code: never offered from the list.
      select coalesce(array_agg(pt.id), '{}') into v_hidden from price_tiers pt where pt.event_id = p_event and pt.hidden;

      for w in select x.id, x.user_id, x.tier_id, x.quantity from waiting_list_entries x
                where x.event_id = p_event and x.status = 'waiting'
                order by x.position
                for update skip locked loop
        v_qty := least(w.quantity, e.per_user_limit);
        select coalesce(array_agg(c.seat_id order by c.seat_id), '{}') into v_chosen
          from (select es.seat_id from event_seats es
                 where es.event_id = p_event and es.status = 'available'
                   and (w.tier_id is null or es.tier_id = w.tier_id) and es.tier_id <> all(v_hidden)
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
