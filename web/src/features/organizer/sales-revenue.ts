import type { AdminEvent, Availability, SalesSummary, SeatLayout } from '../../api/types.js';
import { decodeStates, seatState } from '../seat-map/seat-map-model.js';

export interface Revenue {
  low: number;
  high: number;
  currency: string;
}

/**
 * Revenue at the tier prices, from what the public availability says is sold:
 * seated sections seat by seat, standing areas from the remainder. Exact unless
 * an event has several standing areas at different prices (then a range).
 */
export function revenueOf(event: AdminEvent, sales: SalesSummary, map: SeatLayout, availability: Availability): Revenue {
  const price = new Map(event.priceTiers.map((t) => [t.id, t.price.amount]));
  const states = decodeStates(availability.seats.data, map.seatCount);
  let seatedSold = 0;
  let amount = 0;
  let index = 0;
  // A section's seats are one tier, in seat-map order.
  for (const section of map.sections) {
    const seats = section.rows.count.reduce((n, c) => n + c, 0);
    for (let i = 0; i < seats; i++, index++) {
      if (states[index] === seatState.sold) {
        seatedSold++;
        amount += price.get(section.tierId) ?? 0;
      }
    }
  }
  const standing = map.sections.filter((s) => s.kind === 'ga').map((s) => price.get(s.tierId) ?? 0);
  const rest = Math.max(0, sales.sold - seatedSold);
  const currency = event.currency;
  if (standing.length === 0) return { low: amount, high: amount, currency };
  return { low: amount + rest * Math.min(...standing), high: amount + rest * Math.max(...standing), currency };
}
