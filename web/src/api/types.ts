/** The API's shapes as the web app uses them (docs: /docs, /work/shared/API.md). */
export interface Money {
  amount: number;
  currency: string;
}

export type Role = 'customer' | 'organizer' | 'admin' | 'scanner';

export interface User {
  id: string;
  email: string;
  name: string;
  roles: Role[];
}

export type SaleStatus = 'draft' | 'scheduled' | 'on_sale' | 'sold_out' | 'ended' | 'cancelled' | 'removed';

export const categories = [
  'concert',
  'theatre',
  'sports',
  'comedy',
  'festival',
  'family',
  'classical',
  'opera',
  'dance',
  'conference',
] as const;
export type Category = (typeof categories)[number];

export interface EventSummary {
  id: string;
  title: string;
  category: string;
  startsAt: string;
  venue: { id: string; name: string; city: string };
  performers: string[];
  fromPrice: Money | null;
  saleStatus: SaleStatus;
  seatsAvailable: number;
  popularity: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PriceTier {
  id: string;
  name: string;
  price: Money;
  sectionIds: string[];
}

export interface EventDetail {
  id: string;
  title: string;
  description: string;
  category: string;
  startsAt: string;
  status: string;
  saleStatus: SaleStatus;
  saleStartsAt: string | null;
  saleEndsAt: string | null;
  perUserLimit: number;
  holdSeconds: number;
  cancellationCutoffHours: number;
  venue: { id: string; name: string; city: string; address: string; timezone: string };
  performers: { id: string; name: string }[];
  priceTiers: PriceTier[];
  capacity: number;
  seatsAvailable: number;
}

export interface AdminEvent extends EventDetail {
  organizerId: string;
  publishedAt: string | null;
  createdAt: string;
  sales?: SalesSummary;
  revenue?: Money;
}

export interface SalesSummary {
  sold: number;
  held: number;
  available: number;
}

export interface SeatMapSeat {
  id: string;
  row: string;
  number: number;
  x: number;
  y: number;
  tierId: string;
}

export interface SeatMapSection {
  id: string;
  name: string;
  kind: 'seated' | 'ga';
  capacity: number;
  tierId: string;
  bounds?: { minX: number; minY: number; maxX: number; maxY: number };
  seats: SeatMapSeat[];
}

export interface SeatMap {
  eventId: string;
  venue: { id: string; name: string };
  sections: SeatMapSection[];
}

export interface Availability {
  version: string;
  sections: Record<string, { available: number; total: number }>;
  seats: { encoding: '2bit-base64'; data: string };
}

export interface AvailabilityDelta {
  from: string;
  version: string;
  sections: Availability['sections'];
  changes: [number, number][];
}

export interface HoldSeat {
  id: string;
  section: string;
  sectionId: string;
  row: string | null;
  number: number;
  price: Money;
}

export interface Hold {
  id: string;
  eventId: string;
  status: string;
  seats: HoldSeat[];
  total: Money;
  expiresAt: string;
}

export interface Ticket {
  id: string;
  seatId: string;
  serial: string;
  status: string;
}

export interface Order {
  id: string;
  eventId: string;
  holdId: string;
  status: 'pending_payment' | 'confirmed' | 'failed' | 'cancelled';
  total: Money;
  paid: Money;
  refunded: Money;
  seats: HoldSeat[];
  tickets: Ticket[];
  createdAt: string;
  confirmedAt: string | null;
  cancelledAt: string | null;
}

export interface SectionInput {
  name: string;
  kind: 'seated' | 'ga';
  rows?: { label: string; seats: number }[];
  capacity?: number;
}

export interface Venue {
  id: string;
  name: string;
  city: string;
  address: string;
  timezone: string;
  sections: { id: string; name: string; kind: 'seated' | 'ga'; capacity: number }[];
}

export interface VenueListItem {
  id: string;
  name: string;
  city: string;
  address: string;
  timezone: string;
  capacity: number;
}
