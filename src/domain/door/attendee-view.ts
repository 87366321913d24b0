import type { Deps } from '../../context.js';
import type { AttendeeRow } from '../../db/repositories/door.repository.js';
import type { AttendeeView } from './door.types.js';

/** Decrypts a buyer's name and address for one row, and only for rows being shown or exported. */
export async function attendeeView(pii: Deps['pii'], r: AttendeeRow): Promise<AttendeeView> {
  return {
    ticketId: r.id,
    serial: r.serial,
    status: r.status,
    section: r.section_name,
    row: r.row_label,
    number: r.number,
    orderId: r.order_id,
    name: r.name_cipher ? await pii.open(r.name_cipher) : null,
    email: r.email_cipher ? await pii.open(r.email_cipher) : null,
  };
}

export const doorLimits = { defaultPage: 50, maxPage: 200 } as const;
