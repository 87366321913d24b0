import type { PricingOverview } from '../../api/types.js';
import { formatMoney } from '../../components/format.js';

const W = 400;
const H = 120;
const PAD = { left: 4, right: 4, top: 10, bottom: 14 };

/**
 * One tier's price over time (a step line) over its hourly sales (bars), as
 * plain SVG: the price axis on the line's own scale, sales on theirs; the
 * figures are in the caption for readers who cannot see the plot.
 */
export function PriceChart({ overview, tierId, now }: { overview: PricingOverview; tierId: string; now: number }) {
  const tier = overview.tiers.find((t) => t.id === tierId)!;
  const changes = overview.history.filter((h) => h.tierId === tierId);
  const sales = overview.sales.filter((s) => s.tierId === tierId);
  const times = [...changes.map((c) => Date.parse(c.at)), ...sales.map((s) => Date.parse(s.hour)), now];
  const start = Math.min(...times, now - 3_600_000);
  const span = Math.max(now - start, 1);
  const first = changes[0]?.old.amount ?? tier.current.amount;
  const points: [number, number][] = [
    [start, first],
    ...changes.map((c): [number, number] => [Date.parse(c.at), c.new.amount]),
    [now, tier.current.amount],
  ];
  const prices = points.map((p) => p[1]);
  const lo = Math.min(...prices) * 0.95;
  const hi = Math.max(...prices) * 1.05 || 1;
  const x = (t: number) => PAD.left + ((t - start) / span) * (W - PAD.left - PAD.right);
  const y = (p: number) => PAD.top + (1 - (p - lo) / Math.max(hi - lo, 1)) * (H - PAD.top - PAD.bottom);
  let d = `M${x(points[0]![0]).toFixed(1)},${y(points[0]![1]).toFixed(1)}`;
  for (const [t, p] of points.slice(1)) d += ` H${x(t).toFixed(1)} V${y(p).toFixed(1)}`;
  const maxSeats = Math.max(1, ...sales.map((s) => s.seats));
  const barW = Math.max(2, (3_600_000 / span) * (W - PAD.left - PAD.right) - 1);
  const sold = sales.reduce((n, s) => n + s.seats, 0);
  return (
    <figure className="price-chart" data-testid={`price-chart-${tierId}`}>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`${tier.name}: price from ${formatMoney({ ...tier.current, amount: first })} to ${formatMoney(tier.current)}, ${changes.length} changes, ${sold} seats sold`}
      >
        {sales.map((s) => {
          const h = (s.seats / maxSeats) * (H - PAD.top - PAD.bottom) * 0.6;
          return <rect key={s.hour} x={x(Date.parse(s.hour))} y={H - PAD.bottom - h} width={barW} height={h} fill="#cbd5e1" />;
        })}
        <path d={d} fill="none" stroke="#1d4ed8" strokeWidth={2} />
        <line x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} stroke="#94a3b8" />
        <text x={PAD.left} y={H - 2} fontSize={9} fill="#475569">
          {new Date(start).toISOString().slice(0, 16).replace('T', ' ')} UTC
        </text>
        <text x={W - PAD.right} y={H - 2} fontSize={9} fill="#475569" textAnchor="end">
          now
        </text>
        <text x={PAD.left} y={9} fontSize={9} fill="#1d4ed8">
          {formatMoney({ ...tier.current, amount: Math.round(hi / 1.05) })} max
        </text>
      </svg>
      <figcaption className="small">
        {tier.name}: base {formatMoney(tier.base)}, now {formatMoney(tier.current)} · {changes.length} price change
        {changes.length === 1 ? '' : 's'} · {sold} seats sold (bars: per hour)
      </figcaption>
    </figure>
  );
}
