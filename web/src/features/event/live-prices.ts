import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { keys } from '../../api/queries.js';
import type { Availability, EventDetail } from '../../api/types.js';

/**
 * A price the live stream reports that differs from the page's copy of the
 * event is written into that copy, so the price list, the seat map's tooltips
 * and the selection total all show the new price at once; the price history
 * is refetched to explain it.
 */
export function useLivePrices(event: EventDetail, prices: Availability['prices'] | null): void {
  const client = useQueryClient();
  useEffect(() => {
    if (!prices) return;
    const changed = event.priceTiers.some((t) => prices[t.id] !== undefined && prices[t.id] !== t.price.amount);
    if (!changed) return;
    client.setQueryData<EventDetail>(keys.event(event.id), (old) =>
      old
        ? {
            ...old,
            priceTiers: old.priceTiers.map((t) =>
              prices[t.id] === undefined ? t : { ...t, price: { ...t.price, amount: prices[t.id]! } },
            ),
          }
        : old,
    );
    void client.invalidateQueries({ queryKey: keys.priceHistory(event.id) });
  }, [client, event, prices]);
}
