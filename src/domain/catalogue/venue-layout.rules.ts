import type { SectionInput, SectionPlacement } from './catalogue.types.js';

/** Space between neighbouring sections on the drawing, in seat widths. */
const sectionGap = 2;
/** Space between lines of sections, in rows. */
const lineGap = 4;
/** Venues narrower than this stay on one line of sections. */
const minWrapWidth = 200;

/** One row of seats to generate; the database expands it into `seats` seat rows. */
export interface RowPlan {
  sectionId: string;
  label: string;
  rowIndex: number;
  seats: number;
  /** Position of seat 1; seat n is at (xStart + (n - 1) dx, y + (n - 1) dy), seats one unit apart. */
  xStart: number;
  /** y of seat 1 (front row of the first line of sections is 0). */
  y: number;
  dx: number;
  dy: number;
  accessible: number[];
  restricted: number[];
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
 * coordinate space. A wide venue (a stadium's stands) wraps into several lines
 * of sections so the drawing stays roughly 16:9 instead of a thin strip.
 * Ordinals run through sections in position order, then rows front to back,
 * then seat numbers: the seat-map order that the availability encoding follows.
 */
export function planVenueLayout(sections: (SectionInput & { id: string })[]): VenueLayout {
  const rows: RowPlan[] = [];
  const areas: PlaceAreaPlan[] = [];
  const seated = sections
    .filter((s) => s.kind === 'seated')
    .map((s) => ({ s, rows: s.rows ?? [], width: Math.max(0, ...(s.rows ?? []).map((r) => r.seats)) }));
  const wrapWidth = lineWidth(seated.map((x) => ({ width: x.width, depth: x.rows.length })));
  let x = 0;
  let lineY = 0;
  let lineDepth = 0;
  let ordinal = 0;
  for (const section of sections) {
    if (section.kind === 'ga') areas.push({ sectionId: section.id, capacity: section.capacity ?? 0 });
  }
  for (const { s, rows: sectionRows, width } of seated) {
    if (s.placement) {
      const placement = s.placement;
      sectionRows.forEach((r, rowIndex) => {
        rows.push({ ...placedRow(s.id, placement, r, rowIndex), ordinalStart: ordinal });
        ordinal += r.seats;
      });
      continue;
    }
    if (x > 0 && x + width > wrapWidth) {
      x = 0;
      lineY += lineDepth + lineGap;
      lineDepth = 0;
    }
    sectionRows.forEach((r, rowIndex) => {
      rows.push({
        sectionId: s.id,
        label: r.label,
        rowIndex,
        seats: r.seats,
        xStart: x + (width - r.seats) / 2,
        y: lineY + rowIndex,
        dx: 1,
        dy: 0,
        accessible: r.accessible ?? [],
        restricted: r.restricted ?? [],
        ordinalStart: ordinal,
      });
      ordinal += r.seats;
    });
    x += width + sectionGap;
    lineDepth = Math.max(lineDepth, sectionRows.length);
  }
  return { rows, areas };
}

/** A row of a placed block: centred on the block's axis, one unit behind the row in front of it. */
function placedRow(
  sectionId: string,
  p: SectionPlacement,
  r: NonNullable<SectionInput['rows']>[number],
  rowIndex: number,
): Omit<RowPlan, 'ordinalStart'> {
  const a = (p.rotation * Math.PI) / 180;
  const dx = round4(Math.cos(a));
  const dy = round4(Math.sin(a));
  // "Back" is the seat direction turned a quarter to the left: rows rise away from the pitch.
  const bx = dy;
  const by = -dx;
  const half = (r.seats - 1) / 2;
  return {
    sectionId,
    label: r.label,
    rowIndex,
    seats: r.seats,
    xStart: round4(p.x - half * dx + rowIndex * bx),
    y: round4(p.y - half * dy + rowIndex * by),
    dx,
    dy,
    accessible: r.accessible ?? [],
    restricted: r.restricted ?? [],
  };
}

const round4 = (v: number): number => Math.round(v * 10_000) / 10_000;

/** The width at which sections wrap: about 16:9 for the venue's total seat area, never below the widest section. */
function lineWidth(sections: { width: number; depth: number }[]): number {
  const total = sections.reduce((sum, s) => sum + s.width + sectionGap, 0);
  if (total <= minWrapWidth) return Infinity;
  const area = sections.reduce((sum, s) => sum + (s.width + sectionGap) * (s.depth + lineGap), 0);
  return Math.max(minWrapWidth, ...sections.map((s) => s.width), Math.sqrt((area * 16) / 9));
}

export const sectionCapacity = (s: SectionInput): number =>
  s.kind === 'ga' ? (s.capacity ?? 0) : (s.rows ?? []).reduce((sum, r) => sum + r.seats, 0);
