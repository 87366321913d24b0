import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { neighbour, seatState, stateNames, type Box, type MapSection, type SeatMapModel } from './seat-map-model.js';

export interface SeatMapProps {
  model: SeatMapModel;
  states: Uint8Array | null;
  selected: ReadonlySet<number>;
  tierColour(tierId: string): string;
  describeSeat(index: number): string;
  onToggleSeat(index: number): void;
  onPickArea(sectionId: string): void;
  availableIn(sectionId: string): number | undefined;
}

interface View {
  scale: number;
  tx: number;
  ty: number;
}

/** Below this many pixels per seat the map shows sections only: 50,000 dots at 2 px help nobody. */
const seatDetailPx = 5;
const keyboardZoomPx = 16;

function fit(box: Box, width: number, height: number, pad = 24): View {
  const scale = Math.min((width - 2 * pad) / Math.max(box.w, 1), (height - 2 * pad) / Math.max(box.h, 1));
  return { scale, tx: (width - box.w * scale) / 2 - box.x * scale, ty: (height - box.h * scale) / 2 - box.y * scale };
}

/**
 * The seat map as SVG. Seats are drawn per section as one path per state (a few
 * elements, not one per seat), and only for sections in view once zoomed in
 * far enough; clicks are hit-tested against a grid. Render time is recorded as
 * `seatmap-render` performance measures.
 */
export function SeatMapView(props: SeatMapProps) {
  const renderStart = performance.now();
  const { model, states, selected } = props;
  const wrapRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ w: 800, h: 480 });
  const [view, setView] = useState<View>(() => fit(withStage(model.bounds, model.unit), 800, 480));
  const [cursor, setCursor] = useState<number | null>(null);
  const drag = useRef<{ x: number; y: number; view: View; moved: boolean } | null>(null);
  const fitted = useRef(false);

  useLayoutEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      const w = Math.round(entry.contentRect.width);
      const h = Math.round(entry.contentRect.height);
      setSize({ w, h });
      if (!fitted.current && w > 0) {
        fitted.current = true;
        setView(fit(withStage(model.bounds, model.unit), w, h));
      }
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [model]);

  useLayoutEffect(() => {
    performance.measure('seatmap-render', { start: renderStart, end: performance.now() });
  });

  const zoomAt = useCallback((factor: number, px: number, py: number) => {
    setView((v) => {
      const scale = Math.min(Math.max(v.scale * factor, 0.05), 80);
      const k = scale / v.scale;
      return { scale, tx: px - (px - v.tx) * k, ty: py - (py - v.ty) * k };
    });
  }, []);

  // React's wheel listener is passive; zooming must stop the page from scrolling.
  useEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const rect = el.getBoundingClientRect();
      zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX - rect.left, e.clientY - rect.top);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [zoomAt]);

  const detailed = view.scale * model.unit >= seatDetailPx;
  const viewport: Box = { x: -view.tx / view.scale, y: -view.ty / view.scale, w: size.w / view.scale, h: size.h / view.scale };
  const visible = model.sections.filter((s) => s.end > s.start && intersects(s.box, viewport));

  const focusSeat = (index: number) => {
    setCursor(index);
    const seat = model.seats[index]!;
    setView((v) => {
      const scale = Math.max(v.scale, keyboardZoomPx / model.unit);
      const sx = seat.x * scale + v.tx;
      const sy = seat.y * scale + v.ty;
      const inside = scale === v.scale && sx > 40 && sx < size.w - 40 && sy > 40 && sy < size.h - 40;
      return inside ? v : { scale, tx: size.w / 2 - seat.x * scale, ty: size.h / 2 - seat.y * scale };
    });
  };

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      if (model.seats.length === 0) return;
      focusSeat(cursor === null ? firstAvailable(model, states) : neighbour(model, cursor, e.key));
    } else if ((e.key === 'Enter' || e.key === ' ') && cursor !== null) {
      e.preventDefault();
      props.onToggleSeat(cursor);
    } else if (e.key === '+' || e.key === '=') {
      zoomAt(1.4, size.w / 2, size.h / 2);
    } else if (e.key === '-') {
      zoomAt(1 / 1.4, size.w / 2, size.h / 2);
    } else if (e.key === '0') {
      setView(fit(withStage(model.bounds, model.unit), size.w, size.h));
    }
  }

  function onPointerDown(e: PointerEvent<HTMLDivElement>) {
    if (e.button !== 0) return;
    drag.current = { x: e.clientX, y: e.clientY, view, moved: false };
  }
  function onPointerMove(e: PointerEvent<HTMLDivElement>) {
    const d = drag.current;
    if (!d) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    if (!d.moved && Math.hypot(dx, dy) < 5) return;
    if (!d.moved) e.currentTarget.setPointerCapture(e.pointerId);
    d.moved = true;
    setView({ ...d.view, tx: d.view.tx + dx, ty: d.view.ty + dy });
  }
  function onPointerUp(e: PointerEvent<HTMLDivElement>) {
    const d = drag.current;
    drag.current = null;
    if (!d || d.moved) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const x = (e.clientX - rect.left - view.tx) / view.scale;
    const y = (e.clientY - rect.top - view.ty) / view.scale;
    const section = model.sections.find((s) => contains(s.box, x, y));
    if (section && (section.kind === 'ga' || section.end === section.start)) return props.onPickArea(section.id);
    if (!detailed) {
      if (section) setView(fit(section.box, size.w, size.h, 40));
      return;
    }
    const seat = model.seatAt(x, y);
    if (seat !== null) {
      setCursor(seat);
      props.onToggleSeat(seat);
    }
  }

  const r = model.unit * 0.5;
  const cursorSeat = cursor === null ? null : model.seats[cursor]!;
  return (
    <div className="seat-map">
      <div className="seat-map-toolbar" role="toolbar" aria-label="Map zoom">
        <button type="button" className="icon-button" onClick={() => zoomAt(1.5, size.w / 2, size.h / 2)} aria-label="Zoom in">
          +
        </button>
        <button type="button" className="icon-button" onClick={() => zoomAt(1 / 1.5, size.w / 2, size.h / 2)} aria-label="Zoom out">
          −
        </button>
        <button type="button" className="button secondary small" onClick={() => setView(fit(withStage(model.bounds, model.unit), size.w, size.h))}>
          Show whole venue
        </button>
        <span className="muted small">{detailed ? 'Click a seat to select it' : 'Click a section to zoom in'}</span>
      </div>
      <div
        ref={wrapRef}
        className="seat-map-canvas"
        tabIndex={0}
        role="application"
        aria-roledescription="seat map"
        aria-label="Seat map. Arrow keys move between seats, Enter or Space selects, plus and minus zoom, 0 shows the whole venue."
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => (drag.current = null)}
      >
        <svg width={size.w} height={size.h} aria-hidden="true">
          <defs>
            <pattern id="sold-out-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="6" height="6" fill="#e5e7eb" />
              <line x1="0" y1="0" x2="0" y2="6" stroke="#9ca3af" strokeWidth="2" />
            </pattern>
          </defs>
          <g transform={`translate(${view.tx} ${view.ty}) scale(${view.scale})`}>
            <Stage bounds={model.bounds} unit={model.unit} />
            {model.sections.map((s) => (
              <SectionShape
                key={s.id}
                section={s}
                colour={props.tierColour(s.tierId)}
                available={props.availableIn(s.id)}
                detailed={detailed}
                unit={model.unit}
                scale={view.scale}
              />
            ))}
            {detailed &&
              visible.map((s) => (
                <SectionSeats key={s.id} section={s} model={model} states={states} colour={props.tierColour(s.tierId)} />
              ))}
            {detailed && <SelectedSeats model={model} selected={selected} />}
            {cursorSeat && (
              <circle
                cx={cursorSeat.x}
                cy={cursorSeat.y}
                r={r * 1.35}
                fill="none"
                stroke="#111827"
                strokeWidth={model.unit * 0.14}
                strokeDasharray={`${model.unit * 0.3} ${model.unit * 0.15}`}
              />
            )}
          </g>
        </svg>
      </div>
      <p className="visually-hidden" aria-live="polite">
        {cursor === null ? '' : props.describeSeat(cursor)}
      </p>
    </div>
  );
}

/** The stage grows with the venue so it reads as a stage at any size. */
const stageHeight = (b: Box, unit: number): number => Math.min(Math.max(3 * unit, b.w * 0.025), 10 * unit);

function withStage(b: Box, unit: number): Box {
  const h = stageHeight(b, unit) + 3 * unit;
  return { x: b.x, y: b.y - h, w: b.w, h: b.h + h };
}

function Stage({ bounds, unit }: { bounds: Box; unit: number }) {
  const w = Math.max(bounds.w * 0.5, 10 * unit);
  const h = stageHeight(bounds, unit);
  return (
    <g>
      <rect x={bounds.x + (bounds.w - w) / 2} y={bounds.y - h - 2 * unit} width={w} height={h} rx={h / 3} fill="#1f2937" />
      <text x={bounds.x + bounds.w / 2} y={bounds.y - 2 * unit - h / 2} fontSize={h * 0.55} textAnchor="middle" dominantBaseline="central" fill="#fff">
        STAGE
      </text>
    </g>
  );
}

const SectionShape = memo(function SectionShape(p: { section: MapSection; colour: string; available: number | undefined; detailed: boolean; unit: number; scale: number }) {
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
        <text x={box.x + box.w / 2} y={box.y + box.h / 2} fontSize={labelSize} textAnchor="middle" dominantBaseline="middle" fill="#111827" fontWeight={600}>
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
const SectionSeats = memo(function SectionSeats(p: { section: MapSection; model: SeatMapModel; states: Uint8Array | null; colour: string }) {
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
      else if (state === seatState.held) out[1] += `M${x - ring} ${y}a${ring} ${ring} 0 1 0 ${2 * ring} 0a${ring} ${ring} 0 1 0 ${-2 * ring} 0`;
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
function SelectedSeats({ model, selected }: { model: SeatMapModel; selected: ReadonlySet<number> }) {
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

function firstAvailable(model: SeatMapModel, states: Uint8Array | null): number {
  if (!states) return 0;
  const i = states.indexOf(seatState.available);
  return i < 0 ? 0 : i;
}

const intersects = (a: Box, b: Box): boolean => a.x < b.x + b.w && a.x + a.w > b.x && a.y < b.y + b.h && a.y + a.h > b.y;
const contains = (b: Box, x: number, y: number): boolean => x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h;
