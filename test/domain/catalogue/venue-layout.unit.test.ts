import { describe, expect, it } from 'vitest';
import type { SectionInput } from '../../../src/domain/catalogue/catalogue.types.js';
import { planVenueLayout } from '../../../src/domain/catalogue/venue-layout.rules.js';

const seated = (id: string, rows: number, seats: number): SectionInput & { id: string } => ({
  id,
  name: id,
  kind: 'seated',
  rows: Array.from({ length: rows }, (_, i) => ({ label: `R${i}`, seats })),
});

/** Width and height of the drawing the plan produces. */
function extent(sections: (SectionInput & { id: string })[]) {
  const { rows } = planVenueLayout(sections);
  const right = Math.max(...rows.map((r) => r.xStart + r.seats));
  const bottom = Math.max(...rows.map((r) => r.y + 1));
  return { width: right, height: bottom, lines: new Set(rows.filter((r) => r.rowIndex === 0).map((r) => r.y)).size };
}

describe('venue layout', () => {
  it('keeps a small venue on one line, sections side by side with a gap', () => {
    const { rows } = planVenueLayout([seated('stalls', 2, 4), seated('circle', 1, 2)]);
    expect(rows.map((r) => [r.sectionId, r.xStart, r.y])).toEqual([
      ['stalls', 0, 0],
      ['stalls', 0, 1],
      ['circle', 6, 0],
    ]);
  });

  it('wraps a stadium into lines of stands so it draws roughly 16:9, not as a thin strip', () => {
    const stands = ['north', 'east', 'south', 'west'].map((id) => seated(id, 50, 250));
    const { width, height, lines } = extent(stands);
    expect(lines).toBeGreaterThan(1);
    expect(width / height).toBeGreaterThan(0.5);
    expect(width / height).toBeLessThan(4);
  });

  it('keeps seat-map ordinals running through sections in order whatever the wrapping', () => {
    const { rows } = planVenueLayout(['a', 'b', 'c', 'd'].map((id) => seated(id, 3, 120)));
    expect(rows.map((r) => r.ordinalStart)).toEqual(rows.map((_, i) => i * 120));
  });
});
