import type { MyHold } from '../api/types.js';
import { formatMoney } from './format.js';

/** The seats of a hold with their locked prices, as the checkout and My bookings list them. */
export function HeldSeatList({ seats }: { seats: MyHold['seats'] }) {
  return (
    <ul className="selected-list">
      {seats.map((s) => (
        <li key={s.id}>
          <span>
            {s.section}
            {s.row ? ` · Row ${s.row} · Seat ${s.number}` : ' · Standing'}
          </span>
          <span>{formatMoney(s.price)}</span>
        </li>
      ))}
    </ul>
  );
}
