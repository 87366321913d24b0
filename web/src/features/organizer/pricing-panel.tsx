import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { fromMinorUnits, toMinorUnits } from '../../../../src/domain/money.js';
import { ApiError } from '../../api/client.js';
import { usePausePricing, useSetManualPrice, useSetPricingPolicy } from '../../api/mutations.js';
import { adminPricingQuery } from '../../api/queries.js';
import type { PricingOverview, PricingPolicyBody } from '../../api/types.js';
import { ErrorMessage, Loading } from '../../components/feedback.js';
import { fieldMessages } from '../../components/field-error.js';
import { formatMoney } from '../../components/format.js';
import { PriceChart } from './price-chart.js';

type Signal = PricingPolicyBody['signals'][number];
const signalNames: [Signal, string][] = [
  ['sellThrough', 'Sell-through against time'],
  ['velocity', 'Sales velocity (last 15 min)'],
  ['queue', 'Waiting room length and admission rate'],
  ['holds', 'Live holds'],
  ['timeToEvent', 'Time to the event'],
];

interface TierRow {
  on: boolean;
  floor: string;
  cap: string;
  step: string;
  perHour: string;
}

const errorText = (e: unknown) => (e instanceof ApiError ? e.message : 'Could not save.');

/** The policy: fixed, or demand between a floor and a cap per tier; errors shown beside the field they concern. */
function PolicyForm({ eventId, overview }: { eventId: string; overview: PricingOverview }) {
  const save = useSetPricingPolicy(eventId);
  const { policy } = overview;
  const [mode, setMode] = useState(policy.mode);
  const [signals, setSignals] = useState<Signal[]>(policy.signals.length ? policy.signals : signalNames.map(([s]) => s));
  const [rows, setRows] = useState<Record<string, TierRow>>(() =>
    Object.fromEntries(
      overview.tiers.map((t) => {
        const p = policy.tiers.find((x) => x.tierId === t.id);
        const c = t.base.currency;
        return [
          t.id,
          {
            on: !!p,
            floor: fromMinorUnits(p?.floor.amount ?? Math.round(t.base.amount * 0.8), c),
            cap: fromMinorUnits(p?.cap.amount ?? Math.round(t.base.amount * 1.8), c),
            step: String(p?.maxStepPercent ?? 10),
            perHour: String(p?.maxChangesPerHour ?? 4),
          },
        ];
      }),
    ),
  );
  const sent = overview.tiers.filter((t) => rows[t.id]!.on).map((t) => t.id);
  const messages = fieldMessages(save.error);
  const fieldError = (tierId: string, field: string) => {
    const i = sent.indexOf(tierId);
    return i < 0 ? undefined : messages.get(`tiers/${i}/${field}`);
  };
  const set = (tierId: string, patch: Partial<TierRow>) => setRows((r) => ({ ...r, [tierId]: { ...r[tierId]!, ...patch } }));

  function submit(e: FormEvent) {
    e.preventDefault();
    const tiers = overview.tiers
      .filter((t) => rows[t.id]!.on)
      .map((t) => {
        const r = rows[t.id]!;
        const c = t.base.currency;
        return {
          tierId: t.id,
          floor: { amount: toMinorUnits(r.floor, c) ?? -1, currency: c },
          cap: { amount: toMinorUnits(r.cap, c) ?? -1, currency: c },
          maxStepPercent: Number(r.step),
          maxChangesPerHour: Number(r.perHour),
        };
      });
    save.mutate({ mode, tiers: mode === 'demand' ? tiers : [], signals: mode === 'demand' ? signals : [], paused: policy.paused });
  }

  return (
    <form className="form pricing-form" onSubmit={submit} aria-labelledby="policy-title">
      <h3 id="policy-title">Pricing policy</h3>
      <div className="field">
        <label htmlFor="pricing-mode">Mode</label>
        <select id="pricing-mode" value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
          <option value="fixed">Fixed: every tier at its base price</option>
          <option value="demand">Demand: move within a range</option>
        </select>
      </div>
      {mode === 'demand' && (
        <>
          <table className="table">
            <caption className="visually-hidden">Range per tier</caption>
            <thead>
              <tr>
                <th scope="col">Tier (base)</th>
                <th scope="col">Demand-priced</th>
                <th scope="col">Floor</th>
                <th scope="col">Cap</th>
                <th scope="col">Max step %</th>
                <th scope="col">Changes / hour</th>
              </tr>
            </thead>
            <tbody>
              {overview.tiers.map((t) => {
                const r = rows[t.id]!;
                const input = (field: keyof TierRow, label: string, errorKey: string) => (
                  <td>
                    <input
                      aria-label={`${label} of ${t.name}`}
                      value={r[field] as string}
                      disabled={!r.on}
                      inputMode="decimal"
                      size={7}
                      aria-invalid={!!fieldError(t.id, errorKey)}
                      onChange={(e) => set(t.id, { [field]: e.target.value })}
                    />
                    {fieldError(t.id, errorKey) && <p className="field-error">{fieldError(t.id, errorKey)}</p>}
                  </td>
                );
                return (
                  <tr key={t.id}>
                    <th scope="row">
                      {t.name} ({formatMoney(t.base)})
                    </th>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Demand-price ${t.name}`}
                        checked={r.on}
                        onChange={(e) => set(t.id, { on: e.target.checked })}
                      />
                    </td>
                    {input('floor', `Floor (${t.base.currency})`, 'floor/amount')}
                    {input('cap', `Cap (${t.base.currency})`, 'cap/amount')}
                    {input('step', 'Max step %', 'maxStepPercent')}
                    {input('perHour', 'Changes per hour', 'maxChangesPerHour')}
                  </tr>
                );
              })}
            </tbody>
          </table>
          <fieldset>
            <legend>Signals</legend>
            {signalNames.map(([s, label]) => (
              <label key={s} className="checkbox">
                <input
                  type="checkbox"
                  checked={signals.includes(s)}
                  onChange={(e) => setSignals((list) => (e.target.checked ? [...list, s] : list.filter((x) => x !== s)))}
                />{' '}
                {label}
              </label>
            ))}
          </fieldset>
        </>
      )}
      {save.error && <ErrorMessage error={errorText(save.error)} />}
      {save.isSuccess && <p role="status">Pricing policy saved.</p>}
      <button type="submit" className="button primary small" disabled={save.isPending}>
        Save pricing policy
      </button>
    </form>
  );
}

/** Sets one tier's price at once (and pauses demand pricing). */
function ManualPrice({ eventId, tier }: { eventId: string; tier: PricingOverview['tiers'][number] }) {
  const setPrice = useSetManualPrice(eventId);
  const [value, setValue] = useState(fromMinorUnits(tier.current.amount, tier.current.currency));
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        setPrice.mutate({
          tierId: tier.id,
          price: { amount: toMinorUnits(value, tier.current.currency) ?? -1, currency: tier.current.currency },
        });
      }}
    >
      <label htmlFor={`manual-${tier.id}`}>
        {tier.name} now {formatMoney(tier.current)} · set to ({tier.current.currency})
      </label>{' '}
      <input id={`manual-${tier.id}`} value={value} inputMode="decimal" size={8} onChange={(e) => setValue(e.target.value)} />{' '}
      <button type="submit" className="button secondary small" disabled={setPrice.isPending}>
        Set price
      </button>
      {setPrice.error && <ErrorMessage error={errorText(setPrice.error)} />}
    </form>
  );
}

/** The organizer's pricing of one event: price and sales over time per tier, pause/resume, a manual price, the policy. */
export function PricingPanel({ eventId, title }: { eventId: string; title: string }) {
  const { data, error } = useQuery({ ...adminPricingQuery(eventId), refetchInterval: 10_000 });
  const pause = usePausePricing(eventId);
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  const o = data.pricing;
  const now = Date.now();
  const demand = o.policy.mode === 'demand';
  return (
    <section className="card" aria-labelledby="pricing-title">
      <h2 id="pricing-title">Pricing: {title}</h2>
      <p>
        {demand ? (o.policy.paused ? 'Demand pricing is paused: prices stay where they are.' : 'Demand pricing is on.') : 'Fixed prices.'}{' '}
        {demand && (
          <button
            type="button"
            className="button secondary small"
            disabled={pause.isPending}
            onClick={() => pause.mutate(!o.policy.paused)}
          >
            {o.policy.paused ? 'Resume demand pricing' : 'Pause demand pricing'}
          </button>
        )}
      </p>
      {pause.error && <ErrorMessage error={errorText(pause.error)} />}
      <div className="price-charts">
        {o.tiers.map((t) => (
          <PriceChart key={t.id} overview={o} tierId={t.id} now={now} />
        ))}
      </div>
      <h3>Set a price now</h3>
      {o.tiers.map((t) => (
        <ManualPrice key={`${t.id}-${t.current.amount}`} eventId={eventId} tier={t} />
      ))}
      <PolicyForm key={JSON.stringify(o.policy)} eventId={eventId} overview={o} />
    </section>
  );
}
