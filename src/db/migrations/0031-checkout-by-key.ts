import { sql, type Kysely } from 'kysely';

/**
 * The checkout finds the hold and its seats by primary key (issue 9, found by `bench:onsale`'s index statistics).
 *
 * `confirm_order` locked the seats still held by the order's hold with `where event_id = … and hold_id = … and
 * status = 'held'`. During an on-sale the planner's statistics still describe the event as it was analysed, with no
 * seat held, so it judged the partial index of held seats (`event_seats_held_expiry_idx`, `where status = 'held'`)
 * nearly empty and walked it, filtering on the hold: every confirmation read every seat held at that moment. In a
 * 10,000-fan sale that index was scanned 10,003 times for 16.4 million entries (≈1,600 per order), and the cost grows
 * with the number of fans holding seats at once. A table as large as a real `event_seats` (every event's seats) is
 * not re-analysed by one sale, so this is not a warm-up effect.
 *
 * Now the seats come from `hold_seats` (already read into `v_wanted`) and are locked by the primary key
 * `(event_id, seat_id)`; which of them this hold still holds is decided on the locked rows. The lock also covers a
 * wanted seat that another hold has taken meanwhile (the hold had expired), in the same seat order as every other
 * locker, and the order then fails as before. The rest of the function is 0027's, unchanged.
 *
 * `extend_hold_for_payment`, which every checkout's start calls, had the same fault on holds: `where id = … and
 * status = 'active' and expires_at > …` walked the partial index of live holds (`holds_expiry_idx`) from now on,
 * every live hold of every event, 10,021 scans for 6.5 million entries in the same sale. It now reads the hold by its
 * key (a materialised look-up, so the conditions are not pushed into it) and its seats by theirs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function confirm_order(p_order uuid, p_attempt uuid, p_intent text, p_now timestamptz, p_capturable text[])
    returns table (outcome text, newly_captured boolean, settled text, event_id uuid)
    language plpgsql
    set plan_cache_mode = force_generic_plan
    as $fn$
    #variable_conflict use_column
    declare
      o orders;
      a payments;
      h holds;
      v_newly boolean := false;
      v_event_status text;
      v_wanted bigint[];
      v_still bigint[] := '{}';
      v_reason text;
      v_payment uuid;
    begin
      select * into o from orders where id = p_order for update;
      if not found then
        raise exception 'Order % vanished', p_order;
      end if;
      select * into a from payments where id = p_attempt for update;
      if found and a.status = any(p_capturable) then
        update payments set status = 'captured', updated_at = p_now, intent_id = coalesce(intent_id, p_intent)
         where id = a.id and payments.status = a.status;
        v_newly := true;
      end if;

      if o.status = 'confirmed' or o.status <> 'pending_payment' then
        -- Confirmed by another attempt (this second capture is refunded on its own), or a late capture
        -- for an order that gave up on its payment (declined, voided, event removed).
        if o.status = 'confirmed' and not v_newly then
          return query select 'confirmed', false, null::text, o.event_id;
          return;
        end if;
        if v_newly then
          v_reason := case when o.status = 'confirmed' then 'duplicate_capture' else 'order_' || o.status end;
          v_payment := p_attempt;
        end if;
      else
        select * into h from holds where id = o.hold_id for update;
        v_wanted := array(select hs.seat_id from hold_seats hs where hs.hold_id = o.hold_id order by hs.seat_id);
        -- A removed or cancelled event sells nothing more, even to a payment already under way.
        select e.status into v_event_status from events e where e.id = o.event_id for share;
        if h.status = 'active' and v_event_status = 'published' then
          -- The hold's seats by primary key, locked in seat order; then those still held by this hold. (A look-up by
          -- hold_id and status = 'held' walked every seat held in the event: migration 0031.)
          select coalesce(array_agg(l.seat_id order by l.seat_id) filter (where l.hold_id = o.hold_id and l.status = 'held'), '{}')
            into v_still
            from (select es.seat_id, es.hold_id, es.status from event_seats es
                   where es.event_id = o.event_id and es.seat_id = any(v_wanted)
                   order by es.seat_id for update) l;
        end if;
        if cardinality(v_still) = cardinality(v_wanted) and cardinality(v_wanted) > 0 then
          update event_seats set status = 'sold', order_id = o.id, hold_expires_at = null
           where event_seats.event_id = o.event_id and seat_id = any(v_wanted);
          insert into tickets (order_id, event_id, seat_id, serial, created_at)
          select o.id, o.event_id, s, new_ticket_serial(), p_now from unnest(v_wanted) s;
          update orders set status = 'confirmed', confirmed_at = p_now where id = o.id;
          -- The receipt (migration 0023; it was issueReceipt in TypeScript), numbered in this transaction so the
          -- organizer's series stays gapless.
          with r as (
            select e.organizer_id, v.tax_rate_bp from events e join venues v on v.id = e.venue_id
             where e.id = o.event_id
               and not exists (select 1 from receipts x where x.order_id = o.id and x.kind = 'receipt')
          ), n as (
            insert into document_counters as c (organizer_id, series, last_number)
            select r.organizer_id, 'receipt', 1 from r
            on conflict (organizer_id, series) do update set last_number = c.last_number + 1
            returning last_number
          )
          insert into receipts (organizer_id, kind, number, order_id, amount, currency, tax_rate_bp, issued_at)
          select r.organizer_id, 'receipt', n.last_number, o.id, o.total_amount, o.currency, r.tax_rate_bp, p_now
            from r, n;
          update holds set status = 'purchased' where id = o.hold_id;
          insert into outbox (topic, aggregate_id, payload, created_at, available_at)
          values ('order.confirmed', o.id::text, '{}', p_now, p_now);
          insert into audit_log (actor_id, action, subject_type, subject_id, details)
          values (o.user_id, 'order.confirmed', 'order', o.id::text, jsonb_build_object('seats', cardinality(v_wanted)));
          return query select 'confirmed', v_newly, 'confirmed', o.event_id;
          return;
        end if;
        update orders set status = 'failed', failure_reason = 'hold_expired' where id = o.id;
        if h.status = 'active' then
          update holds set status = 'expired', released_at = p_now, release_reason = 'expired_before_payment' where id = h.id;
          update event_seats set status = 'available', hold_id = null, hold_expires_at = null
           where hold_id = h.id and event_seats.status = 'held';
          insert into inventory_dirty (event_id) values (o.event_id) on conflict (event_id) do nothing;
        end if;
        insert into audit_log (actor_id, action, subject_type, subject_id, details)
        values (null, 'order.failed', 'order', o.id::text, jsonb_build_object('reason', 'hold_expired'));
        v_reason := 'hold_expired';
      end if;
      -- The refund (of this payment, or of all the order's captures) and the mail telling the fan why;
      -- a cancelled order already had its cancellation mail.
      insert into outbox (topic, aggregate_id, payload, created_at, available_at)
      select t.topic, o.id::text, t.payload, p_now, p_now
        from (values (1, 'payment.refund',
                      jsonb_build_object('reason', v_reason) || case when v_payment is null then '{}'::jsonb
                                                                    else jsonb_build_object('paymentId', v_payment) end),
                     (2, 'order.refunded', jsonb_build_object('reason', v_reason))) t(n, topic, payload)
       where v_reason is not null and (t.n = 1 or o.status <> 'cancelled')
       order by t.n;
      return query select 'refund', v_newly, case when v_reason = 'hold_expired' then 'refunded' end, o.event_id;
    end
    $fn$;

    -- 0027's, with both look-ups by primary key (see the header).
    create or replace function extend_hold_for_payment(p_hold uuid, p_now timestamptz, p_until timestamptz, p_max_ext_ms bigint)
    returns timestamptz
    language plpgsql
    set plan_cache_mode = force_generic_plan
    as $fn$
    #variable_conflict use_column
    declare
      v_event uuid;
      v_exp timestamptz;
      v_extended boolean;
    begin
      with found as materialized (
        select id, status, expires_at, coalesce(extension_limit, expires_at + p_max_ext_ms * interval '1 millisecond') as lim
          from holds where id = p_hold),
      cur as (select * from found where status = 'active' and expires_at > p_now),
      h as (
        update holds set extension_limit = cur.lim, expires_at = greatest(cur.expires_at, least(p_until, cur.lim))
          from cur where holds.id = cur.id
        returning holds.event_id, holds.expires_at, holds.expires_at > cur.expires_at as extended)
      select h.event_id, h.expires_at, h.extended into v_event, v_exp, v_extended from h;
      if v_extended then
        -- The hold is active and locked, so every seat it names is still held by it.
        with mine as materialized (
          select es.event_id, es.seat_id, es.status from event_seats es
           where es.event_id = v_event and es.seat_id in (select hs.seat_id from hold_seats hs where hs.hold_id = p_hold))
        update event_seats es set hold_expires_at = v_exp
          from mine where mine.status = 'held' and es.event_id = mine.event_id and es.seat_id = mine.seat_id and es.hold_id = p_hold;
      end if;
      return v_exp;
    end
    $fn$;
  `.execute(db);
}
