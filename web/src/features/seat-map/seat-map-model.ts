import type { SeatLayout, SeatLayoutSection } from '../../api/types.js';

export const seatState = { available: 0, held: 1, sold: 2 } as const;
export const stateNames = ['available', 'held', 'sold'] as const;

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface MapSeat {
  id: string;
  row: string;
  number: number;
  x: number;
  y: number;
  tierId: string;
  accessible: boolean;
  restricted: boolean;
}

export interface MapSection {
  id: string;
  name: string;
  kind: 'seated' | 'ga';
  tierId: string;
  capacity: number;
  /** Seats `start..end-1` in the global seat-map order. */
  start: number;
  end: number;
  box: Box;
  /** Corner seats (front row's ends, back row's ends): the block's shape at any angle; empty for standing areas. */
  outline: { x: number; y: number }[];
  /** Global seat indices per row, front to back, in seat-number order. */
  rows: number[][];
}

export interface SeatMapModel {
  sections: MapSection[];
  seats: MapSeat[];
  sectionOf: Uint16Array;
  rowOf: Uint16Array;
  indexById: Map<string, number>;
  bounds: Box;
  /** The pitch or stage when the venue has one placed; else a stage is drawn in front of the sections. */
  field: SeatLayout['field'];
  /** Distance between neighbouring seats; shapes are sized from it. */
  unit: number;
  seatAt(x: number, y: number): number | null;
}

const cellKey = (cx: number, cy: number): number => cx * 100_003 + cy;

/** Every seat of a section, expanded from its rows and ranges (see SeatLayout in the API). */
function expandSection(s: SeatLayoutSection, out: MapSeat[]): number[][] {
  const irregular = new Map(s.irregular.map((r) => [r.row, r]));
  const accessible = new Set(s.accessible);
  const restricted = new Set(s.restricted);
  const rows: number[][] = [];
  const r = s.rows;
  let offset = 0;
  for (let i = 0; i < r.label.length; i++) {
    const exact = irregular.get(i);
    const firstId = Number(r.firstId[i]);
    const row: number[] = [];
    for (let k = 0; k < r.count[i]!; k++) {
      row.push(out.length);
      out.push({
        id: exact?.ids ? exact.ids[k]! : String(firstId + k),
        row: r.label[i]!,
        number: exact?.numbers ? exact.numbers[k]! : r.firstNumber[i]! + k,
        x: exact?.xs ? exact.xs[k]! : r.x[i]! + k * r.dx[i]!,
        y: exact?.ys ? exact.ys[k]! : r.y[i]! + k * r.dy[i]!,
        tierId: s.tierId,
        accessible: accessible.has(offset + k),
        restricted: restricted.has(offset + k),
      });
    }
    offset += r.count[i]!;
    rows.push(row);
  }
  return rows;
}

/**
 * Indexes a seat map once: seats expanded from rows, section boxes, rows for
 * keyboard moves, and a grid for hit-testing clicks, so no seat needs its own
 * DOM node or listener.
 */
export function buildSeatMapModel(map: SeatLayout): SeatMapModel {
  const seats: MapSeat[] = [];
  const sections: MapSection[] = [];
  for (const s of map.sections) {
    const start = seats.length;
    const rows = expandSection(s, seats);
    sections.push({
      id: s.id,
      name: s.name,
      kind: s.kind,
      tierId: s.tierId,
      capacity: s.capacity,
      start,
      end: seats.length,
      rows,
      box: seatBox(seats, start, seats.length),
      outline: outlineOf(seats, rows),
    });
  }
  const unit = seatSpacing(seats, sections);
  const seated = sections.filter((s) => s.kind === 'seated' && s.end > s.start);
  const seatedBounds = union(seated.map((s) => s.box)) ?? { x: 0, y: 0, w: 40, h: 0 };
  placeAreas(sections, seatedBounds, unit, map.field);
  const bounds = union(sections.map((s) => s.box)) ?? seatedBounds;

  const sectionOf = new Uint16Array(seats.length);
  const rowOf = new Uint16Array(seats.length);
  sections.forEach((s, si) => {
    s.rows.forEach((row, ri) => {
      for (const i of row) {
        sectionOf[i] = si;
        rowOf[i] = ri;
      }
    });
  });
  const indexById = new Map<string, number>();
  const grid = new Map<number, number[]>();
  seats.forEach((seat, i) => {
    indexById.set(seat.id, i);
    const key = cellKey(Math.floor(seat.x / unit), Math.floor(seat.y / unit));
    const cell = grid.get(key);
    if (cell) cell.push(i);
    else grid.set(key, [i]);
  });

  return {
    sections,
    seats,
    sectionOf,
    rowOf,
    indexById,
    bounds,
    field: map.field,
    unit,
    seatAt(x, y) {
      const cx = Math.floor(x / unit);
      const cy = Math.floor(y / unit);
      let best: number | null = null;
      let bestD = (0.6 * unit) ** 2;
      for (let dx = -1; dx <= 1; dx++) {
        for (let dy = -1; dy <= 1; dy++) {
          for (const i of grid.get(cellKey(cx + dx, cy + dy)) ?? []) {
            const seat = seats[i]!;
            const d = (seat.x - x) ** 2 + (seat.y - y) ** 2;
            if (d < bestD) {
              bestD = d;
              best = i;
            }
          }
        }
      }
      return best;
    },
  };
}

function outlineOf(seats: MapSeat[], rows: number[][]): { x: number; y: number }[] {
  const front = rows[0];
  const back = rows[rows.length - 1];
  if (!front?.length || !back?.length) return [];
  const at = (i: number) => ({ x: seats[i]!.x, y: seats[i]!.y });
  return [at(front[0]!), at(front[front.length - 1]!), at(back[back.length - 1]!), at(back[0]!)];
}

/** Whether a point is in a section: inside its outline (grown by a seat's half width), or its box for standing areas. */
export function sectionContains(s: MapSection, x: number, y: number, unit: number): boolean {
  if (s.outline.length < 3) return x >= s.box.x && x <= s.box.x + s.box.w && y >= s.box.y && y <= s.box.y + s.box.h;
  let inside = false;
  const o = s.outline;
  for (let i = 0, j = o.length - 1; i < o.length; j = i++) {
    const a = o[i]!;
    const b = o[j]!;
    if (a.y > y !== b.y > y && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  if (inside) return true;
  // The outline runs through seat centres: a point on the edge seats counts too.
  return o.some((a, i) => {
    const b = o[(i + 1) % o.length]!;
    const len2 = (b.x - a.x) ** 2 + (b.y - a.y) ** 2 || 1;
    const t = Math.max(0, Math.min(1, ((x - a.x) * (b.x - a.x) + (y - a.y) * (b.y - a.y)) / len2));
    return Math.hypot(x - (a.x + t * (b.x - a.x)), y - (a.y + t * (b.y - a.y))) <= 0.7 * unit;
  });
}

function seatBox(seats: MapSeat[], start: number, end: number): Box {
  if (end === start) return { x: 0, y: 0, w: 0, h: 0 };
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = start; i < end; i++) {
    const seat = seats[i]!;
    minX = Math.min(minX, seat.x);
    minY = Math.min(minY, seat.y);
    maxX = Math.max(maxX, seat.x);
    maxY = Math.max(maxY, seat.y);
  }
  return { x: minX - 0.5, y: minY - 0.5, w: maxX - minX + 1, h: maxY - minY + 1 };
}

/** Median gap between neighbours in a row; the catalogue lays seats one unit apart. */
function seatSpacing(seats: MapSeat[], sections: MapSection[]): number {
  const gaps: number[] = [];
  for (const s of sections) {
    for (const row of s.rows) {
      for (let k = 1; k < row.length && gaps.length < 200; k++) {
        const a = seats[row[k - 1]!]!;
        const b = seats[row[k]!]!;
        gaps.push(Math.hypot(b.x - a.x, b.y - a.y));
      }
    }
  }
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] || 1;
}

/**
 * Standing areas have no seat coordinates: they are drawn on the venue's field
 * when it has one (a stadium's pitch), else as a floor behind the seated blocks.
 */
function placeAreas(sections: MapSection[], seated: Box, unit: number, field: SeatLayout['field']): void {
  const areas = sections.filter((s) => s.kind === 'ga' || s.end === s.start);
  if (areas.length === 0) return;
  const gap = 2 * unit;
  if (field) {
    const inset = Math.min(field.w, field.h) * 0.12;
    const each = (field.w - 2 * inset - gap * (areas.length - 1)) / areas.length;
    areas.forEach((s, i) => {
      s.box = { x: field.x + inset + i * (each + gap), y: field.y + inset, w: each, h: field.h - 2 * inset };
    });
    return;
  }
  const width = Math.max(seated.w, 30 * unit);
  const each = (width - gap * (areas.length - 1)) / areas.length;
  const top = seated.h > 0 ? seated.y + seated.h + 3 * unit : seated.y;
  areas.forEach((s, i) => {
    s.box = { x: seated.x + i * (each + gap), y: top, w: each, h: Math.max(8 * unit, Math.min(each * 0.4, 30 * unit)) };
  });
}

function union(boxes: Box[]): Box | null {
  const real = boxes.filter((b) => b.w > 0 || b.h > 0);
  if (real.length === 0) return null;
  const x = Math.min(...real.map((b) => b.x));
  const y = Math.min(...real.map((b) => b.y));
  const x2 = Math.max(...real.map((b) => b.x + b.w));
  const y2 = Math.max(...real.map((b) => b.y + b.h));
  return { x, y, w: x2 - x, h: y2 - y };
}

/** `2bit-base64`: seat i's state in byte i>>2, most significant bits first; 0 available, 1 held, 2 sold. */
export function decodeStates(data: string, count: number): Uint8Array {
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  const states = new Uint8Array(count);
  for (let i = 0; i < count; i++) states[i] = ((bytes[i >> 2] ?? 0) >> (6 - 2 * (i & 3))) & 3;
  return states;
}

/** Next seat for an arrow key: along the row, across sections at a row's end, or to the nearest seat of the next row. */
export function neighbour(model: SeatMapModel, from: number, key: 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown'): number {
  const si = model.sectionOf[from]!;
  const ri = model.rowOf[from]!;
  const section = model.sections[si]!;
  const row = section.rows[ri]!;
  const pos = row.indexOf(from);
  const x = model.seats[from]!.x;
  const nearestIn = (r: number[] | undefined): number | null => {
    if (!r || r.length === 0) return null;
    return r.reduce((best, i) => (Math.abs(model.seats[i]!.x - x) < Math.abs(model.seats[best]!.x - x) ? i : best), r[0]!);
  };
  if (key === 'ArrowLeft' || key === 'ArrowRight') {
    const step = key === 'ArrowLeft' ? -1 : 1;
    const inRow = row[pos + step];
    if (inRow !== undefined) return inRow;
    for (let s = si + step; s >= 0 && s < model.sections.length; s += step) {
      const other = model.sections[s]!;
      if (other.rows.length === 0) continue;
      const r = other.rows[Math.min(ri, other.rows.length - 1)]!;
      return step === 1 ? r[0]! : r[r.length - 1]!;
    }
    return from;
  }
  const target = section.rows[ri + (key === 'ArrowUp' ? -1 : 1)];
  return nearestIn(target) ?? from;
}
