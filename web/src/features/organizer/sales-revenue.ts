import type { AdminEvent, Availability, SalesSummary, SeatMap } from '../../api/types.js';
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
export function revenueOf(event: AdminEvent, sales: SalesSummary, map: SeatMap, availability: Availability): Revenue {
  const price = new Map(event.priceTiers.map((t) => [t.id, t.price.amount]));
  const seatCount = map.sections.reduce((n, s) => n + s.seats.length, 0);
  const states = decodeStates(availability.seats.data, seatCount);
  let seatedSold = 0;
  let amount = 0;
  let index = 0;
  for (const section of map.sections) {
    for (let i = 0; i < section.seats.length; i++, index++) {
      if (states[index] === seatState.sold) {
        seatedSold++;
        amount += price.get(section.seats[i]!.tierId) ?? 0;
      }
    }
  }
  const standing = map.sections.filter((s) => s.kind === 'ga').map((s) => price.get(s.tierId) ?? 0);
  const rest = Math.max(0, sales.sold - seatedSold);
  const currency = event.currency;
  if (standing.length === 0) return { low: amount, high: amount, currency };
  return { low: amount + rest * Math.min(...standing), high: amount + rest * Math.max(...standing), currency };
}
