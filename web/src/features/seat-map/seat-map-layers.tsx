import { memo, useMemo } from 'react';
import { seatState, stateNames, type Box, type MapSection, type SeatMapModel } from './seat-map-model.js';

/** The drawing of a seat map: stage, section shapes and seats; zoom and input live in seat-map.tsx. */

/** The stage grows with the venue so it reads as a stage at any size. */
export const stageHeight = (b: Box, unit: number): number => Math.min(Math.max(3 * unit, b.w * 0.025), 10 * unit);

export function Stage({ bounds, unit }: { bounds: Box; unit: number }) {
  const w = Math.max(bounds.w * 0.5, 10 * unit);
  const h = stageHeight(bounds, unit);
  return (
    <g>
      <rect x={bounds.x + (bounds.w - w) / 2} y={bounds.y - h - 2 * unit} width={w} height={h} rx={h / 3} fill="#1f2937" />
      <text
        x={bounds.x + bounds.w / 2}
        y={bounds.y - 2 * unit - h / 2}
        fontSize={h * 0.55}
        textAnchor="middle"
        dominantBaseline="central"
        fill="#fff"
      >
        STAGE
      </text>
    </g>
  );
}

export const SectionShape = memo(function SectionShape(p: {
  section: MapSection;
  colour: string;
  available: number | undefined;
  detailed: boolean;
  unit: number;
  scale: number;
}) {
  const { box } = p.section;
  const soldOut = p.available === 0;
  const area = p.section.kind === 'ga' || p.section.end === p.section.start;
  // About 14 screen pixels, but never wider or taller than the section itself.
  const labelSize = Math.min(14 / p.scale, box.w / Math.max(p.section.name.length * 0.62, 1), box.h * 0.4);
  return (
    <g>
      <rect
        x={box.x - p.unit * 0.3}
        y={box.y - p.unit * 0.3}
        width={box.w + p.unit * 0.6}
        height={box.h + p.unit * 0.6}
        rx={p.unit * 0.6}
        fill={soldOut ? 'url(#sold-out-hatch)' : p.colour}
        fillOpacity={soldOut ? 1 : p.detailed && !area ? 0.08 : 0.55}
        stroke={p.colour}
        strokeWidth={p.unit * 0.15}
      />
      {(!p.detailed || area) && (
        <text
          x={box.x + box.w / 2}
          y={box.y + box.h / 2}
          fontSize={labelSize}
          textAnchor="middle"
          dominantBaseline="middle"
          fill="#111827"
          fontWeight={600}
        >
          {p.section.name}
          {p.available !== undefined && (
            <tspan x={box.x + box.w / 2} dy={labelSize * 1.2} fontSize={labelSize * 0.75} fontWeight={400}>
              {soldOut ? 'sold out' : `${p.available} left`}
            </tspan>
          )}
        </text>
      )}
      {p.detailed && !area && (
        <text x={box.x} y={box.y - p.unit * 0.9} fontSize={Math.max(p.unit * 1.1, 12 / p.scale)} fill="#111827" fontWeight={600}>
          {p.section.name}
        </text>
      )}
    </g>
  );
});

/**
 * Shapes differ, not only colours: available seats are filled circles in the
 * tier colour, held seats hollow rings, sold seats small grey squares.
 */
export const SectionSeats = memo(function SectionSeats(p: {
  section: MapSection;
  model: SeatMapModel;
  states: Uint8Array | null;
  colour: string;
}) {
  const { section, model, states } = p;
  const paths = useMemo(() => {
    const r = model.unit * 0.4;
    const ring = model.unit * 0.3;
    const sq = model.unit * 0.28;
    const out = ['', '', ''];
    for (let i = section.start; i < section.end; i++) {
      const { x, y } = model.seats[i]!;
      const state = states ? states[i]! : seatState.available;
      if (state === seatState.available) out[0] += `M${x - r} ${y}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0`;
      else if (state === seatState.held)
        out[1] += `M${x - ring} ${y}a${ring} ${ring} 0 1 0 ${2 * ring} 0a${ring} ${ring} 0 1 0 ${-2 * ring} 0`;
      else out[2] += `M${x - sq} ${y - sq}h${2 * sq}v${2 * sq}h${-2 * sq}z`;
    }
    return out;
  }, [section, model, states]);
  return (
    <g>
      <path d={paths[0]} fill={p.colour} data-state={stateNames[0]} />
      <path d={paths[1]} fill="none" stroke="#6b7280" strokeWidth={model.unit * 0.14} data-state={stateNames[1]} />
      <path d={paths[2]} fill="#9ca3af" data-state={stateNames[2]} />
    </g>
  );
});

/** Selected seats: a dark disc with a white tick. */
export function SelectedSeats({ model, selected }: { model: SeatMapModel; selected: ReadonlySet<number> }) {
  const r = model.unit * 0.45;
  let disc = '';
  let tick = '';
  for (const i of selected) {
    const { x, y } = model.seats[i]!;
    disc += `M${x - r} ${y}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0`;
    tick += `M${x - r * 0.45} ${y}l${r * 0.3} ${r * 0.35}l${r * 0.55} ${-r * 0.65}`;
  }
  return (
    <g data-state="selected">
      <path d={disc} fill="#111827" />
      <path d={tick} fill="none" stroke="#fff" strokeWidth={model.unit * 0.12} strokeLinecap="round" />
    </g>
  );
}
