import { EmailVerificationNotice } from '../auth/email-verification-notice.js';
import { Suspense } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useSession } from '../auth/session.js';
import { Loading } from './feedback.js';
import { useFocusOnNavigation } from './page-title.js';

// Pages import their heading from here.
export { PageTitle } from './page-title.js';

export function Layout() {
  const { user, hasRole, logout } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const next = encodeURIComponent(location.pathname + location.search);
  useFocusOnNavigation();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="container header-inner">
          <Link to="/" className="brand" aria-label="Boxoffice home">
            <svg aria-hidden="true" viewBox="0 0 32 32" width="28" height="28">
              <rect width="32" height="32" rx="6" fill="currentColor" />
              <path d="M7 11h18v3a2 2 0 0 0 0 4v3H7v-3a2 2 0 0 0 0-4z" fill="#1d3557" />
            </svg>
            <span>Boxoffice</span>
          </Link>
          <nav aria-label="Main">
            <ul className="nav-list">
              <li>
                <NavLink to="/search">Events</NavLink>
              </li>
              {user && (
                <li>
                  <NavLink to="/bookings">My bookings</NavLink>
                </li>
              )}
              {hasRole('organizer', 'admin') && (
                <li>
                  <NavLink to="/organizer">Organizer</NavLink>
                </li>
              )}
              {hasRole('admin') && (
                <li>
                  <NavLink to="/admin/audit">Audit log</NavLink>
                </li>
              )}
              {user && (
                <li>
                  <NavLink to="/account">Account</NavLink>
                </li>
              )}
              {hasRole('scanner') && (
                <li>
                  <NavLink to="/scan">Door</NavLink>
                </li>
              )}
              <li>
                {user ? (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      // The session is forgotten here at once; the server call finishes in the background.
                      void logout();
                      navigate('/');
                    }}
                  >
                    Sign out
                  </button>
                ) : (
                  <NavLink to={`/login?next=${next}`}>Sign in</NavLink>
                )}
              </li>
            </ul>
          </nav>
        </div>
      </header>
      <EmailVerificationNotice />
      <main id="main" className="container" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <div className="container">Boxoffice — open-source ticketing. Prices shown include all fees.</div>
      </footer>
    </>
  );
}
