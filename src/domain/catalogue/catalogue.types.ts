import type { Money } from '../money.js';

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

export type SectionKind = 'seated' | 'ga';

export interface SectionInput {
  name: string;
  kind: SectionKind;
  /** Seated sections: rows front to back, seats numbered 1..n within a row. */
  rows?: { label: string; seats: number }[];
  /** General-admission areas: number of places. */
  capacity?: number;
}

export interface VenueInput {
  name: string;
  city: string;
  address: string;
  timezone: string;
  latitude?: number;
  longitude?: number;
  sections: SectionInput[];
}

export interface PriceTierInput {
  name: string;
  price: Money;
  sectionIds: string[];
}

export interface EventInput {
  title: string;
  description: string;
  category: Category;
  venueId: string;
  startsAt: string;
  performers: string[];
  priceTiers: PriceTierInput[];
  perUserLimit?: number;
  holdSeconds?: number;
  cancellationCutoffHours?: number;
  saleStartsAt?: string;
  saleEndsAt?: string;
  pricing?: unknown;
  queue?: unknown;
}

/** What a buyer sees about whether tickets can be bought right now. */
export type SaleStatus = 'draft' | 'scheduled' | 'on_sale' | 'sold_out' | 'ended' | 'cancelled' | 'removed';
