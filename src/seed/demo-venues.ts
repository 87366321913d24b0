import type { Category, SectionInput, VenueInput } from '../domain/catalogue/catalogue.types.js';
import { stadiumBlocks, stadiumField, stadiumPriceBand } from './demo-stadium.js';

/** `count` rows labelled A, B, … (skipping I and O, as theatres do) of `seats` seats each. */
export function rows(count: number, seats: number, firstLabel = 0): { label: string; seats: number }[] {
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  return Array.from({ length: count }, (_, i) => {
    const n = firstLabel + i;
    const label = n < letters.length ? letters[n]! : `${letters[Math.floor(n / letters.length) - 1]}${letters[n % letters.length]}`;
    return { label, seats };
  });
}

const seated = (name: string, rowCount: number, seats: number): SectionInput => ({ name, kind: 'seated', rows: rows(rowCount, seats) });
const ga = (name: string, capacity: number): SectionInput => ({ name, kind: 'ga', capacity });

export interface DemoVenue {
  key: string;
  venue: VenueInput;
  /** Price in EUR cents per section name (or price band), before the event's own factor. */
  basePrices: Record<string, number>;
  /** Sections that sell at one price, by name: one tier per band. Default: each section its own. */
  priceBand?: (sectionName: string) => string;
  /** Which kinds of event it hosts, and how many demo events it gets. */
  categories: Category[];
  events: number;
}

/**
 * The demo venues: a ~2,000-seat theatre, a 50,000-seat stadium bowl, a 300-place
 * club, and mid-sized halls so the catalogue spans fourteen cities. Keep the
 * stadium's events few: each one materialises ~58,000 inventory rows.
 */
export const demoVenues: DemoVenue[] = [
  {
    key: 'theatre',
    venue: {
      name: 'Royal Albion Theatre',
      city: 'London',
      address: '12 Wellington Street, London WC2E 7RQ',
      timezone: 'Europe/London',
      latitude: 51.5115,
      longitude: -0.1203,
      sections: [seated('Stalls', 24, 40), seated('Circle', 14, 44), seated('Balcony', 12, 36)],
    },
    basePrices: { Stalls: 8900, Circle: 6500, Balcony: 3900 },
    categories: ['theatre', 'theatre', 'comedy', 'dance', 'family', 'opera'],
    events: 28,
  },
  {
    key: 'stadium',
    venue: {
      name: 'Northgate Stadium',
      city: 'Manchester',
      address: 'Stadium Way, Manchester M11 3FF',
      timezone: 'Europe/London',
      latitude: 53.4831,
      longitude: -2.2004,
      sections: [...stadiumBlocks.map((b) => b.section), ga('Pitch Floor', 8000)],
      field: stadiumField,
    },
    basePrices: {
      'Sideline Lower': 9500,
      'Sideline Upper': 6500,
      'End Lower': 7500,
      'End Upper': 4500,
      Corner: 3900,
      'Pitch Floor': 7500,
    },
    priceBand: stadiumPriceBand,
    categories: ['concert', 'sports', 'concert', 'festival'],
    events: 4,
  },
  {
    key: 'club',
    venue: {
      name: 'Kellerklub',
      city: 'Berlin',
      address: 'Revaler Straße 99, 10245 Berlin',
      timezone: 'Europe/Berlin',
      latitude: 52.5074,
      longitude: 13.4536,
      sections: [ga('Floor', 300)],
    },
    basePrices: { Floor: 2200 },
    categories: ['concert', 'concert', 'comedy'],
    events: 22,
  },
  {
    key: 'lichthuis',
    venue: {
      name: 'Het Lichthuis',
      city: 'Amsterdam',
      address: 'Weteringschans 6, 1017 SG Amsterdam',
      timezone: 'Europe/Amsterdam',
      latitude: 52.3622,
      longitude: 4.8838,
      sections: [ga('Main Floor', 1200), seated('Balcony', 8, 40)],
    },
    basePrices: { 'Main Floor': 3500, Balcony: 4500 },
    categories: ['concert', 'concert', 'dance', 'comedy'],
    events: 20,
  },
  {
    key: 'konzertsaal',
    venue: {
      name: 'Wiener Konzertsaal',
      city: 'Vienna',
      address: 'Lothringerstraße 20, 1030 Wien',
      timezone: 'Europe/Vienna',
      latitude: 48.2008,
      longitude: 16.3783,
      sections: [seated('Parterre', 20, 40), seated('Galerie', 10, 36)],
    },
    basePrices: { Parterre: 7500, Galerie: 4200 },
    categories: ['classical', 'classical', 'opera'],
    events: 16,
  },
  {
    key: 'lirico',
    venue: {
      name: 'Teatro Lirico Aurora',
      city: 'Milan',
      address: 'Via Larga 14, 20122 Milano',
      timezone: 'Europe/Rome',
      latitude: 45.4613,
      longitude: 9.1938,
      sections: [seated('Platea', 18, 36), seated('Palchi', 6, 30), seated('Loggione', 8, 40)],
    },
    basePrices: { Platea: 12000, Palchi: 9000, Loggione: 3500 },
    categories: ['opera', 'opera', 'classical', 'dance'],
    events: 14,
  },
  {
    key: 'meridiana',
    venue: {
      name: 'Sala Meridiana',
      city: 'Madrid',
      address: 'Calle de Alcalá 120, 28009 Madrid',
      timezone: 'Europe/Madrid',
      latitude: 40.4235,
      longitude: -3.6745,
      sections: [ga('Pista', 2500), seated('Grada', 15, 60)],
    },
    basePrices: { Pista: 4500, Grada: 5500 },
    categories: ['concert', 'sports', 'family', 'concert'],
    events: 16,
  },
  {
    key: 'palac',
    venue: {
      name: 'Palác Hudby',
      city: 'Prague',
      address: 'Na Poříčí 30, 110 00 Praha 1',
      timezone: 'Europe/Prague',
      latitude: 50.0893,
      longitude: 14.4318,
      sections: [seated('Přízemí', 16, 40), seated('Balkon', 8, 30)],
    },
    basePrices: { Přízemí: 4800, Balkon: 2900 },
    categories: ['dance', 'classical', 'theatre'],
    events: 12,
  },
  {
    key: 'havnehallen',
    venue: {
      name: 'Havnehallen',
      city: 'Copenhagen',
      address: 'Havnegade 31, 1058 København K',
      timezone: 'Europe/Copenhagen',
      latitude: 55.6781,
      longitude: 12.5903,
      sections: [ga('Hall', 1800), seated('Tribune', 10, 50)],
    },
    basePrices: { Hall: 4200, Tribune: 5200 },
    categories: ['concert', 'festival', 'concert'],
    events: 14,
  },
  {
    key: 'tejo',
    venue: {
      name: 'Teatro do Tejo',
      city: 'Lisbon',
      address: 'Rua da Prata 80, 1100-420 Lisboa',
      timezone: 'Europe/Lisbon',
      latitude: 38.7101,
      longitude: -9.1372,
      sections: [seated('Plateia', 20, 30), seated('Balcão', 8, 30)],
    },
    basePrices: { Plateia: 4500, Balcão: 2800 },
    categories: ['theatre', 'comedy', 'concert'],
    events: 12,
  },
  {
    key: 'foundry',
    venue: {
      name: 'Brooklyn Foundry',
      city: 'New York',
      address: '340 Kent Avenue, Brooklyn, NY 11249',
      timezone: 'America/New_York',
      latitude: 40.7128,
      longitude: -73.9676,
      sections: [ga('Floor', 2000)],
    },
    basePrices: { Floor: 4900 },
    categories: ['concert', 'concert', 'comedy'],
    events: 16,
  },
  {
    key: 'lakeshore',
    venue: {
      name: 'Lakeshore Theater',
      city: 'Chicago',
      address: '1120 N State Street, Chicago, IL 60610',
      timezone: 'America/Chicago',
      latitude: 41.9022,
      longitude: -87.6284,
      sections: [seated('Orchestra', 22, 40), seated('Mezzanine', 12, 40)],
    },
    basePrices: { Orchestra: 7900, Mezzanine: 4900 },
    categories: ['theatre', 'comedy', 'family'],
    events: 14,
  },
  {
    key: 'bayview',
    venue: {
      name: 'Bayview Convention Center',
      city: 'San Francisco',
      address: '747 Howard Street, San Francisco, CA 94103',
      timezone: 'America/Los_Angeles',
      latitude: 37.7837,
      longitude: -122.4011,
      sections: [ga('Hall A', 3000)],
    },
    basePrices: { 'Hall A': 29900 },
    categories: ['conference', 'conference', 'festival'],
    events: 10,
  },
  {
    key: 'liffey',
    venue: {
      name: 'The Liffey Rooms',
      city: 'Dublin',
      address: '12 Eden Quay, Dublin 1, D01 X2Y3',
      timezone: 'Europe/Dublin',
      latitude: 53.3478,
      longitude: -6.2573,
      sections: [ga('Room', 600)],
    },
    basePrices: { Room: 2500 },
    categories: ['comedy', 'concert'],
    events: 12,
  },
  {
    key: 'redoak',
    venue: {
      name: 'Red Oak Amphitheater',
      city: 'Austin',
      address: '9201 Circuit of the Americas Blvd, Austin, TX 78617',
      timezone: 'America/Chicago',
      latitude: 30.1346,
      longitude: -97.6359,
      sections: [ga('Lawn', 4000), seated('Pavilion', 20, 60)],
    },
    basePrices: { Lawn: 3900, Pavilion: 6900 },
    categories: ['festival', 'concert', 'concert'],
    events: 10,
  },
];
