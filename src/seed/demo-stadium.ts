import type { RowFlags, SectionInput, VenueField } from '../domain/catalogue/catalogue.types.js';

/**
 * Northgate Stadium: a two-tier bowl of numbered blocks around a football
 * pitch (105 × 68 m; one unit is a seat width of half a metre). Blocks run
 * clockwise from the north-west: 101–130 in the lower tier, 201–230 in the
 * upper. Gaps between blocks are the aisles and stairways; the corners are
 * fan-shaped blocks whose rows widen towards the back. Rows are numbered from
 * the front, seats clockwise. Wheelchair platforms sit at the back of the
 * lower tier (end seats of its last row); the first rows of the lower corners
 * look past the goal frame and are sold as restricted view, as are the last
 * row of the upper corners under the roof edge. About 50,600 seats and 8,000
 * standing places on the pitch for concerts.
 */

const pitch = { w: 210, h: 136 };
export const stadiumField: VenueField = { label: 'Pitch', x: -pitch.w / 2, y: -pitch.h / 2, w: pitch.w, h: pitch.h };

interface Tier {
  first: number;
  /** Distance of the front row from the touchline. */
  gap: number;
  rows: number;
  blockWidth: number;
  cornerFront: number;
  /** Along the diagonal from the pitch corner to the front of the corner block. */
  cornerGap: number;
  name: string;
}

const aisle = 2;
const lower: Tier = { first: 101, gap: 8, rows: 28, blockWidth: 26, cornerFront: 12, cornerGap: 19, name: 'Lower' };
const upper: Tier = { first: 201, gap: 41, rows: 33, blockWidth: 28, cornerFront: 20, cornerGap: 51, name: 'Upper' };

type Stand = 'Sideline' | 'End' | 'Corner';

export interface StadiumBlock {
  section: SectionInput;
  stand: Stand;
  tier: 'Lower' | 'Upper';
}

/** Blocks along one side: centred on the side, facing the pitch. */
function side(count: number, width: number, at: (offset: number) => { x: number; y: number }, rotation: number) {
  const span = count * width + (count - 1) * aisle;
  return Array.from({ length: count }, (_, i) => ({ ...at(-span / 2 + width / 2 + i * (width + aisle)), rotation }));
}

function rowsOf(tier: Tier, seats: (r: number) => number, flags: (r: number, n: number) => RowFlags): NonNullable<SectionInput['rows']> {
  return Array.from({ length: tier.rows }, (_, r) => ({ label: String(r + 1), seats: seats(r), ...flags(r, seats(r)) }));
}

function tierBlocks(tier: Tier): StadiumBlock[] {
  const halfW = pitch.w / 2 + tier.gap;
  const halfH = pitch.h / 2 + tier.gap;
  const blockOf = (stand: Stand, p: { x: number; y: number; rotation: number }, rows: SectionInput['rows']) => ({ stand, p, rows });
  const straight = rowsOf(
    tier,
    () => tier.blockWidth,
    (r, n) => (tier === lower && r === tier.rows - 1 ? { accessible: [1, 2, 3, n - 2, n - 1, n] } : {}),
  );
  const corner = rowsOf(
    tier,
    (r) => tier.cornerFront + r,
    (r, n) => {
      const all = Array.from({ length: n }, (_, i) => i + 1);
      if (tier === lower && r < 3) return { restricted: all };
      if (tier === upper && r === tier.rows - 1) return { restricted: all };
      return {};
    },
  );
  const d = tier.cornerGap / Math.SQRT2;
  const cornerAt = (sx: number, sy: number, rotation: number) =>
    blockOf('Corner', { x: sx * (pitch.w / 2 + d), y: sy * (pitch.h / 2 + d), rotation }, corner);
  // Clockwise from the north-west: north, NE corner, east, SE corner, south, SW corner, west, NW corner.
  const north = side(8, tier.blockWidth, (o) => ({ x: o, y: -halfH }), 0).map((p) => blockOf('Sideline', p, straight));
  const east = side(5, tier.blockWidth, (o) => ({ x: halfW, y: o }), 90).map((p) => blockOf('End', p, straight));
  const south = side(8, tier.blockWidth, (o) => ({ x: -o, y: halfH }), 180).map((p) => blockOf('Sideline', p, straight));
  const west = side(5, tier.blockWidth, (o) => ({ x: -halfW, y: -o }), 270).map((p) => blockOf('End', p, straight));
  const ordered = [
    ...north,
    cornerAt(1, -1, 45),
    ...east,
    cornerAt(1, 1, 135),
    ...south,
    cornerAt(-1, 1, 225),
    ...west,
    cornerAt(-1, -1, 315),
  ];
  return ordered.map((b, i) => ({
    stand: b.stand,
    tier: tier.name as 'Lower' | 'Upper',
    section: { name: `Block ${tier.first + i}`, kind: 'seated', rows: b.rows, placement: b.p },
  }));
}

export const stadiumBlocks: StadiumBlock[] = [...tierBlocks(lower), ...tierBlocks(upper)];

/** The price band a section sells in: blocks share one per stand and tier, so the map shows six colours, not sixty. */
export function stadiumPriceBand(sectionName: string): string {
  const block = stadiumBlocks.find((b) => b.section.name === sectionName);
  if (!block) return sectionName;
  return block.stand === 'Corner' ? 'Corner' : `${block.stand} ${block.tier}`;
}
