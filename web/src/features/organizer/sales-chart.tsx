import type { SalesSummary } from '../../api/types.js';
import { formatMoney } from '../../components/format.js';
import type { Revenue } from './sales-revenue.js';

const parts = [
  { key: 'sold', label: 'Sold', fill: '#1d4ed8', pattern: '' },
  { key: 'held', label: 'Held', fill: 'url(#held-stripes)', pattern: 'striped' },
  { key: 'available', label: 'Available', fill: '#e5e7eb', pattern: '' },
] as const;

/**
 * Sold / held / available as one stacked bar (stripes for held, so the parts
 * differ by more than colour) with the numbers beside it.
 */
export function SalesChart({ sales, revenue }: { sales: SalesSummary; revenue: Revenue | null }) {
  const total = Math.max(sales.sold + sales.held + sales.available, 1);
  let x = 0;
  return (
    <figure className="sales-chart">
      <svg viewBox="0 0 400 48" role="img" aria-label={`${sales.sold} sold, ${sales.held} held, ${sales.available} available of ${total}`}>
        <defs>
          <pattern id="held-stripes" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="8" height="8" fill="#fbbf24" />
            <rect width="3" height="8" fill="#b45309" />
          </pattern>
        </defs>
        {parts.map((p) => {
          const w = (sales[p.key] / total) * 400;
          const rect = <rect key={p.key} x={x} y={4} width={w} height={40} fill={p.fill} stroke="#fff" strokeWidth={w > 0 ? 1 : 0} />;
          x += w;
          return rect;
        })}
      </svg>
      <figcaption>
        <dl className="sales-figures">
          {parts.map((p) => (
            <div key={p.key}>
              <dt>
                <span className={`key key-${p.key}`} aria-hidden="true" /> {p.label}
              </dt>
              <dd>
                {sales[p.key].toLocaleString('en-GB')} ({Math.round((sales[p.key] / total) * 100)}%)
              </dd>
            </div>
          ))}
          <div>
            <dt>Revenue</dt>
            <dd>
              {!revenue
                ? '…'
                : revenue.low === revenue.high
                  ? formatMoney({ amount: revenue.low, currency: revenue.currency })
                  : `${formatMoney({ amount: revenue.low, currency: revenue.currency })} – ${formatMoney({ amount: revenue.high, currency: revenue.currency })}`}
            </dd>
          </div>
        </dl>
      </figcaption>
    </figure>
  );
}
