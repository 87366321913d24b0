import { useQuery } from '@tanstack/react-query';
import { useSignOutOtherSessions, useSignOutSession } from '../../api/mutations.js';
import { mySessionsQuery } from '../../api/queries.js';
import { ErrorMessage, Loading, Notice } from '../../components/feedback.js';

/** Sessions are the viewer's own devices, not events at a venue: their times read in the viewer's zone. */
const when = (iso: string): string => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function SessionsSection() {
  const sessions = useQuery(mySessionsQuery());
  const others = useSignOutOtherSessions();
  const one = useSignOutSession();
  const list = sessions.data?.sessions ?? [];
  const otherCount = list.filter((s) => !s.current).length;

  return (
    <section className="card account-section" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Signed-in devices</h2>
      {sessions.isPending && <Loading label="Loading your sessions…" />}
      {sessions.error && <ErrorMessage error={sessions.error} onRetry={() => void sessions.refetch()} />}
      {list.length > 0 && (
        <ul className="session-list">
          {list.map((s) => (
            <li key={s.id} className="session-row">
              <div>
                <strong>{s.current ? 'This device' : 'Another device'}</strong>
                <p className="hint">
                  Signed in {when(s.createdAt)} · until {when(s.expiresAt)}
                </p>
              </div>
              {!s.current && (
                <button
                  type="button"
                  className="button secondary small"
                  onClick={() => one.mutate(s.id)}
                  disabled={one.isPending && one.variables === s.id}
                  aria-label={`Sign out the device signed in ${when(s.createdAt)}`}
                >
                  Sign out
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {one.error && <ErrorMessage error={one.error} />}
      {others.error && <ErrorMessage error={others.error} />}
      {others.isSuccess && (
        <Notice tone="success">
          {others.data.revoked === 1 ? 'One other device was signed out.' : `${others.data.revoked} other devices were signed out.`}
        </Notice>
      )}
      <button type="button" className="button secondary" onClick={() => others.mutate()} disabled={others.isPending || otherCount === 0}>
        {others.isPending ? 'Signing out…' : 'Sign out everywhere else'}
      </button>
    </section>
  );
}
