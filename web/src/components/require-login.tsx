import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Role } from '../api/types.js';
import { useSession } from '../auth/session.js';
import { EmptyState, Loading } from './feedback.js';

/** Sends a signed-out visitor to sign in, and back here afterwards. */
export function RequireLogin({ roles, children }: { roles?: Role[]; children: ReactNode }) {
  const { user, ready, hasRole } = useSession();
  const location = useLocation();
  if (!ready) return <Loading />;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (roles && !hasRole(...roles)) {
    return (
      <EmptyState title="Not available" page>
        <p>This page is for {roles.join(' or ')} accounts.</p>
      </EmptyState>
    );
  }
  return <>{children}</>;
}
