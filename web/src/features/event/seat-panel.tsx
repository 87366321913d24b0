import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/client.js';
import { useHoldSeats } from '../../api/mutations.js';
import { seatMapQuery } from '../../api/queries.js';
import type { AccessCodeCheck, EventDetail, HoldBody } from '../../api/types.js';
import { useSession } from '../../auth/session.js';
import { ErrorMessage, Loading, Notice } from '../../components/feedback.js';
import { formatMoney } from '../../components/format.js';
import { SeatMapView } from '../seat-map/seat-map.js';
import { buildSeatMapModel, seatState, stateNames } from '../seat-map/seat-map-model.js';
import { useLiveAvailability } from '../seat-map/use-live-availability.js';
import { useLivePrices } from './live-prices.js';

const pendingKey = (eventId: string) => `boxoffice.pending.${eventId}`;

function Legend() {
  return (
    <ul className="legend" aria-label="Seat map legend">
      <li>
        <svg viewBox="-1 -1 2 2" width="16" height="16" aria-hidden="true">
          <circle r="0.8" fill="#2563eb" />
        </svg>
        Available (colour = price)
      </li>
      <li>
        <svg viewBox="-1 -1 2 2" width="16" height="16" aria-hidden="true">
          <circle r="0.6" fill="none" stroke="#6b7280" strokeWidth="0.3" />
        </svg>
        Held by someone
      </li>
      <li>
        <svg viewBox="-1 -1 2 2" width="16" height="16" aria-hidden="true">
          <rect x="-0.55" y="-0.55" width="1.1" height="1.1" fill="#9ca3af" />
        </svg>
        Sold
      </li>
      <li>
        <svg viewBox="-1 -1 2 2" width="16" height="16" aria-hidden="true">
          <circle r="0.9" fill="#111827" />
          <path d="M-0.4 0l0.27 0.32l0.5-0.6" stroke="#fff" strokeWidth="0.22" fill="none" />
        </svg>
        Your selection
      </li>
      <li>
        <svg viewBox="-1 -1 2 2" width="16" height="16" aria-hidden="true">
          <rect x="-0.8" y="-0.8" width="1.6" height="1.6" fill="none" stroke="#1d4ed8" strokeWidth="0.25" />
        </svg>
        Wheelchair space
      </li>
      <li>
        <svg viewBox="-1 -1 2 2" width="16" height="16" aria-hidden="true">
          <circle r="0.75" fill="none" stroke="#b45309" strokeWidth="0.25" strokeDasharray="0.4 0.2" />
        </svg>
        Restricted view
      </li>
    </ul>
  );
}

/** `queueToken`: this account's admitted waiting-room token when the event has a waiting room. */
export function SeatPanel({
  event,
  tierColour,
  queueToken,
  accessCode = null,
}: {
  event: EventDetail;
  tierColour(tierId: string): string;
  queueToken?: string | null;
  /** An accepted access code: sent with the hold; the hidden tiers it unlocks are priced here. */
  accessCode?: AccessCodeCheck | null;
}) {
  const { data: seatMap, error, refetch } = useQuery(seatMapQuery(event.id));
  const model = useMemo(() => {
    if (!seatMap) return null;
    const started = performance.now();
    const built = buildSeatMapModel(seatMap);
    performance.measure('seatmap-model', { start: started, end: performance.now() });
    return built;
  }, [seatMap]);
  const live = useLiveAvailability(event.id, model?.seats.length ?? 0);
  useLivePrices(event, live.prices);
  // Until the map has loaded, states decoded for another seat count mean nothing.
  const states = model && live.states?.length === model.seats.length ? live.states : null;
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [message, setMessage] = useState<{ tone: 'error' | 'warning'; text: string } | null>(null);
  const holdSeats = useHoldSeats(event.id, queueToken);
  const busy = holdSeats.isPending;
  const { user } = useSession();
  const navigate = useNavigate();
  const priceOf = useMemo(
    () => new Map([...event.priceTiers, ...(accessCode?.unlocksTiers ?? [])].map((t) => [t.id, t.price])),
    [event.priceTiers, accessCode],
  );

  // A selection made before signing in comes back afterwards.
  useEffect(() => {
    if (!model) return;
    const saved = sessionStorage.getItem(pendingKey(event.id));
    if (!saved) return;
    sessionStorage.removeItem(pendingKey(event.id));
    const ids = JSON.parse(saved) as string[];
    setSelected(new Set(ids.map((id) => model.indexById.get(id)).filter((i): i is number => i !== undefined)));
  }, [model, event.id]);

  // Someone else took a seat we had picked: drop it and say so.
  useEffect(() => {
    if (!states) return;
    setSelected((prev) => {
      const gone = [...prev].filter((i) => states[i] !== seatState.available);
      if (gone.length === 0) return prev;
      setMessage({
        tone: 'warning',
        text: `${gone.length === 1 ? 'A seat you picked was' : `${gone.length} seats you picked were`} just taken by someone else.`,
      });
      return new Set([...prev].filter((i) => !gone.includes(i)));
    });
  }, [states]);

  if (error) return <ErrorMessage error={error} onRetry={() => void refetch()} />;
  if (!model) return <Loading label="Loading the seat map…" />;

  const seats = [...selected].map((i) => model.seats[i]!);
  const total = seats.reduce((sum, s) => sum + (priceOf.get(s.tierId)?.amount ?? 0), 0);
  const currency = event.currency;
  const sectionName = (i: number) => model.sections[model.sectionOf[i]!]!.name;

  function toggle(index: number) {
    setMessage(null);
    const state = states?.[index] ?? seatState.available;
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(index)) next.delete(index);
      else if (state !== seatState.available) setMessage({ tone: 'warning', text: 'That seat is not available.' });
      else if (next.size >= event.perUserLimit) setMessage({ tone: 'warning', text: `You can pick up to ${event.perUserLimit} seats.` });
      else next.add(index);
      return next;
    });
  }

  function hold(body: HoldBody) {
    if (!user) {
      if ('seatIds' in body) sessionStorage.setItem(pendingKey(event.id), JSON.stringify(body.seatIds));
      navigate(`/login?next=${encodeURIComponent(`/events/${event.id}`)}`);
      return;
    }
    setMessage(null);
    holdSeats.mutate(accessCode ? { ...body, accessCode: accessCode.code } : body, {
      onSuccess: ({ hold: created }) => navigate(`/checkout/${created.id}`),
      onError: (err) => {
        // Not (or no longer) admitted from the waiting room: back in line, where the place is kept.
        if (err instanceof ApiError && err.code === 'QUEUE_TOKEN_REQUIRED') {
          navigate(`/events/${event.id}/queue`);
          return;
        }
        setMessage({ tone: 'error', text: holdErrorText(err) });
        if (err instanceof ApiError && err.code === 'SEATS_UNAVAILABLE') {
          const taken = new Set(((err.details as { seatIds?: string[] } | undefined)?.seatIds ?? []).map((id) => model!.indexById.get(id)));
          setSelected((prev) => new Set([...prev].filter((i) => !taken.has(i))));
        }
      },
    });
  }

  return (
    <section className="seat-panel" aria-labelledby="seats-title">
      <h2 id="seats-title">Choose your seats</h2>
      <p className="muted small" aria-live="off">
        {live.live ? 'Live: seats taken by others grey out as it happens.' : 'Connecting to live availability…'}
      </p>
      <Legend />
      <div className="seat-layout">
        <SeatMapView
          model={model}
          states={states}
          selected={selected}
          tierColour={tierColour}
          availableIn={(id) => live.sections[id]?.available}
          onToggleSeat={toggle}
          onPickArea={(id) => {
            const select = document.getElementById('best-section') as HTMLSelectElement | null;
            if (select) {
              select.value = id;
              select.focus();
            }
          }}
          describeSeat={(i) => {
            const seat = model.seats[i]!;
            const price = priceOf.get(seat.tierId);
            const state = stateNames[states?.[i] ?? 0] ?? 'available';
            return `${sectionName(i)}, row ${seat.row}, seat ${seat.number}: ${state}${selected.has(i) ? ', selected' : ''}${price ? `, ${formatMoney(price)}` : ''}${seatFlags(
              seat,
            )
              .map((f) => `, ${f}`)
              .join('')}`;
          }}
          seatDetails={(i) => {
            const seat = model.seats[i]!;
            const price = priceOf.get(seat.tierId);
            const state = selected.has(i) ? 'selected' : (stateNames[states?.[i] ?? 0] ?? 'available');
            return {
              place: `${sectionName(i)} · Row ${seat.row} · Seat ${seat.number}`,
              details: [price ? formatMoney(price) : null, state, ...seatFlags(seat)].filter(Boolean).join(' · '),
            };
          }}
        />
        <aside className="selection card" aria-labelledby="selection-title">
          <h3 id="selection-title">Your seats</h3>
          {seats.length === 0 ? (
            <p className="muted">Pick seats on the map, or let us find the best ones below.</p>
          ) : (
            <ul className="selected-list">
              {[...selected].map((i) => {
                const seat = model.seats[i]!;
                return (
                  <li key={seat.id}>
                    <span>
                      {sectionName(i)} · Row {seat.row} · Seat {seat.number}
                    </span>
                    <span>{formatMoney(priceOf.get(seat.tierId) ?? { amount: 0, currency })}</span>
                    <button
                      type="button"
                      className="icon-button small"
                      aria-label={`Remove row ${seat.row} seat ${seat.number}`}
                      onClick={() => toggle(i)}
                    >
                      ×
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
          {seats.length > 0 && (
            <p className="total">
              Total <strong>{formatMoney({ amount: total, currency })}</strong>
            </p>
          )}
          {message && (message.tone === 'error' ? <ErrorMessage error={message.text} /> : <Notice tone="warning">{message.text}</Notice>)}
          <button
            type="button"
            className="button primary wide"
            disabled={busy || seats.length === 0}
            onClick={() => hold({ seatIds: seats.map((s) => s.id) })}
          >
            {busy ? 'Holding…' : seats.length ? `Hold ${seats.length} seat${seats.length > 1 ? 's' : ''}` : 'Hold seats'}
          </button>
          <BestAvailable event={event} model={model} available={live.sections} busy={busy} onHold={hold} />
        </aside>
      </div>
    </section>
  );
}

function BestAvailable(props: {
  event: EventDetail;
  model: ReturnType<typeof buildSeatMapModel>;
  available: Record<string, { available: number; total: number }>;
  busy: boolean;
  onHold(body: { sectionId: string; quantity: number }): void;
}) {
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    props.onHold({ sectionId: String(form.get('sectionId')), quantity: Number(form.get('quantity')) });
  }
  return (
    <form className="best-available" onSubmit={submit} aria-labelledby="best-title">
      <h3 id="best-title">Best available</h3>
      <div className="field">
        <label htmlFor="best-section">Section or standing area</label>
        <select id="best-section" name="sectionId" required>
          {props.model.sections.map((s) => (
            <option key={s.id} value={s.id} disabled={props.available[s.id]?.available === 0}>
              {s.name}
              {s.kind === 'ga' ? ' (standing)' : ''} — {props.available[s.id]?.available ?? '…'} left
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="best-quantity">Tickets</label>
        <select id="best-quantity" name="quantity" defaultValue="2">
          {Array.from({ length: props.event.perUserLimit }, (_, i) => i + 1).map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </div>
      <button className="button secondary wide" type="submit" disabled={props.busy}>
        Find best seats
      </button>
    </form>
  );
}

function seatFlags(seat: { accessible: boolean; restricted: boolean }): string[] {
  return [seat.accessible ? 'wheelchair space' : null, seat.restricted ? 'restricted view' : null].filter((f): f is string => f !== null);
}

function holdErrorText(err: unknown): string {
  if (!(err instanceof ApiError)) return 'Something went wrong. Please try again.';
  switch (err.code) {
    case 'SEATS_UNAVAILABLE':
      return 'Sorry, some of those seats were just taken. Nothing was held; please pick again.';
    case 'ACTIVE_BOOKING_EXISTS':
      return 'You already have seats held or booked for this event: continue to checkout above, or see My bookings.';
    case 'LIMIT_EXCEEDED':
      return err.message;
    case 'NOT_ON_SALE':
      return 'Tickets for this event are not on sale right now.';
    case 'BUSY':
      return 'Lots of people are booking right now. Please try again in a moment.';
    default:
      return err.message;
  }
}
