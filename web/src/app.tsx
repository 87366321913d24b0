import { QueryClientProvider } from '@tanstack/react-query';
import { lazy } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { createQueryClient } from './api/query-client.js';
import { SessionProvider } from './auth/session.js';
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
const DashboardPage = lazy(() => import('./features/organizer/dashboard-page.js'));
const VenueBuilderPage = lazy(() => import('./features/organizer/venue-builder-page.js'));
const EventEditorPage = lazy(() => import('./features/organizer/event-editor-page.js'));
const NotFoundPage = lazy(() => import('./components/not-found-page.js'));

const queryClient = createQueryClient();

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
              <Route path="organizer" element={<DashboardPage />} />
              <Route path="organizer/venues/new" element={<VenueBuilderPage />} />
              <Route path="organizer/events/new" element={<EventEditorPage />} />
              <Route path="organizer/events/:id" element={<EventEditorPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </SessionProvider>
    </QueryClientProvider>
  );
}
