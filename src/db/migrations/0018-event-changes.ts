import { sql, type Kysely } from 'kysely';

/**
 * Event changes (issue 13): a cancelled event keeps why and when, so its page
 * and every booking can say so; a rescheduled event keeps where it came from
 * and until when holders who booked before the move may cancel for a full
 * refund whatever the usual cut-off says.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table events add column cancel_reason text;
    alter table events add column cancelled_at timestamptz;
    alter table events add column rescheduled_from timestamptz;
    alter table events add column rescheduled_at timestamptz;
    alter table events add column reschedule_refund_until timestamptz;
    alter table events add constraint events_cancel_reason_chk check ((status = 'cancelled') = (cancel_reason is not null));
  `.execute(db);
}
