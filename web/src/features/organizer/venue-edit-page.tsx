import { useQuery } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client.js';
import { useUpdateVenue } from '../../api/mutations.js';
import { venueQuery } from '../../api/queries.js';
import type { VenueReply } from '../../api/types.js';
import { CurrencyOptions } from '../../components/currency-select.js';
import { ErrorMessage, Loading, Notice } from '../../components/feedback.js';
import { FieldError, fieldMessages } from '../../components/field-error.js';
import { flash } from '../../components/flash-notice.js';
import { PageTitle } from '../../components/layout.js';
import { RequireLogin } from '../../components/require-login.js';
import { toSectionInput, type SectionDraft } from './section-draft.js';

type Venue = VenueReply['venue'];

/**
 * A venue's details change any time; its layout only while no event there was
 * ever published (the server answers 409 with why, shown here).
 */
function VenueForm({ venue }: { venue: Venue }) {
  const navigate = useNavigate();
  const update = useUpdateVenue(venue.id);
  const fields = fieldMessages(update.error);
  const timezones = useMemo(() => Intl.supportedValuesOf('timeZone'), []);
  const [relayout, setRelayout] = useState(false);
  const [sections, setSections] = useState<SectionDraft[]>(
    venue.sections.map((s) => ({ name: s.name, kind: s.kind, rows: 1, seatsPerRow: s.capacity, capacity: s.capacity })),
  );
  const setSection = (i: number, patch: Partial<SectionDraft>) =>
    setSections((prev) => prev.map((s, j) => (j === i ? { ...s, ...patch } : s)));

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const name = String(form.get('name'));
    update.mutate(
      {
        name,
        city: String(form.get('city')),
        address: String(form.get('address')),
        timezone: String(form.get('timezone')),
        currency: String(form.get('currency')),
        ...(relayout ? { sections: sections.map(toSectionInput) } : {}),
      },
      { onSuccess: () => navigate('/organizer/venues', flash(`“${name}” is saved.`)) },
    );
  }

  return (
    <form className="card form" onSubmit={submit}>
      <div className="field">
        <label htmlFor="v-name">Name</label>
        <input id="v-name" name="name" required maxLength={200} defaultValue={venue.name} />
      </div>
      <div className="field-pair">
        <div className="field">
          <label htmlFor="v-city">City</label>
          <input id="v-city" name="city" required maxLength={100} defaultValue={venue.city} />
        </div>
        <div className="field">
          <label htmlFor="v-tz">Time zone</label>
          <select id="v-tz" name="timezone" defaultValue={venue.timezone} aria-describedby="v-tz-error">
            {timezones.map((tz) => (
              <option key={tz} value={tz}>
                {tz}
              </option>
            ))}
          </select>
          <FieldError messages={fields} field="timezone" id="v-tz-error" />
        </div>
      </div>
      <div className="field">
        <label htmlFor="v-address">Address</label>
        <input id="v-address" name="address" maxLength={300} defaultValue={venue.address} />
      </div>
      <div className="field">
        <label htmlFor="v-currency">Currency</label>
        <select id="v-currency" name="currency" defaultValue={venue.currency} aria-describedby="v-currency-error">
          <CurrencyOptions />
        </select>
        <FieldError messages={fields} field="currency" id="v-currency-error" />
      </div>
      <fieldset>
        <legend>Layout</legend>
        <ul>
          {venue.sections.map((s) => (
            <li key={s.id}>
              {s.name}: {s.kind === 'ga' ? 'standing' : 'seated'}, {s.capacity.toLocaleString('en-GB')} places
            </li>
          ))}
        </ul>
        <div className="checkbox">
          <input id="v-relayout" type="checkbox" checked={relayout} onChange={(e) => setRelayout(e.target.checked)} />
          <label htmlFor="v-relayout">Replace the layout (only while no event here was ever published)</label>
        </div>
        {relayout &&
          sections.map((s, i) => (
            <div className="tier-row" key={i}>
              <div className="field">
                <label htmlFor={`s-name-${i}`}>Section {i + 1} name</label>
                <input id={`s-name-${i}`} value={s.name} required onChange={(e) => setSection(i, { name: e.target.value })} />
              </div>
              <div className="field">
                <label htmlFor={`s-kind-${i}`}>Section {i + 1} kind</label>
                <select id={`s-kind-${i}`} value={s.kind} onChange={(e) => setSection(i, { kind: e.target.value as 'seated' | 'ga' })}>
                  <option value="seated">Seated</option>
                  <option value="ga">Standing</option>
                </select>
              </div>
              {s.kind === 'seated' ? (
                <>
                  <div className="field">
                    <label htmlFor={`s-rows-${i}`}>Section {i + 1} rows</label>
                    <input
                      id={`s-rows-${i}`}
                      type="number"
                      min={1}
                      max={200}
                      value={s.rows}
                      onChange={(e) => setSection(i, { rows: Number(e.target.value) })}
                    />
                  </div>
                  <div className="field">
                    <label htmlFor={`s-seats-${i}`}>Section {i + 1} seats per row</label>
                    <input
                      id={`s-seats-${i}`}
                      type="number"
                      min={1}
                      max={500}
                      value={s.seatsPerRow}
                      onChange={(e) => setSection(i, { seatsPerRow: Number(e.target.value) })}
                    />
                  </div>
                </>
              ) : (
                <div className="field">
                  <label htmlFor={`s-cap-${i}`}>Section {i + 1} places</label>
                  <input
                    id={`s-cap-${i}`}
                    type="number"
                    min={1}
                    value={s.capacity}
                    onChange={(e) => setSection(i, { capacity: Number(e.target.value) })}
                  />
                </div>
              )}
            </div>
          ))}
        {relayout && (
          <button
            type="button"
            className="button secondary"
            onClick={() =>
              setSections((prev) => [
                ...prev,
                { name: `Section ${prev.length + 1}`, kind: 'seated', rows: 5, seatsPerRow: 10, capacity: 100 },
              ])
            }
          >
            Add section
          </button>
        )}
      </fieldset>
      {update.error && <ErrorMessage error={update.error instanceof ApiError ? update.error.message : 'Could not save the venue.'} />}
      <div className="actions">
        <button className="button primary" type="submit" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save venue'}
        </button>
      </div>
    </form>
  );
}

function Editor() {
  const { id = '' } = useParams();
  const venue = useQuery({ ...venueQuery(id), refetchOnMount: 'always' });
  if (venue.error) return <ErrorMessage error={venue.error} />;
  if (!venue.isFetchedAfterMount || !venue.data) return <Loading />;
  return (
    <>
      <PageTitle>Edit venue</PageTitle>
      <Notice>Events here show times in the venue&apos;s time zone and prices in its currency unless they chose another.</Notice>
      <VenueForm venue={venue.data.venue} />
    </>
  );
}

export default function VenueEditPage() {
  return (
    <RequireLogin roles={['organizer', 'admin']}>
      <Editor />
    </RequireLogin>
  );
}
