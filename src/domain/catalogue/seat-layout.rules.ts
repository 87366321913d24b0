import type { SeatLayoutSection } from './catalogue.types.js';

/** One seat as the inventory stores it, in seat-map order. */
export interface LayoutSeat {
  id: string;
  sectionId: string;
  row: string;
  number: number;
  x: number;
  y: number;
  accessible: boolean;
  restricted: boolean;
}

type SectionHead = Omit<SeatLayoutSection, 'rows' | 'irregular' | 'accessible' | 'restricted'>;

// Coordinates are stored as float4: three decimals of a seat width is more than a drawing needs.
const round = (v: number, places: number): number => {
  const k = 10 ** places;
  return Math.round(v * k) / k;
};
const tolerance = 0.002;

/**
 * Encodes seats (already in seat-map order) as rows and ranges. A row is a run
 * of seats of one section with one label; it is regular when its numbers and
 * ids count up by one and its seats lie on a line at equal steps, which is what
 * every generated venue produces, so a 50,000-seat stadium becomes ~1,700 rows.
 * Anything else is kept exact in `irregular`, so decoding always gives back
 * every seat, in the same order (the order the availability bits follow).
 */
export function encodeSeatLayout(sections: SectionHead[], seats: LayoutSeat[]): SeatLayoutSection[] {
  const out = new Map<string, SeatLayoutSection>(
    sections.map((s) => [
      s.id,
      {
        ...s,
        rows: { label: [], count: [], firstNumber: [], firstId: [], x: [], y: [], dx: [], dy: [] },
        irregular: [],
        accessible: [],
        restricted: [],
      },
    ]),
  );
  const seen = new Map<string, number>();
  let i = 0;
  while (i < seats.length) {
    const first = seats[i]!;
    let end = i + 1;
    while (end < seats.length && seats[end]!.sectionId === first.sectionId && seats[end]!.row === first.row) end++;
    const section = out.get(first.sectionId);
    if (section) addRow(section, seats.slice(i, end), seen.get(first.sectionId) ?? 0);
    seen.set(first.sectionId, (seen.get(first.sectionId) ?? 0) + end - i);
    i = end;
  }
  return [...out.values()];
}

function addRow(section: SeatLayoutSection, row: LayoutSeat[], offset: number): void {
  const first = row[0]!;
  const dx = row.length > 1 ? round(row[1]!.x - first.x, 4) : 1;
  const dy = row.length > 1 ? round(row[1]!.y - first.y, 4) : 0;
  const firstId = Number(first.id);
  const numbersRun = row.every((s, k) => s.number === first.number + k);
  const idsRun = row.every((s, k) => Number(s.id) === firstId + k);
  const onLine = row.every((s, k) => Math.abs(s.x - (first.x + k * dx)) < tolerance && Math.abs(s.y - (first.y + k * dy)) < tolerance);
  const r = section.rows;
  const index = r.label.length;
  r.label.push(first.row);
  r.count.push(row.length);
  r.firstNumber.push(first.number);
  r.firstId.push(first.id);
  r.x.push(round(first.x, 3));
  r.y.push(round(first.y, 3));
  r.dx.push(dx);
  r.dy.push(dy);
  if (!numbersRun || !idsRun || !onLine) {
    section.irregular.push({
      row: index,
      ...(idsRun ? {} : { ids: row.map((s) => s.id) }),
      ...(numbersRun ? {} : { numbers: row.map((s) => s.number) }),
      ...(onLine ? {} : { xs: row.map((s) => round(s.x, 3)), ys: row.map((s) => round(s.y, 3)) }),
    });
  }
  row.forEach((s, k) => {
    if (s.accessible) section.accessible.push(offset + k);
    if (s.restricted) section.restricted.push(offset + k);
  });
}
