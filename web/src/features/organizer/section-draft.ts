import type { SectionInput } from '../../api/types.js';

/** A section as the venue forms edit it: seated as rows × seats per row, standing as a capacity. */
export interface SectionDraft {
  name: string;
  kind: 'seated' | 'ga';
  rows: number;
  seatsPerRow: number;
  capacity: number;
}

/** A, B, …, Z, AA, AB, … */
const rowLabel = (i: number): string =>
  i < 26 ? String.fromCharCode(65 + i) : `${rowLabel(Math.floor(i / 26) - 1)}${String.fromCharCode(65 + (i % 26))}`;

export function toSectionInput(d: SectionDraft): SectionInput {
  return d.kind === 'ga'
    ? { name: d.name, kind: 'ga', capacity: d.capacity }
    : { name: d.name, kind: 'seated', rows: Array.from({ length: d.rows }, (_, i) => ({ label: rowLabel(i), seats: d.seatsPerRow })) };
}
