/** The API's shapes as the web app uses them (docs: /docs, /work/shared/API.md). */
// Shapes the server defines once are imported from it (type-only, plus the category list),
// so the client cannot drift from the API.
export type { Money } from '../../../src/domain/money.js';
export { categories } from '../../../src/domain/catalogue/catalogue.types.js';
export type {
  Availability,
  EventView as EventDetail,
  Page,
  PriceTier,
  SalesSummary,
  SeatMap,
  SeatMapSeat,
  SectionInput,
  Venue,
  VenueListItem,
} from '../../../src/domain/catalogue/catalogue.types.js';
export type { EventSummary } from '../../../src/domain/search/search.types.js';
import type { Availability, EventView, SalesSummary, SeatMapSeat } from '../../../src/domain/catalogue/catalogue.types.js';
import type { Money } from '../../../src/domain/money.js';

export type Role = 'customer' | 'organizer' | 'admin' | 'scanner';

export interface User {
  id: string;
  email: string;
  name: string;
  roles: Role[];
}

export interface AdminEvent extends EventView {
  organizerId: string;
  publishedAt: string | null;
  createdAt: string;
  sales?: SalesSummary;
  revenue?: Money;
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
