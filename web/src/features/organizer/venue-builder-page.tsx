import { useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/client.js';
import { useCreateVenue } from '../../api/mutations.js';
import type { SeatLayout } from '../../api/types.js';
import { ErrorMessage } from '../../components/feedback.js';
import { CurrencyOptions } from '../../components/currency-select.js';
import { flash } from '../../components/flash-notice.js';
import { PageTitle } from '../../components/layout.js';
import { RequireLogin } from '../../components/require-login.js';
import { SeatMapView } from '../seat-map/seat-map.js';
import { buildSeatMapModel } from '../seat-map/seat-map-model.js';
import { planVenueLayout } from '../../../../src/domain/catalogue/venue-layout.rules.js';
import { toSectionInput, type SectionDraft as Draft } from './section-draft.js';

const previewColours = ['#2563eb', '#d97706', '#059669', '#c026d3', '#0891b2', '#65a30d'];

/** The server's own layout rule, so the preview is exactly what buyers will see. */
function previewMap(drafts: Draft[]): SeatLayout {
  const inputs = drafts.map((d, si) => ({ ...toSectionInput(d), id: `s${si}` }));
  const layout = planVenueLayout(inputs);
  let id = 0;
  return {
    eventId: 'preview',
    version: 'preview',
    venue: { id: 'preview', name: 'Preview' },
    field: null,
    seatCount: layout.rows.reduce((n, r) => n + r.seats, 0),
    sections: drafts.map((d, si) => {
      const rows = layout.rows.filter((r) => r.sectionId === `s${si}`);
      return {
        id: `s${si}`,
        name: d.name || `Section ${si + 1}`,
        kind: d.kind,
        capacity: d.kind === 'ga' ? d.capacity : d.rows * d.seatsPerRow,
        tierId: String(si),
        rows: {
          label: rows.map((r) => r.label),
          count: rows.map((r) => r.seats),
          firstNumber: rows.map(() => 1),
          firstId: rows.map((r) => String((id += r.seats) - r.seats + 1)),
          x: rows.map((r) => r.xStart),
          y: rows.map((r) => r.y),
          dx: rows.map((r) => r.dx),
          dy: rows.map((r) => r.dy),
        },
        irregular: [],
        accessible: [],
        restricted: [],
      };
    }),
  };
}

function VenueBuilder() {
  const [sections, setSections] = useState<Draft[]>([
    { name: 'Stalls', kind: 'seated', rows: 12, seatsPerRow: 20, capacity: 0 },
    { name: 'Standing', kind: 'ga', rows: 0, seatsPerRow: 0, capacity: 200 },
  ]);
  const createVenue = useCreateVenue();
  const error = createVenue.error && (createVenue.error instanceof ApiError ? createVenue.error.message : 'Could not create the venue.');
  // Still busy after success: the page is on its way to the event editor.
  const busy = createVenue.isPending || createVenue.isSuccess;
  const navigate = useNavigate();
  const model = useMemo(() => buildSeatMapModel(previewMap(sections)), [sections]);
  const timezones = useMemo(() => Intl.supportedValuesOf('timeZone'), []);
  const capacity = sections.reduce((sum, s) => sum + (s.kind === 'ga' ? s.capacity : s.rows * s.seatsPerRow), 0);

  const change = (i: number, patch: Partial<Draft>) => setSections((prev) => prev.map((s, j) => (j === i ? { ...s, ...patch } : s)));

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    createVenue.mutate(
      {
        name: String(form.get('name')),
        city: String(form.get('city')),
        address: String(form.get('address')),
        timezone: String(form.get('timezone')),
        currency: String(form.get('currency')),
        taxRateBasisPoints: Math.round(Number(form.get('taxRate')) * 100),
        sections: sections.map(toSectionInput),
      },
      {
        onSuccess: ({ venue }) =>
          navigate(`/organizer/events/new?venueId=${venue.id}`, flash(`Venue “${venue.name}” is created. Now add its first event.`)),
      },
    );
  }

  return (
    <>
      <PageTitle>New venue</PageTitle>
      <form className="builder" onSubmit={submit}>
        <div className="card form">
          <div className="field">
            <label htmlFor="v-name">Venue name</label>
            <input id="v-name" name="name" required maxLength={200} />
          </div>
          <div className="field-pair">
            <div className="field">
              <label htmlFor="v-city">City</label>
              <input id="v-city" name="city" required maxLength={100} />
            </div>
            <div className="field">
              <label htmlFor="v-tz">Time zone</label>
              <select id="v-tz" name="timezone" defaultValue="Europe/Berlin">
                {timezones.map((tz) => (
                  <option key={tz}>{tz}</option>
                ))}
              </select>
            </div>
          </div>
          <div className="field">
            <label htmlFor="v-address">Address</label>
            <input id="v-address" name="address" maxLength={300} />
          </div>
          <div className="field-pair">
            <div className="field">
              <label htmlFor="v-currency">Currency</label>
              <select id="v-currency" name="currency" defaultValue="EUR">
                <CurrencyOptions />
              </select>
            </div>
            <div className="field">
              <label htmlFor="v-tax">Sales tax included in prices (%)</label>
              <input id="v-tax" name="taxRate" type="number" min={0} max={50} step="0.01" defaultValue="0" />
            </div>
          </div>
          <fieldset className="sections-builder">
            <legend>Sections (front to back rows, seats numbered from 1)</legend>
            {sections.map((s, i) => (
              <div className="section-row" key={i}>
                <div className="field">
                  <label htmlFor={`s-name-${i}`}>Section {i + 1} name</label>
                  <input id={`s-name-${i}`} value={s.name} onChange={(e) => change(i, { name: e.target.value })} required maxLength={100} />
                </div>
                <div className="field">
                  <label htmlFor={`s-kind-${i}`}>Kind</label>
                  <select
                    id={`s-kind-${i}`}
                    value={s.kind}
                    onChange={(e) =>
                      change(i, {
                        kind: e.target.value as Draft['kind'],
                        rows: s.rows || 10,
                        seatsPerRow: s.seatsPerRow || 20,
                        capacity: s.capacity || 100,
                      })
                    }
                  >
                    <option value="seated">Seated</option>
                    <option value="ga">Standing (general admission)</option>
                  </select>
                </div>
                {s.kind === 'seated' ? (
                  <>
                    <div className="field">
                      <label htmlFor={`s-rows-${i}`}>Rows</label>
                      <input
                        id={`s-rows-${i}`}
                        type="number"
                        min={1}
                        max={200}
                        value={s.rows}
                        onChange={(e) => change(i, { rows: Number(e.target.value) })}
                        required
                      />
                    </div>
                    <div className="field">
                      <label htmlFor={`s-seats-${i}`}>Seats per row</label>
                      <input
                        id={`s-seats-${i}`}
                        type="number"
                        min={1}
                        max={500}
                        value={s.seatsPerRow}
                        onChange={(e) => change(i, { seatsPerRow: Number(e.target.value) })}
                        required
                      />
                    </div>
                  </>
                ) : (
                  <div className="field">
                    <label htmlFor={`s-cap-${i}`}>Capacity</label>
                    <input
                      id={`s-cap-${i}`}
                      type="number"
                      min={1}
                      max={100000}
                      value={s.capacity}
                      onChange={(e) => change(i, { capacity: Number(e.target.value) })}
                      required
                    />
                  </div>
                )}
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove section ${i + 1}`}
                  disabled={sections.length === 1}
                  onClick={() => setSections((prev) => prev.filter((_, j) => j !== i))}
                >
                  ×
                </button>
              </div>
            ))}
            <button
              type="button"
              className="button secondary"
              onClick={() =>
                setSections((prev) => [
                  ...prev,
                  { name: `Block ${prev.length + 1}`, kind: 'seated', rows: 10, seatsPerRow: 16, capacity: 0 },
                ])
              }
            >
              Add section
            </button>
          </fieldset>
          <p>
            Capacity: <strong>{capacity.toLocaleString('en-GB')}</strong>
          </p>
          {error && <ErrorMessage error={error} />}
          <button className="button primary" type="submit" disabled={busy}>
            {busy ? 'Creating…' : 'Create venue'}
          </button>
        </div>
        <section className="card" aria-labelledby="preview-title">
          <h2 id="preview-title">Preview</h2>
          <SeatMapView
            model={model}
            states={null}
            selected={new Set()}
            tierColour={(t) => previewColours[Number(t) % previewColours.length]!}
            describeSeat={(i) => `${model.sections[model.sectionOf[i]!]!.name}, row ${model.seats[i]!.row}, seat ${model.seats[i]!.number}`}
            seatDetails={(i) => ({
              place: `${model.sections[model.sectionOf[i]!]!.name} · Row ${model.seats[i]!.row} · Seat ${model.seats[i]!.number}`,
              details: 'Preview',
            })}
            onToggleSeat={() => undefined}
            onPickArea={() => undefined}
            availableIn={() => undefined}
          />
        </section>
      </form>
    </>
  );
}

export default function VenueBuilderPage() {
  return (
    <RequireLogin roles={['organizer', 'admin']}>
      <VenueBuilder />
    </RequireLogin>
  );
}
