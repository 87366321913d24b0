import type { SectionInput } from './catalogue.types.js';

/** Space between neighbouring sections on the drawing, in seat widths. */
const sectionGap = 2;

/** One row of seats to generate; the database expands it into `seats` seat rows. */
export interface RowPlan {
  sectionId: string;
  label: string;
  rowIndex: number;
  seats: number;
  /** x of seat 1; seats are one unit apart. */
  xStart: number;
  /** Seat-map ordinal of seat 1; seat n is `ordinalStart + n - 1`. */
  ordinalStart: number;
}

export interface PlaceAreaPlan {
  sectionId: string;
  capacity: number;
}

export interface VenueLayout {
  rows: RowPlan[];
  areas: PlaceAreaPlan[];
}

/**
 * Lays the seated sections side by side facing the stage (y = 0 is the front
 * row), each row centred in its section, so the whole venue draws in one
 * coordinate space. Ordinals run through sections in position order, then
 * rows front to back, then seat numbers: the seat-map order that the
 * availability encoding follows.
 */
export function planVenueLayout(sections: (SectionInput & { id: string })[]): VenueLayout {
  const rows: RowPlan[] = [];
  const areas: PlaceAreaPlan[] = [];
  let x = 0;
  let ordinal = 0;
  for (const section of sections) {
    if (section.kind === 'ga') {
      areas.push({ sectionId: section.id, capacity: section.capacity ?? 0 });
      continue;
    }
    const sectionRows = section.rows ?? [];
    const width = Math.max(...sectionRows.map((r) => r.seats));
    sectionRows.forEach((r, rowIndex) => {
      rows.push({ sectionId: section.id, label: r.label, rowIndex, seats: r.seats, xStart: x + (width - r.seats) / 2, ordinalStart: ordinal });
      ordinal += r.seats;
    });
    x += width + sectionGap;
  }
  return { rows, areas };
}

export const sectionCapacity = (s: SectionInput): number =>
  s.kind === 'ga' ? (s.capacity ?? 0) : (s.rows ?? []).reduce((sum, r) => sum + r.seats, 0);
