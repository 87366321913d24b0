import { describe, expect, it } from 'vitest';
import { encodeSeatLayout, type LayoutSeat } from '../../../src/domain/catalogue/seat-layout.rules.js';
import { planVenueLayout } from '../../../src/domain/catalogue/venue-layout.rules.js';
import { stadiumBlocks } from '../../../src/seed/demo-stadium.js';

const head = (id: string) => ({ id, name: id, kind: 'seated' as const, capacity: 0, tierId: `tier-${id}` });

/** Decodes one section the way the web app does, to check the round trip. */
function decode(section: ReturnType<typeof encodeSeatLayout>[number]) {
  const irregular = new Map(section.irregular.map((r) => [r.row, r]));
  const out: Omit<LayoutSeat, 'sectionId'>[] = [];
  const r = section.rows;
  for (let i = 0; i < r.label.length; i++) {
    const exact = irregular.get(i);
    for (let k = 0; k < r.count[i]!; k++) {
      const at = out.length;
      out.push({
        id: exact?.ids?.[k] ?? String(Number(r.firstId[i]) + k),
        row: r.label[i]!,
        number: exact?.numbers?.[k] ?? r.firstNumber[i]! + k,
        x: exact?.xs?.[k] ?? r.x[i]! + k * r.dx[i]!,
        y: exact?.ys?.[k] ?? r.y[i]! + k * r.dy[i]!,
        accessible: section.accessible.includes(at),
        restricted: section.restricted.includes(at),
      });
    }
  }
  return out;
}

describe('compact seat layout', () => {
  it('encodes regular rows as one entry each and decodes to the same seats in the same order', () => {
    const seats: LayoutSeat[] = [];
    let id = 1000;
    for (const [row, y] of [
      ['A', 0],
      ['B', 1],
    ] as const) {
      for (let n = 1; n <= 5; n++) {
        seats.push({
          id: String(id++),
          sectionId: 's',
          row,
          number: n,
          x: 10 + n * 0.7071,
          y: y + n * 0.7071,
          accessible: n === 1,
          restricted: false,
        });
      }
    }
    const [section] = encodeSeatLayout([head('s')], seats);
    expect(section!.rows.label).toEqual(['A', 'B']);
    expect(section!.rows.count).toEqual([5, 5]);
    expect(section!.irregular).toEqual([]);
    expect(section!.accessible).toEqual([0, 5]);
    const back = decode(section!);
    back.forEach((s, i) => {
      expect(s.id).toBe(seats[i]!.id);
      expect(s.number).toBe(seats[i]!.number);
      expect(s.x).toBeCloseTo(seats[i]!.x, 2);
      expect(s.y).toBeCloseTo(seats[i]!.y, 2);
      expect(s.accessible).toBe(seats[i]!.accessible);
    });
  });

  it('keeps exactly the columns of a row that break their run', () => {
    const seats: LayoutSeat[] = [
      { id: '7', sectionId: 's', row: 'A', number: 1, x: 0, y: 0, accessible: false, restricted: true },
      { id: '9', sectionId: 's', row: 'A', number: 2, x: 1, y: 0, accessible: false, restricted: false },
      { id: '8', sectionId: 's', row: 'A', number: 4, x: 2.5, y: 0, accessible: false, restricted: false },
    ];
    const [section] = encodeSeatLayout([head('s')], seats);
    expect(section!.irregular).toEqual([{ row: 0, ids: ['7', '9', '8'], numbers: [1, 2, 4], xs: [0, 1, 2.5], ys: [0, 0, 0] }]);
    expect(section!.restricted).toEqual([0]);
    expect(decode(section!).map((s) => [s.id, s.number, s.x])).toEqual([
      ['7', 1, 0],
      ['9', 2, 1],
      ['8', 4, 2.5],
    ]);
  });

  it('lays the demo stadium out as a bowl: blocks at angles that never overlap, rows one seat apart', () => {
    const plan = planVenueLayout(stadiumBlocks.map((b, i) => ({ ...b.section, id: String(i) })));
    const seats = plan.rows.flatMap((r) =>
      Array.from({ length: r.seats }, (_, k) => ({ s: r.sectionId, x: r.xStart + k * r.dx, y: r.y + k * r.dy })),
    );
    expect(seats.length).toBeGreaterThan(45_000);
    expect(new Set(plan.rows.map((r) => `${r.dx},${r.dy}`)).size).toBe(8);
    const grid = new Map<string, typeof seats>();
    for (const p of seats) {
      const key = `${Math.floor(p.x)},${Math.floor(p.y)}`;
      grid.set(key, [...(grid.get(key) ?? []), p]);
    }
    let tooClose = 0;
    for (const p of seats) {
      for (let dx = -1; dx <= 1; dx++)
        for (let dy = -1; dy <= 1; dy++)
          for (const q of grid.get(`${Math.floor(p.x) + dx},${Math.floor(p.y) + dy}`) ?? [])
            if (q !== p && Math.hypot(p.x - q.x, p.y - q.y) < 0.9) tooClose++;
    }
    expect(tooClose).toBe(0);
    // Every seat is off the pitch (105 x 68 m at two seats a metre).
    expect(seats.every((p) => Math.abs(p.x) > 105 || Math.abs(p.y) > 68)).toBe(true);
    expect(plan.rows.some((r) => r.accessible.length > 0) && plan.rows.some((r) => r.restricted.length > 0)).toBe(true);
  });
});
