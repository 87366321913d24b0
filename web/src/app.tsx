import { QueryClientProvider } from '@tanstack/react-query';
import { lazy } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { createQueryClient } from './api/query-client.js';
import { SessionProvider } from './auth/session.js';
import { prefetchEntry } from './entry-prefetch.js';
import { Layout } from './components/layout.js';
import { HomePage } from './features/home/home-page.js';

// Every page but the home page is its own chunk, so the first load stays small.
const SearchPage = lazy(() => import('./features/search/search-page.js'));
const EventPage = lazy(() => import('./features/event/event-page.js'));
const QueuePage = lazy(() => import('./features/queue/queue-page.js'));
const CheckoutPage = lazy(() => import('./features/checkout/checkout-page.js'));
const OrderPage = lazy(() => import('./features/checkout/order-page.js'));
const BookingsPage = lazy(() => import('./features/bookings/bookings-page.js'));
const LoginPage = lazy(() => import('./auth/login-page.js'));
const ForgotPasswordPage = lazy(() => import('./auth/forgot-password-page.js'));
const ResetPasswordPage = lazy(() => import('./auth/reset-password-page.js'));
const VerifyEmailPage = lazy(() => import('./auth/verify-email-page.js'));
const AccountPage = lazy(() => import('./features/account/account-page.js'));
const DashboardPage = lazy(() => import('./features/organizer/dashboard-page.js'));
const VenueBuilderPage = lazy(() => import('./features/organizer/venue-builder-page.js'));
const VenuesPage = lazy(() => import('./features/organizer/venues-page.js'));
const VenueEditPage = lazy(() => import('./features/organizer/venue-edit-page.js'));
const EventEditorPage = lazy(() => import('./features/organizer/event-editor-page.js'));
const ScanPage = lazy(() => import('./features/door/scan-page.js'));
const DoorToolsPage = lazy(() => import('./features/door/door-tools-page.js'));
const AttendeesPage = lazy(() => import('./features/organizer/attendees-page.js'));
const AccessCodesPage = lazy(() => import('./features/organizer/access-codes-page.js'));
const WebhooksPage = lazy(() => import('./features/organizer/webhooks-page.js'));
const AuditPage = lazy(() => import('./features/admin/audit-page.js'));
const NotFoundPage = lazy(() => import('./components/not-found-page.js'));

const queryClient = createQueryClient();
/** The deep-linked page's code and reads, started before the first render (main.tsx waits for the code). */
export const entryReady = prefetchEntry(queryClient, window.location.pathname);

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <BrowserRouter>
          <Routes>
            <Route element={<Layout />}>
              <Route index element={<HomePage />} />
              <Route path="search" element={<SearchPage />} />
              <Route path="events/:id" element={<EventPage />} />
              <Route path="events/:id/queue" element={<QueuePage />} />
              <Route path="checkout/:holdId" element={<CheckoutPage />} />
              <Route path="orders/:id" element={<OrderPage />} />
              <Route path="bookings" element={<BookingsPage />} />
              <Route path="login" element={<LoginPage />} />
              <Route path="forgot-password" element={<ForgotPasswordPage />} />
              <Route path="reset-password" element={<ResetPasswordPage />} />
              <Route path="verify-email" element={<VerifyEmailPage />} />
              <Route path="account" element={<AccountPage />} />
              <Route path="organizer" element={<DashboardPage />} />
              <Route path="organizer/venues" element={<VenuesPage />} />
              <Route path="organizer/webhooks" element={<WebhooksPage />} />
              <Route path="organizer/venues/new" element={<VenueBuilderPage />} />
              <Route path="organizer/venues/:id" element={<VenueEditPage />} />
              <Route path="organizer/events/new" element={<EventEditorPage />} />
              <Route path="organizer/events/:id" element={<EventEditorPage />} />
              <Route path="scan" element={<ScanPage />} />
              <Route path="scan/:eventId" element={<ScanPage />} />
              <Route path="organizer/events/:id/door" element={<DoorToolsPage />} />
              <Route path="organizer/events/:id/attendees" element={<AttendeesPage />} />
              <Route path="organizer/events/:id/access-codes" element={<AccessCodesPage />} />
              <Route path="admin/audit" element={<AuditPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </SessionProvider>
    </QueryClientProvider>
  );
}
