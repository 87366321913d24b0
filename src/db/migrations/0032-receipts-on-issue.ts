import { sql, type Kysely } from 'kysely';

/**
 * A confirmed order's receipt is numbered when it is first needed — by the confirmation mail, a download or a
 * cancellation's credit note — instead of inside `confirm_order` (issue 9, found by `bench:onsale`).
 *
 * The receipt took its number from the organizer's counter row in the confirmation's transaction, so every
 * confirmation of an organizer waited for the one before it to commit: in a 100,000-fan sale `confirm_order` took
 * 22 ms on average (84 ms with a pool of 60), nearly all of it waiting on that row, and the waiting confirmations held
 * a third of the API's database connections while the rest of the sale queued for them.
 *
 * `issue_receipt(order, now)` numbers the receipt of a confirmed order (`confirmed_at` set, so also one cancelled
 * since) or hands back its number; null for an order that was never confirmed. It locks the order row first, so two
 * issuers of one order (the mail and a download at the same moment) number it once, and takes the number and writes
 * the receipt in one transaction: a rollback gives the number back and the series stays gapless. Numbers follow the
 * order in which receipts are issued, which is what a series of issued documents counts.
 *
 * `confirm_order` is 0031's without the receipt.
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
          -- The hold's seats by primary key, locked in seat order; then those still held by this hold (migration 0031).
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

    -- The next number of an organizer's series, in the caller's transaction (its rollback gives the number back): the
    -- receipts' and the credit notes' (src/db/repositories/receipts.repository.ts) one way of taking a number.
    create or replace function next_document_number(p_organizer uuid, p_series text)
    returns integer
    language sql
    as $fn$
      insert into document_counters as c (organizer_id, series, last_number) values (p_organizer, p_series, 1)
      on conflict (organizer_id, series) do update set last_number = c.last_number + 1
      returning last_number
    $fn$;

    create or replace function issue_receipt(p_order uuid, p_now timestamptz)
    returns integer
    language plpgsql
    as $fn$
    declare
      o orders;
      v_number integer;
      v_organizer uuid;
      v_tax integer;
    begin
      select * into o from orders where id = p_order for no key update;
      if not found or o.confirmed_at is null then
        return null;
      end if;
      select r.number into v_number from receipts r where r.order_id = p_order and r.kind = 'receipt';
      if found then
        return v_number;
      end if;
      select e.organizer_id, v.tax_rate_bp into v_organizer, v_tax
        from events e join venues v on v.id = e.venue_id where e.id = o.event_id;
      v_number := next_document_number(v_organizer, 'receipt');
      insert into receipts (organizer_id, kind, number, order_id, amount, currency, tax_rate_bp, issued_at)
      values (v_organizer, 'receipt', v_number, o.id, o.total_amount, o.currency, v_tax, p_now);
      return v_number;
    end
    $fn$;
  `.execute(db);
}
