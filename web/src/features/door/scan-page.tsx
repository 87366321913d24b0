import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { doorEventsQuery, fetchCheckinBundle, postOfflineScans, postScan } from '../../api/checkin.js';
import { ApiError } from '../../api/client.js';
import type { CheckinBundle, ScanReply, SyncReply } from '../../api/types.js';
import { EmptyState, ErrorMessage, Loading } from '../../components/feedback.js';
import { PageTitle } from '../../components/layout.js';
import { RequireLogin } from '../../components/require-login.js';
import { CameraScanner } from './camera-scanner.js';
import { signal, unlockSound } from './feedback-signal.js';
import { offlineSupported, queuedScans, saveBundle, savedBundle, saveQueue, verifyOffline, type QueuedScan } from './offline-door.js';

interface Shown {
  ok: boolean;
  result: ScanReply['result'];
  reason: string;
  detail: string | null;
  offline: boolean;
}

const headline: Record<ScanReply['result'], string> = {
  admitted: 'Admitted',
  already_used: 'Already used',
  void: 'Void ticket',
  wrong_event: 'Wrong event',
  expired: 'Code expired',
  invalid: 'Invalid code',
};

const gateKey = 'bo_door_gate';

function seatText(t: ScanReply['ticket']): string | null {
  if (!t) return null;
  return `${t.seat.section}${t.seat.row ? `, row ${t.seat.row}, seat ${t.seat.number}` : ', standing'} · ${t.serial}`;
}

function DoorEvents() {
  const { data, error } = useQuery(doorEventsQuery());
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  return (
    <>
      <PageTitle>Door scanner</PageTitle>
      {data.items.length === 0 ? (
        <EmptyState title="No doors to work">
          <p>Ask the event's organizer to add you to its door staff. Organizers open the scanner from their dashboard.</p>
        </EmptyState>
      ) : (
        <ul className="door-events">
          {data.items.map((e) => (
            <li key={e.id}>
              <Link className="button primary" to={`/scan/${e.id}`}>
                {e.title}
              </Link>{' '}
              <span className="muted">
                {e.venueName}, {e.city}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Door({ eventId }: { eventId: string }) {
  const [gate, setGate] = useState(() => localStorage.getItem(gateKey) ?? 'Main');
  const [camera, setCamera] = useState(false);
  const [manual, setManual] = useState('');
  const [shown, setShown] = useState<Shown | null>(null);
  const [counts, setCounts] = useState<Record<string, { admitted: number; refused: number }>>({});
  const [bundle, setBundle] = useState<CheckinBundle | null>(() => savedBundle(eventId));
  const [bundleError, setBundleError] = useState<string | null>(null);
  const [queue, setQueue] = useState<QueuedScan[]>(() => queuedScans(eventId));
  const [online, setOnline] = useState(() => navigator.onLine);
  const [canVerify, setCanVerify] = useState<boolean | null>(null);
  const [synced, setSynced] = useState<SyncReply['results'] | null>(null);
  const busy = useRef(false);

  const refreshBundle = useCallback(async () => {
    try {
      const b = await fetchCheckinBundle(eventId);
      saveBundle(b);
      setBundle(b);
      setBundleError(null);
    } catch (e) {
      setBundleError(e instanceof ApiError ? e.message : 'The offline bundle could not be downloaded');
    }
  }, [eventId]);

  const sync = useCallback(async () => {
    const pending = queuedScans(eventId);
    if (pending.length === 0) return;
    try {
      const reply = await postOfflineScans(eventId, {
        scans: pending.map(({ scanId, code, gate: g, scannedAt }) => ({ scanId, code, gate: g, scannedAt })),
      });
      const done = new Set(reply.results.map((r) => r.scanId));
      const left = queuedScans(eventId).filter((q) => !done.has(q.scanId));
      saveQueue(eventId, left);
      setQueue(left);
      setSynced(reply.results);
      void refreshBundle();
    } catch {
      // Still offline: the queue stays and the next 'online' event tries again.
    }
  }, [eventId, refreshBundle]);

  useEffect(() => {
    void refreshBundle();
    void offlineSupported().then(setCanVerify);
    void sync();
    const up = () => {
      setOnline(true);
      void sync();
    };
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, [refreshBundle, sync]);

  function show(next: Shown) {
    setShown(next);
    signal(next.ok);
    setCounts((c) => {
      const g = c[gate] ?? { admitted: 0, refused: 0 };
      return { ...c, [gate]: next.ok ? { ...g, admitted: g.admitted + 1 } : { ...g, refused: g.refused + 1 } };
    });
  }

  async function scanOffline(code: string) {
    const b = bundle ?? savedBundle(eventId);
    if (!b || !canVerify) {
      show({
        ok: false,
        result: 'invalid',
        reason: 'Offline and no bundle to check codes with: wait for the network',
        detail: null,
        offline: true,
      });
      return;
    }
    const current = queuedScans(eventId);
    const verdict = await verifyOffline(b, code, current, Date.now());
    if (verdict.result === 'admitted' && verdict.ticketId) {
      const next = [
        ...current,
        { scanId: crypto.randomUUID(), code, gate, scannedAt: new Date().toISOString(), ticketId: verdict.ticketId },
      ];
      saveQueue(eventId, next);
      setQueue(next);
    }
    show({ ok: verdict.result === 'admitted', result: verdict.result, reason: verdict.reason, detail: null, offline: true });
  }

  async function scan(code: string) {
    if (busy.current) return;
    busy.current = true;
    try {
      if (!navigator.onLine) return await scanOffline(code);
      const reply = await postScan({ eventId, code, gate });
      const where =
        reply.result === 'already_used' && reply.usedAt ? ` at ${reply.gate ?? '?'}, ${new Date(reply.usedAt).toLocaleTimeString()}` : '';
      show({
        ok: reply.result === 'admitted',
        result: reply.result,
        reason: reply.reason + where,
        detail: seatText(reply.ticket),
        offline: false,
      });
    } catch (e) {
      if (e instanceof ApiError && e.code !== 'NETWORK') {
        show({ ok: false, result: 'invalid', reason: e.message, detail: null, offline: false });
      } else {
        setOnline(false);
        await scanOffline(code);
      }
    } finally {
      busy.current = false;
    }
  }

  const conflicts = synced?.filter((r) => r.status === 'conflict') ?? [];
  return (
    <>
      <PageTitle>{bundle?.title ?? 'Door scanner'}</PageTitle>
      <p className="muted">
        {online ? 'Online' : 'Offline'} ·{' '}
        {bundle
          ? `offline bundle from ${new Date(bundle.generatedAt).toLocaleTimeString()}, ${bundle.ticketCount} tickets`
          : 'no offline bundle yet'}
        {canVerify === false && ' · this browser cannot check codes offline'}
        {' · '}
        <button type="button" className="link-button" onClick={() => void refreshBundle()}>
          Refresh bundle
        </button>
      </p>
      {bundleError && <ErrorMessage error={bundleError} />}

      <div className="door-controls">
        <div className="field">
          <label htmlFor="door-gate">Gate</label>
          <input
            id="door-gate"
            value={gate}
            maxLength={40}
            onChange={(e) => {
              setGate(e.target.value);
              localStorage.setItem(gateKey, e.target.value);
            }}
          />
        </div>
        {!camera && (
          <button
            type="button"
            className="button primary"
            onClick={() => {
              unlockSound();
              setCamera(true);
            }}
          >
            Start camera
          </button>
        )}
      </div>
      {camera && <CameraScanner onCode={(c) => void scan(c)} onStop={() => setCamera(false)} />}

      <form
        className="door-manual"
        onSubmit={(e) => {
          e.preventDefault();
          unlockSound();
          const code = manual.trim();
          if (code) void scan(code).then(() => setManual(''));
        }}
      >
        <div className="field">
          <label htmlFor="door-code">Ticket code</label>
          <input
            id="door-code"
            value={manual}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setManual(e.target.value)}
            placeholder="BO1.…"
          />
        </div>
        <button type="submit" className="button secondary">
          Check code
        </button>
      </form>

      <div
        role="status"
        aria-live="assertive"
        className={`scan-result ${shown ? (shown.ok ? 'scan-ok' : 'scan-refused') : 'scan-idle'}`}
        data-result={shown?.result ?? ''}
      >
        {shown ? (
          <>
            <strong className="scan-headline">{headline[shown.result]}</strong>
            <span>{shown.reason}</span>
            {shown.detail && <span>{shown.detail}</span>}
            {shown.offline && <span className="small">checked offline</span>}
          </>
        ) : (
          <span>Scan a ticket or type its code</span>
        )}
      </div>

      <section aria-labelledby="door-counts">
        <h2 id="door-counts">This device</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Gate</th>
              <th scope="col">Admitted</th>
              <th scope="col">Refused</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(counts).map(([g, c]) => (
              <tr key={g}>
                <th scope="row">{g}</th>
                <td>{c.admitted}</td>
                <td>{c.refused}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p aria-live="polite">
          {queue.length === 0
            ? 'Nothing waiting to sync.'
            : `${queue.length} offline scan${queue.length === 1 ? '' : 's'} waiting to sync.`}{' '}
          {queue.length > 0 && online && (
            <button type="button" className="link-button" onClick={() => void sync()}>
              Sync now
            </button>
          )}
        </p>
        {synced && (
          <div role="status" className="sync-report">
            <p>
              Synced {synced.length} offline scan{synced.length === 1 ? '' : 's'}: {synced.filter((r) => r.status === 'recorded').length}{' '}
              recorded, {conflicts.length} conflict{conflicts.length === 1 ? '' : 's'}.
            </p>
            {conflicts.length > 0 && (
              <ul>
                {conflicts.map((r) => (
                  <li key={r.scanId}>
                    Conflict: {headline[r.result]} — {r.reason}
                    {r.gate ? ` (gate ${r.gate}${r.usedAt ? `, ${new Date(r.usedAt).toLocaleTimeString()}` : ''})` : ''}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </section>
    </>
  );
}

export default function ScanPage() {
  const { eventId } = useParams();
  return (
    <RequireLogin roles={['scanner', 'organizer', 'admin']}>
      {eventId ? <Door key={eventId} eventId={eventId} /> : <DoorEvents />}
    </RequireLogin>
  );
}
