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

/** A stadium's pitch: the field of play in the middle of the bowl, with its halfway line and centre circle. */
export function Field({ field, unit }: { field: NonNullable<SeatMapModel['field']>; unit: number }) {
  const { x, y, w, h } = field;
  const line = { fill: 'none', stroke: '#ffffff', strokeOpacity: 0.7, strokeWidth: unit * 0.4 };
  return (
    <g>
      <rect x={x} y={y} width={w} height={h} rx={unit} fill="#4d8f4f" />
      <rect x={x + 4 * unit} y={y + 4 * unit} width={w - 8 * unit} height={h - 8 * unit} {...line} />
      <line x1={x + w / 2} y1={y + 4 * unit} x2={x + w / 2} y2={y + h - 4 * unit} {...line} />
      <circle cx={x + w / 2} cy={y + h / 2} r={Math.min(w, h) * 0.13} {...line} />
      <text
        x={x + w / 2}
        y={y + h - 8 * unit}
        fontSize={Math.min(h * 0.08, 8 * unit)}
        textAnchor="middle"
        fill="#ffffff"
        fillOpacity={0.85}
      >
        {field.label.toUpperCase()}
      </text>
    </g>
  );
}

/**
 * Many short labels as one <text>: SVG positions every character on its own
 * (x and y lists), so a section's seat numbers or row labels cost one DOM node,
 * not one per seat. Characters are centred on their anchor at ~0.6 em each.
 */
function packedText(labels: { text: string; x: number; y: number }[], size: number): { text: string; xs: string; ys: string } {
  let text = '';
  const xs: string[] = [];
  const ys: string[] = [];
  const advance = size * 0.6;
  for (const l of labels) {
    const left = l.x - ((l.text.length - 1) * advance) / 2;
    for (let c = 0; c < l.text.length; c++) {
      text += l.text[c];
      xs.push((left + c * advance).toFixed(2));
      ys.push(l.y.toFixed(2));
    }
  }
  return { text, xs: xs.join(' '), ys: ys.join(' ') };
}

/** Row labels at the start of every row, and (close up) every seat's number on the seat. */
export const SectionLabels = memo(function SectionLabels(p: { section: MapSection; model: SeatMapModel; numbers: boolean }) {
  const { section, model } = p;
  const packed = useMemo(() => {
    const rowLabels: { text: string; x: number; y: number }[] = [];
    const numbers: { text: string; x: number; y: number }[] = [];
    for (const row of section.rows) {
      const first = model.seats[row[0]!]!;
      // One seat width beyond each end, along the row (rows may run at any angle).
      const next = row.length > 1 ? model.seats[row[1]!]! : { x: first.x + model.unit, y: first.y };
      const ux = (next.x - first.x) / model.unit || 1;
      const uy = (next.y - first.y) / model.unit || 0;
      // Only before seat 1: an aisle between two blocks then holds one label, not two on top of each other.
      rowLabels.push({ text: first.row, x: first.x - ux * 1.1 * model.unit, y: first.y - uy * 1.1 * model.unit });
      if (p.numbers)
        for (const i of row) numbers.push({ text: String(model.seats[i]!.number), x: model.seats[i]!.x, y: model.seats[i]!.y });
    }
    return { rows: packedText(rowLabels, model.unit * 0.55), numbers: p.numbers ? packedText(numbers, model.unit * 0.34) : null };
  }, [section, model, p.numbers]);
  return (
    <g pointerEvents="none">
      <text
        x={packed.rows.xs}
        y={packed.rows.ys}
        fontSize={model.unit * 0.55}
        fontWeight={600}
        fill="#374151"
        dominantBaseline="central"
        data-labels="rows"
      >
        {packed.rows.text}
      </text>
      {packed.numbers && (
        <text
          x={packed.numbers.xs}
          y={packed.numbers.ys}
          fontSize={model.unit * 0.34}
          fontWeight={600}
          fill="#ffffff"
          stroke="#111827"
          strokeWidth={model.unit * 0.06}
          paintOrder="stroke"
          dominantBaseline="central"
          data-labels="seats"
        >
          {packed.numbers.text}
        </text>
      )}
    </g>
  );
});

/** Accessible seats carry a small wheelchair mark; restricted-view seats a dot-dash ring (in the legend). */
export const SeatFlags = memo(function SeatFlags(p: { section: MapSection; model: SeatMapModel }) {
  const { section, model } = p;
  const paths = useMemo(() => {
    const r = model.unit * 0.47;
    let accessible = '';
    let restricted = '';
    for (let i = section.start; i < section.end; i++) {
      const seat = model.seats[i]!;
      if (seat.accessible) accessible += `M${seat.x - r} ${seat.y - r}h${2 * r}v${2 * r}h${-2 * r}z`;
      if (seat.restricted) restricted += `M${seat.x - r} ${seat.y}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0`;
    }
    return { accessible, restricted };
  }, [section, model]);
  if (!paths.accessible && !paths.restricted) return null;
  return (
    <g pointerEvents="none">
      {paths.accessible && <path d={paths.accessible} fill="none" stroke="#1d4ed8" strokeWidth={model.unit * 0.1} data-flag="accessible" />}
      {paths.restricted && (
        <path
          d={paths.restricted}
          fill="none"
          stroke="#b45309"
          strokeWidth={model.unit * 0.1}
          strokeDasharray={`${model.unit * 0.2} ${model.unit * 0.1}`}
          data-flag="restricted"
        />
      )}
    </g>
  );
});

export const SectionShape = memo(function SectionShape(p: {
  section: MapSection;
  colour: string;
  available: number | undefined;
  detailed: boolean;
  unit: number;
  scale: number;
}) {
  const { box, outline } = p.section;
  const soldOut = p.available === 0;
  const area = p.section.kind === 'ga' || p.section.end === p.section.start;
  const centre =
    outline.length > 0
      ? { x: outline.reduce((sum, o) => sum + o.x, 0) / outline.length, y: outline.reduce((sum, o) => sum + o.y, 0) / outline.length }
      : { x: box.x + box.w / 2, y: box.y + box.h / 2 };
  // Blocks at an angle: the label fits the front row's length, not the bounding box.
  const span = outline.length > 0 ? Math.hypot(outline[1]!.x - outline[0]!.x, outline[1]!.y - outline[0]!.y) + p.unit : box.w;
  // About 14 screen pixels, but never wider or taller than the section itself.
  const labelSize = Math.min(14 / p.scale, span / Math.max(p.section.name.length * 0.62, 1), box.h * 0.4);
  const fill = soldOut ? 'url(#sold-out-hatch)' : p.colour;
  const fillOpacity = soldOut ? 1 : p.detailed && !area ? 0.08 : 0.55;
  return (
    <g>
      {outline.length > 0 ? (
        <polygon
          points={outline.map((o) => `${o.x},${o.y}`).join(' ')}
          fill={fill}
          fillOpacity={fillOpacity}
          stroke={soldOut ? '#9ca3af' : p.colour}
          strokeOpacity={fillOpacity}
          strokeWidth={p.unit * 1.2}
          strokeLinejoin="round"
          data-section={p.section.name}
        />
      ) : (
        <rect
          x={box.x - p.unit * 0.3}
          y={box.y - p.unit * 0.3}
          width={box.w + p.unit * 0.6}
          height={box.h + p.unit * 0.6}
          rx={p.unit * 0.6}
          fill={fill}
          fillOpacity={fillOpacity}
          stroke={p.colour}
          strokeWidth={p.unit * 0.15}
          data-section={p.section.name}
        />
      )}
      {(!p.detailed || area) && (
        <text x={centre.x} y={centre.y} fontSize={labelSize} textAnchor="middle" dominantBaseline="middle" fill="#111827" fontWeight={600}>
          {p.section.name}
          {p.available !== undefined && (
            <tspan x={centre.x} dy={labelSize * 1.2} fontSize={labelSize * 0.75} fontWeight={400}>
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
