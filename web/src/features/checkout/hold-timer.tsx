import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client.js';
import { useExtendHold } from '../../api/mutations.js';
import type { MyHold } from '../../api/types.js';
import { formatDate, formatDuration } from '../../components/format.js';

/** Seconds left at which the fan is warned: WCAG 2.2.1 asks for a warning and at least 20 seconds to react. */
export const holdWarnings = [120, 30] as const;

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** "2 minutes", "2 minutes 30 seconds", "25 seconds". */
function spoken(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  if (m === 0) return plural(s, 'second');
  return s === 0 ? plural(m, 'minute') : `${plural(m, 'minute')} ${plural(s, 'second')}`;
}

/**
 * The hold's countdown, kept on screen (sticky) while the fan fills in the
 * payment form. Below two minutes a banner says so and offers more time, and
 * each warning (two minutes, thirty seconds) is announced once to screen
 * readers; an extension is confirmed the same way.
 */
export function HoldTimer({ hold, now, disabled }: { hold: MyHold; now: number; disabled: boolean }) {
  const left = Date.parse(hold.expiresAt) - now;
  const seconds = Math.max(0, Math.ceil(left / 1000));
  const extend = useExtendHold(hold);
  const [announcement, setAnnouncement] = useState('');
  const [error, setError] = useState<string | null>(null);
  // The warnings already given for this expiry; a new expiry (extended) starts afresh.
  const warned = useRef<{ expiresAt: string; thresholds: Set<number> }>({ expiresAt: hold.expiresAt, thresholds: new Set() });
  const warning = seconds <= holdWarnings[0];
  const canExtend = hold.extension.left > 0 && hold.extension.nextExpiresAt !== null;
  const adds = canExtend ? Date.parse(hold.extension.nextExpiresAt!) - Date.parse(hold.expiresAt) : 0;

  useEffect(() => {
    if (warned.current.expiresAt !== hold.expiresAt) warned.current = { expiresAt: hold.expiresAt, thresholds: new Set() };
    if (seconds <= 0) return;
    const due = holdWarnings.filter((t) => seconds <= t && !warned.current.thresholds.has(t));
    if (due.length === 0) return;
    for (const t of due) warned.current.thresholds.add(t);
    setAnnouncement(
      `Your seats are held for ${spoken(seconds)} more.` +
        (canExtend ? ` Use “Add ${spoken(Math.round(adds / 1000))}” to keep them longer.` : ' This hold cannot be extended.'),
    );
  }, [seconds, hold.expiresAt, canExtend, adds]);

  function more() {
    setError(null);
    extend.mutate(undefined, {
      onSuccess: ({ hold: extended }) =>
        setAnnouncement(`Hold extended: your seats are held until ${formatDate(extended.expiresAt, extended.event.venue.timezone)}.`),
      onError: (err) => setError(err instanceof ApiError ? err.message : 'We could not reach Boxoffice; try again.'),
    });
  }

  return (
    <div className="hold-timer-bar">
      <p className={`hold-timer${warning ? ' urgent' : ''}`} role="timer" aria-live="off">
        Seats held for <strong>{formatDuration(left)}</strong>
      </p>
      {warning && (
        <div className="alert alert-warning hold-warning" role="group" aria-label="Your hold is running out">
          <p>
            Less than {seconds > 60 ? '2 minutes' : seconds > 30 ? 'a minute' : `${seconds} seconds`} left before your seats are released.
          </p>
          {canExtend ? (
            <button type="button" className="button primary" onClick={more} disabled={disabled || extend.isPending}>
              {extend.isPending ? 'Adding time…' : `Add ${spoken(Math.round(adds / 1000))}`}
            </button>
          ) : (
            <p className="muted">This hold cannot be extended any further.</p>
          )}
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
        </div>
      )}
      <p className="visually-hidden" aria-live="assertive" aria-atomic="true">
        {announcement}
      </p>
    </div>
  );
}
