import { sql, type Kysely } from 'kysely';

/**
 * The rest of the booking path in one statement per step (issue 9), as
 * `place_hold` (migration 0008) did for the hold itself. Each function runs in
 * the implicit transaction of the one statement that calls it, and does what
 * the TypeScript transactions did, in the same order and under the same locks
 * (hold, then order, then attempt; seat rows in seat_id order):
 *
 * - `place_hold_headed`: `place_hold` or `place_hold_quoted`, plus the event's
 *   heading (title, start, venue, tax rate) for the reply; before, the heading
 *   was a second statement beside it.
 * - `start_checkout`: the order and its payment attempt for an idempotency key
 *   (found or created) and the hold stretched to outlive the provider call —
 *   committed when the statement returns, before any provider call. Before: 10.
 * - `settle_attempt`: one move of the attempt state machine, with the order's
 *   failure, its audit row and the hold's payment extension. The move itself is
 *   decided in TypeScript (payment-attempt.rules.ts stays the one table): the
 *   caller passes the status it decided from and gets 'stale' back, nothing
 *   written, when the attempt has moved since. Before: 5 (plus a read).
 * - `confirm_order`: the capture recorded; seats sold, tickets issued, order
 *   confirmed, its receipt numbered, hold closed, outbox and audit rows — or the order failed and the
 *   refund queued. `p_capturable` is the state machine's list of statuses that
 *   may become 'captured'. Before: 15.
 *
 * Refusals come back as outcomes with nothing written; lock waits end as the
 * session's lock_timeout says (the client's 409 BUSY). Numbered 0027, not the
 * 0013 first given to it: Kysely's migrator refuses a database where a later
 * migration (0014+) already ran before an earlier one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function place_hold_headed(
      p_quoted boolean, p_event uuid, p_user uuid, p_seat_ids bigint[], p_section uuid, p_quantity integer,
      p_now timestamptz, p_skip_locked boolean)
    returns table (outcome text, hold_id uuid, expires_at timestamptz, currency text, total_amount bigint, seats jsonb,
                   detail jsonb, title text, starts_at timestamptz, status text, cancel_reason text,
                   rescheduled_from timestamptz, rescheduled_at timestamptz, reschedule_refund_until timestamptz,
                   cancellation_cutoff_hours integer, venue_id uuid, venue_name text, city text, timezone text,
                   tax_rate_bp integer)
    language plpgsql
    as $fn$
    #variable_conflict use_column
    declare
      r record;
    begin
      if p_quoted then
        select * into r from place_hold_quoted(p_event, p_user, p_seat_ids, p_section, p_quantity, p_now, p_skip_locked);
      else
        select * into r from place_hold(p_event, p_user, p_seat_ids, p_section, p_quantity, p_now, p_skip_locked);
      end if;
      return query
        select r.outcome, r.hold_id, r.expires_at, r.currency, r.total_amount, r.seats, r.detail,
               e.title, e.starts_at, e.status, e.cancel_reason, e.rescheduled_from, e.rescheduled_at,
               e.reschedule_refund_until, e.cancellation_cutoff_hours, v.id, v.name, v.city, v.timezone, v.tax_rate_bp
          from (select 1) one
          left join events e on r.outcome = 'held' and e.id = p_event
          left join venues v on v.id = e.venue_id;
    end
    $fn$;

    -- The hold and the seats it still holds live until at least p_until while a payment is in flight, but
    -- never past extension_limit (fixed at the first extension: the expiry then plus p_max_ext_ms).
    -- An expired hold is left alone: its seats may belong to someone else.
    create function extend_hold_for_payment(p_hold uuid, p_now timestamptz, p_until timestamptz, p_max_ext_ms bigint)
    returns timestamptz
    language plpgsql
    as $fn$
    #variable_conflict use_column
    declare
      v_event uuid;
      v_exp timestamptz;
      v_extended boolean;
    begin
      with cur as (
        select id, expires_at, coalesce(extension_limit, expires_at + p_max_ext_ms * interval '1 millisecond') as lim
          from holds where id = p_hold and status = 'active' and expires_at > p_now),
      h as (
        update holds set extension_limit = cur.lim, expires_at = greatest(cur.expires_at, least(p_until, cur.lim))
          from cur where holds.id = cur.id
        returning holds.event_id, holds.expires_at, holds.expires_at > cur.expires_at as extended)
      select h.event_id, h.expires_at, h.extended into v_event, v_exp, v_extended from h;
      if v_extended then
        update event_seats set hold_expires_at = v_exp
         where event_id = v_event and hold_id = p_hold and status = 'held';
      end if;
      return v_exp;
    end
    $fn$;

    create function start_checkout(
      p_hold uuid, p_user uuid, p_key text, p_order uuid, p_attempt_key text, p_provider text,
      p_now timestamptz, p_until timestamptz, p_max_ext_ms bigint)
    returns table (outcome text, live_order uuid,
                   o_id uuid, o_hold_id uuid, o_event_id uuid, o_user_id uuid, o_status text, o_total_amount bigint,
                   o_currency text, o_idempotency_key text, o_failure_reason text, o_created_at timestamptz,
                   o_confirmed_at timestamptz, o_cancelled_at timestamptz, o_cancel_reason text,
                   a_id uuid, a_order_id uuid, a_provider text, a_intent_id text, a_idempotency_key text, a_status text,
                   a_amount bigint, a_currency text, a_decline_code text, a_created_at timestamptz, a_updated_at timestamptz)
    language plpgsql
    as $fn$
    #variable_conflict use_column
    declare
      h holds;
      o orders;
      a payments;
      v_live uuid;
      v_outcome text := 'created';
    begin
      -- The hold row lock serialises checkouts of one hold, so two keys cannot both start an order.
      select * into h from holds where id = p_hold for update;
      if not found or h.user_id <> p_user then
        return query select 'hold_not_found', null::uuid, null::uuid, null::uuid, null::uuid, null::uuid, null::text,
          null::bigint, null::text, null::text, null::text, null::timestamptz, null::timestamptz, null::timestamptz,
          null::text, null::uuid, null::uuid, null::text, null::text, null::text, null::text, null::bigint, null::text,
          null::text, null::timestamptz, null::timestamptz;
        return;
      end if;
      select * into o from orders where user_id = p_user and idempotency_key = p_key;
      if found then
        if o.hold_id <> h.id then
          v_outcome := 'key_reused';
        else
          v_outcome := 'existing';
          -- The order's latest attempt; an order without one (written by an older build) gets it in TypeScript.
          if o.status = 'pending_payment' then
            select * into a from payments where order_id = o.id order by created_at desc limit 1;
          end if;
        end if;
      elsif h.status = 'purchased' then
        v_outcome := 'hold_purchased';
      elsif h.status <> 'active' or h.expires_at <= p_now then
        v_outcome := 'hold_expired';
      else
        select id into v_live from orders where hold_id = h.id and status in ('pending_payment', 'confirmed') limit 1;
        if v_live is not null then
          v_outcome := 'in_progress';
        else
          insert into orders (id, hold_id, event_id, user_id, total_amount, currency, idempotency_key, created_at)
          values (p_order, h.id, h.event_id, p_user, h.total_amount, trim(h.currency), p_key, p_now)
          returning * into o;
          insert into payments (order_id, provider, intent_id, idempotency_key, status, amount, currency, created_at, updated_at)
          values (o.id, p_provider, null, p_attempt_key, 'created', o.total_amount, trim(o.currency), p_now, p_now)
          returning * into a;
          perform extend_hold_for_payment(h.id, p_now, p_until, p_max_ext_ms);
        end if;
      end if;
      return query select v_outcome, v_live,
        o.id, o.hold_id, o.event_id, o.user_id, o.status, o.total_amount, o.currency::text, o.idempotency_key,
        o.failure_reason, o.created_at, o.confirmed_at, o.cancelled_at, o.cancel_reason,
        a.id, a.order_id, a.provider, a.intent_id, a.idempotency_key, a.status, a.amount, a.currency::text,
        a.decline_code, a.created_at, a.updated_at;
    end
    $fn$;

    create function settle_attempt(
      p_attempt uuid, p_from text, p_to text, p_intent text, p_decline text, p_failure_reason text, p_source text,
      p_awaiting boolean, p_now timestamptz, p_until timestamptz, p_max_ext_ms bigint)
    returns table (outcome text, status text, order_pending boolean, order_failed boolean, hold_live boolean, key text)
    language plpgsql
    as $fn$
    #variable_conflict use_column
    declare
      o orders;
      a payments;
      v_pending boolean;
      v_failed boolean := false;
      v_status text;
      v_live boolean := false;
    begin
      -- Order first, then attempt: the same lock order as confirm_order.
      select * into o from orders where id = (select order_id from payments where id = p_attempt) for update;
      select * into a from payments where id = p_attempt for update;
      if o.id is null or a.id is null then
        raise exception 'Payment attempt % lost its order', p_attempt;
      end if;
      if a.status <> p_from then
        return query select 'stale', a.status, null::boolean, null::boolean, null::boolean, a.idempotency_key;
        return;
      end if;
      v_pending := o.status = 'pending_payment';
      if p_to is not null then
        update payments set status = p_to, updated_at = p_now, intent_id = coalesce(intent_id, p_intent),
                            decline_code = coalesce(p_decline, decline_code)
         where id = a.id and payments.status = p_from;
        if p_to in ('failed', 'voided') and v_pending then
          update orders set status = 'failed', failure_reason = p_failure_reason where id = o.id;
          insert into audit_log (actor_id, action, subject_type, subject_id, details)
          values (null, 'order.failed', 'order', o.id::text, jsonb_build_object('reason', p_failure_reason, 'source', p_source));
          v_pending := false;
          v_failed := true;
        end if;
      elsif p_intent is not null and a.intent_id is null then
        -- Nothing moves (the customer has yet to confirm), but the intent is ours: remember which.
        update payments set intent_id = p_intent, updated_at = p_now where id = a.id and intent_id is null;
      end if;
      v_status := coalesce(p_to, a.status);
      if v_status = 'processing' and v_pending then
        perform extend_hold_for_payment(o.hold_id, p_now, p_until, p_max_ext_ms);
      end if;
      if p_awaiting and v_pending then
        v_live := exists (select 1 from holds where id = o.hold_id and holds.status = 'active' and expires_at > p_now);
      end if;
      return query select 'ok', v_status, v_pending, v_failed, v_live, a.idempotency_key;
    end
    $fn$;

    -- 80 random bits as 16 characters of an unambiguous alphabet in groups of four (as the TypeScript
    -- wrote them): bytes of two random UUIDs, leaving out byte 6, whose version bits are fixed.
    create function new_ticket_serial() returns text
    language sql volatile
    as $fn$
      select string_agg(substr('ABCDEFGHJKLMNPQRSTUVWXYZ23456789', get_byte(b.bytes, p.pos) % 32 + 1, 1)
                        || case when p.n % 4 = 0 and p.n < 16 then '-' else '' end, '' order by p.n)
        from (select uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()) as bytes) b,
             unnest(array[0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]) with ordinality p(pos, n)
    $fn$;

    create function confirm_order(p_order uuid, p_attempt uuid, p_intent text, p_now timestamptz, p_capturable text[])
    returns table (outcome text, newly_captured boolean, settled text, event_id uuid)
    language plpgsql
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
          v_still := array(select es.seat_id from event_seats es
                            where es.event_id = o.event_id and es.hold_id = o.hold_id and es.status = 'held'
                            order by es.seat_id for update);
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
  `.execute(db);
}
