import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useQuotePrices } from '../../api/mutations.js';
import { priceHistoryQuery } from '../../api/queries.js';
import type { EventDetail } from '../../api/types.js';
import { formatDate, formatMoney } from '../../components/format.js';

const reasonText: Record<string, string> = {
  demand_up: 'demand rose',
  demand_down: 'demand fell',
  into_bounds: 'range changed',
  manual: 'set by the organizer',
};

/** An admitted fan's prices, asked for once per visit: the first quote stands for the turn. */
function AdmissionQuote({ event, token }: { event: EventDetail; token: string }) {
  const quote = useQuotePrices(event.id, token);
  const { mutate } = quote;
  useEffect(() => mutate(), [mutate]);
  const q = quote.data?.quote;
  if (!q?.expiresAt) return null;
  return (
    <p className="notice" data-testid="price-quote">
      <strong>Your prices are kept for your turn:</strong>{' '}
      {q.prices.map((p) => `${event.priceTiers.find((t) => t.id === p.tierId)?.name ?? 'Tier'} ${formatMoney(p.price)}`).join(', ')} until{' '}
      {formatDate(q.expiresAt, event.venue.timezone)} (venue time), even if demand pricing raises them meanwhile.
    </p>
  );
}

function RecentChanges({ event }: { event: EventDetail }) {
  const { data } = useQuery(priceHistoryQuery(event.id));
  const items = data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <details className="price-history">
      <summary>Price changes ({items.length})</summary>
      <ul>
        {items.map((h) => (
          <li key={`${h.at}-${h.tierId}`}>
            <time dateTime={h.at}>{formatDate(h.at, event.venue.timezone)}</time>: {h.tierName} {formatMoney(h.old)} → {formatMoney(h.new)}{' '}
            ({reasonText[h.reason] ?? h.reason})
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The tiers with their current all-in prices; a demand-priced tier says so and shows its range. */
export function PriceList({ event, colour, queueToken }: { event: EventDetail; colour(id: string): string; queueToken: string | null }) {
  const demand = event.priceTiers.some((t) => t.demand);
  return (
    <>
      <ul className="tiers">
        {event.priceTiers.map((t) => (
          <li key={t.id} data-testid={`tier-${t.id}`}>
            <span className="swatch" style={{ background: colour(t.id) }} aria-hidden="true" />
            <span>
              {t.name}
              {t.demand && (
                <span className="small muted">
                  {' '}
                  · demand-priced {formatMoney(t.demand.floor)}–{formatMoney(t.demand.cap)}
                  {t.demand.paused ? ' (held where it is)' : ''}
                </span>
              )}
            </span>
            <strong aria-live="polite" data-testid="tier-price">
              {formatMoney(t.price)}
            </strong>
          </li>
        ))}
      </ul>
      {demand && (
        <p className="hint">
          Demand-priced tiers move with demand, within the range shown and in limited steps; this page updates live. The price you see when
          you hold seats is locked for that hold and its order.
          {queueToken
            ? ''
            : ' If you come through a waiting room, you keep the prices shown when your turn comes for the length of your turn.'}
        </p>
      )}
      {demand && queueToken && <AdmissionQuote event={event} token={queueToken} />}
      {demand && <RecentChanges event={event} />}
    </>
  );
}
