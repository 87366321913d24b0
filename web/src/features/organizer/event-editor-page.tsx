import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.js';
import { useSaveEvent } from '../../api/mutations.js';
import { adminEventQuery, adminVenuesQuery, venueQuery } from '../../api/queries.js';
import { categories, type AdminEvent, type Category, type CreateEventBody, type PatchEventBody } from '../../api/types.js';
import { ErrorMessage, Loading, Notice } from '../../components/feedback.js';
import { CurrencyOptions } from '../../components/currency-select.js';
import { FieldError, fieldMessages } from '../../components/field-error.js';
import { capitalise } from '../../components/format.js';
import { currencyExponent, fromMinorUnits, toMinorUnits } from '../../../../src/domain/money.js';
import { PricingPanel } from './pricing-panel.js';
import { WaitingListSection } from './waiting-list-section.js';
import { flash, FlashNotice } from '../../components/flash-notice.js';
import { PageTitle } from '../../components/layout.js';
import { RequireLogin } from '../../components/require-login.js';
import { fromVenueInput, toVenueInput } from '../../components/venue-time-input.js';
import { EventActions } from './event-actions.js';

interface TierDraft {
  name: string;
  price: string;
  sectionIds: string[];
}

function EventForm({ existing }: { existing: AdminEvent | null }) {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const venues = useQuery({ ...adminVenuesQuery(), enabled: !existing });
  const [venueId, setVenueId] = useState(existing?.venue.id ?? params.get('venueId') ?? '');
  const venue = useQuery({ ...venueQuery(venueId), enabled: venueId !== '' });
  const [tiers, setTiers] = useState<TierDraft[]>(
    existing?.priceTiers.map((t) => ({
      name: t.name,
      price: fromMinorUnits(t.price.amount, t.price.currency),
      sectionIds: t.sectionIds,
    })) ?? [{ name: 'Standard', price: '45', sectionIds: [] }],
  );
  // The venue's currency until the organizer picks another for this event.
  const [chosenCurrency, setCurrency] = useState<string | null>(existing?.currency ?? null);
  const save = useSaveEvent();
  const fieldErrors = fieldMessages(save.error);
  const error = save.error && (save.error instanceof ApiError ? save.error.message : 'Could not save the event.');
  // Still busy after success: the page is on its way to the dashboard.
  const busy = save.isPending || save.isSuccess;
  const draft = !existing || existing.status === 'draft';
  const sections = venue.data?.venue.sections;
  // Showtime and sale window are the venue's clock; until a venue is chosen there is no zone to read them in.
  const timeZone = existing?.venue.timezone ?? venue.data?.venue.timezone;
  const currency = chosenCurrency ?? venue.data?.venue.currency ?? 'EUR';
  const priceStep = 10 ** -currencyExponent(currency);
  // Which submit button was pressed: both submit the same form.
  const publishing = useRef(false);

  const setTier = (i: number, patch: Partial<TierDraft>) => setTiers((prev) => prev.map((t, j) => (j === i ? { ...t, ...patch } : t)));

  function submit(e: FormEvent<HTMLFormElement>, publish: boolean) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    if (!timeZone) return;
    const fields = {
      title: String(form.get('title')),
      description: String(form.get('description')),
      category: String(form.get('category')) as Category,
      startsAt: fromVenueInput(form.get('startsAt'), timeZone)!,
      performers: String(form.get('performers'))
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
      perUserLimit: Number(form.get('perUserLimit')),
      holdSeconds: Number(form.get('holdMinutes')) * 60,
      cancellationCutoffHours: Number(form.get('cancellationCutoffHours')),
      transferCutoffMinutes: Number(form.get('transferCutoffMinutes')),
    };
    const saleStartsAt = fromVenueInput(form.get('saleStartsAt'), timeZone);
    const saleEndsAt = fromVenueInput(form.get('saleEndsAt'), timeZone);
    const priceTiers = draft
      ? tiers.map((t) => ({
          name: t.name,
          price: { amount: toMinorUnits(t.price, currency) ?? Number.NaN, currency },
          sectionIds: t.sectionIds,
        }))
      : undefined;
    const title = fields.title;
    const done = publish ? `“${title}” is published.` : existing ? `“${title}” is saved.` : `“${title}” is created as a draft.`;
    const onSuccess = () => navigate('/organizer', flash(done));
    if (existing) {
      const patch: PatchEventBody = { ...fields, priceTiers, saleStartsAt: saleStartsAt ?? null, saleEndsAt: saleEndsAt ?? null };
      save.mutate({ id: existing.id, patch, publish }, { onSuccess });
    } else {
      const create: CreateEventBody = { ...fields, priceTiers: priceTiers!, venueId, saleStartsAt, saleEndsAt };
      save.mutate({ id: null, create, publish }, { onSuccess });
    }
  }

  return (
    <form className="card form editor" onSubmit={(e) => submit(e, publishing.current)}>
      {!draft && <Notice>This event is published: prices and sections are fixed.</Notice>}
      <div className="field">
        <label htmlFor="e-title">Title</label>
        <input
          id="e-title"
          name="title"
          required
          maxLength={200}
          defaultValue={existing?.title}
          aria-invalid={fieldErrors.has('title') || undefined}
          aria-describedby="e-title-error"
        />
        <FieldError messages={fieldErrors} field="title" id="e-title-error" />
      </div>
      <div className="field">
        <label htmlFor="e-description">Description</label>
        <textarea id="e-description" name="description" rows={4} maxLength={10000} defaultValue={existing?.description} />
      </div>
      <div className="field-pair">
        <div className="field">
          <label htmlFor="e-category">Category</label>
          <select id="e-category" name="category" defaultValue={existing?.category ?? 'concert'}>
            {categories.map((c) => (
              <option key={c} value={c}>
                {capitalise(c)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="e-starts">Starts at</label>
          <input
            id="e-starts"
            name="startsAt"
            type="datetime-local"
            required
            aria-describedby="e-zone e-starts-error"
            aria-invalid={fieldErrors.has('startsAt') || undefined}
            defaultValue={existing ? toVenueInput(existing.startsAt, existing.venue.timezone) : ''}
          />
          <FieldError messages={fieldErrors} field="startsAt" id="e-starts-error" />
          <p className="hint" id="e-zone">
            {timeZone ? `Times are in the venue's time zone, ${timeZone}.` : "Times are in the venue's time zone."}
          </p>
        </div>
      </div>
      <div className="field">
        <label htmlFor="e-performers">Performers (comma separated)</label>
        <input id="e-performers" name="performers" required defaultValue={existing?.performers.map((p) => p.name).join(', ')} />
        <FieldError messages={fieldErrors} field="performers" id="e-performers-error" prefix />
      </div>
      {!existing && (
        <div className="field">
          <label htmlFor="e-venue">Venue</label>
          {venues.isPending ? (
            <Loading />
          ) : (
            <select id="e-venue" value={venueId} onChange={(e) => setVenueId(e.target.value)} required>
              <option value="">Choose a venue</option>
              {venues.data?.items.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name}, {v.city} ({v.capacity.toLocaleString('en-GB')})
                </option>
              ))}
            </select>
          )}
          <p className="hint">
            Or <Link to="/organizer/venues/new">build a new venue</Link>.
          </p>
        </div>
      )}
      <fieldset disabled={!draft}>
        <legend>Price tiers (all-in prices; each section in one tier)</legend>
        <div className="field">
          <label htmlFor="e-currency">Currency</label>
          <select id="e-currency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
            <CurrencyOptions />
          </select>
        </div>
        {tiers.map((t, i) => (
          <div className="tier-row" key={i}>
            <div className="field">
              <label htmlFor={`t-name-${i}`}>Tier {i + 1} name</label>
              <input id={`t-name-${i}`} value={t.name} onChange={(e) => setTier(i, { name: e.target.value })} required />
            </div>
            <div className="field">
              <label htmlFor={`t-price-${i}`}>Price ({currency})</label>
              <input
                id={`t-price-${i}`}
                type="number"
                min={0}
                step={priceStep}
                value={t.price}
                onChange={(e) => setTier(i, { price: e.target.value })}
                required
                aria-describedby={`t-price-${i}-error`}
              />
              <FieldError messages={fieldErrors} field={`priceTiers/${i}/price`} id={`t-price-${i}-error`} prefix />
            </div>
            <fieldset className="tier-sections" aria-describedby={`t-sections-${i}-error`}>
              <legend>Sections</legend>
              <FieldError messages={fieldErrors} field={`priceTiers/${i}/sectionIds`} id={`t-sections-${i}-error`} prefix />
              {sections?.map((s) => (
                <div className="checkbox" key={s.id}>
                  <input
                    type="checkbox"
                    id={`t-${i}-${s.id}`}
                    checked={t.sectionIds.includes(s.id)}
                    onChange={(e) =>
                      setTier(i, { sectionIds: e.target.checked ? [...t.sectionIds, s.id] : t.sectionIds.filter((x) => x !== s.id) })
                    }
                  />
                  <label htmlFor={`t-${i}-${s.id}`}>
                    {s.name} ({s.capacity.toLocaleString('en-GB')})
                  </label>
                </div>
              )) ?? <p className="muted small">Choose a venue first.</p>}
            </fieldset>
          </div>
        ))}
        <button
          type="button"
          className="button secondary"
          onClick={() => setTiers((prev) => [...prev, { name: `Tier ${prev.length + 1}`, price: '30', sectionIds: [] }])}
        >
          Add tier
        </button>
      </fieldset>
      <div className="field-pair">
        <div className="field">
          <label htmlFor="e-limit">Tickets per person</label>
          <input id="e-limit" name="perUserLimit" type="number" min={1} max={50} defaultValue={existing?.perUserLimit ?? 6} />
        </div>
        <div className="field">
          <label htmlFor="e-hold">Hold time (minutes)</label>
          <input
            id="e-hold"
            name="holdMinutes"
            type="number"
            min={1}
            max={60}
            defaultValue={existing ? Math.round(existing.holdSeconds / 60) : 10}
          />
        </div>
        <div className="field">
          <label htmlFor="e-cutoff">Cancellation cut-off (hours before)</label>
          <input
            id="e-cutoff"
            name="cancellationCutoffHours"
            type="number"
            min={0}
            defaultValue={existing?.cancellationCutoffHours ?? 48}
          />
        </div>
        <div className="field">
          <label htmlFor="e-transfer-cutoff">Ticket transfers close (minutes before)</label>
          <input
            id="e-transfer-cutoff"
            name="transferCutoffMinutes"
            type="number"
            min={0}
            max={43200}
            defaultValue={existing?.transferCutoffMinutes ?? 60}
          />
        </div>
      </div>
      <div className="field-pair">
        <div className="field">
          <label htmlFor="e-sale-start">Sale opens (empty: when published)</label>
          <input
            id="e-sale-start"
            name="saleStartsAt"
            type="datetime-local"
            aria-describedby="e-zone e-sale-start-error"
            aria-invalid={fieldErrors.has('saleStartsAt') || undefined}
            defaultValue={existing ? toVenueInput(existing.saleStartsAt, existing.venue.timezone) : ''}
          />
          <FieldError messages={fieldErrors} field="saleStartsAt" id="e-sale-start-error" />
        </div>
        <div className="field">
          <label htmlFor="e-sale-end">Sale closes (empty: at the start)</label>
          <input
            id="e-sale-end"
            name="saleEndsAt"
            type="datetime-local"
            aria-describedby="e-zone e-sale-end-error"
            aria-invalid={fieldErrors.has('saleEndsAt') || undefined}
            defaultValue={existing ? toVenueInput(existing.saleEndsAt, existing.venue.timezone) : ''}
          />
          <FieldError messages={fieldErrors} field="saleEndsAt" id="e-sale-end-error" />
        </div>
      </div>
      {error && <ErrorMessage error={error} />}
      <div className="actions">
        <button className="button secondary" type="submit" disabled={busy} onClick={() => (publishing.current = false)}>
          {existing ? 'Save changes' : 'Save as draft'}
        </button>
        {draft && (
          <button className="button primary" type="submit" disabled={busy} onClick={() => (publishing.current = true)}>
            {existing ? 'Save and publish' : 'Create and publish'}
          </button>
        )}
      </div>
    </form>
  );
}

function Editor() {
  const { id } = useParams();
  // The form is seeded once, so it waits for a copy fetched for this visit, not one cached from an earlier one.
  const existing = useQuery({ ...adminEventQuery(id ?? ''), enabled: id !== undefined, refetchOnMount: 'always' });
  if (existing.error) return <ErrorMessage error={existing.error} />;
  if (id && !existing.isFetchedAfterMount) return <Loading />;
  const event = existing.data?.event ?? null;
  // A cancelled or removed event is frozen: only what can still be done with it is offered.
  const editable = !event || event.status === 'draft' || event.status === 'published';
  return (
    <>
      <PageTitle>{id ? (editable ? 'Edit event' : event?.title) : 'New event'}</PageTitle>
      <FlashNotice />
      {event && editable && (
        <p>
          <Link to={`/organizer/events/${event.id}/access-codes`}>Presale and access codes</Link>
        </p>
      )}
      {editable && <EventForm existing={event} />}
      {event && <EventActions event={event} />}
      {event && <PricingPanel eventId={event.id} title={event.title} />}
      {event?.status === 'published' && <WaitingListSection event={event} />}
    </>
  );
}

export default function EventEditorPage() {
  return (
    <RequireLogin roles={['organizer', 'admin']}>
      <Editor />
    </RequireLogin>
  );
}
