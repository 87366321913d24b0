import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Field, SeatFlags, SectionLabels, SectionSeats, SectionShape, SelectedSeats, Stage, stageHeight } from './seat-map-layers.js';
import { neighbour, seatState, sectionContains, type Box, type SeatMapModel } from './seat-map-model.js';
import { clampScale, useMapGestures, type View } from './use-map-gestures.js';

export interface SeatMapProps {
  model: SeatMapModel;
  states: Uint8Array | null;
  selected: ReadonlySet<number>;
  tierColour(tierId: string): string;
  describeSeat(index: number): string;
  /** What the tooltip says about a seat: where it is, then price, state and flags. */
  seatDetails(index: number): { place: string; details: string };
  onToggleSeat(index: number): void;
  onPickArea(sectionId: string): void;
  availableIn(sectionId: string): number | undefined;
}

/** Below this many pixels per seat the map shows sections only: 50,000 dots at 2 px help nobody. */
const seatDetailPx = 5;
/** Row labels from here; seat numbers (and where a section click or a double tap lands) from seatNumberPx. */
const rowLabelPx = 9;
const seatNumberPx = 24;
const keyboardZoomPx = 16;

function fit(box: Box, width: number, height: number, pad = 24): View {
  const scale = Math.min((width - 2 * pad) / Math.max(box.w, 1), (height - 2 * pad) / Math.max(box.h, 1));
  return { scale, tx: (width - box.w * scale) / 2 - box.x * scale, ty: (height - box.h * scale) / 2 - box.y * scale };
}

/**
 * The seat map as SVG. Seats are drawn per section as one path per state (a few
 * elements, not one per seat), and only for sections in view once zoomed in
 * far enough; row labels and seat numbers are one text element per section;
 * clicks and taps are hit-tested against a grid. Render time is recorded as
 * `seatmap-render` performance measures.
 */
export function SeatMapView(props: SeatMapProps) {
  const renderStart = performance.now();
  const { model, states, selected } = props;
  const wrapRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ w: 800, h: 480 });
  const [view, setView] = useState<View>(() => fit(whole(model), 800, 480));
  const [cursor, setCursor] = useState<number | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  const [focused, setFocused] = useState(false);
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
        setView(fit(whole(model), w, h));
      }
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [model]);

  useLayoutEffect(() => {
    performance.measure('seatmap-render', { start: renderStart, end: performance.now() });
  });
  // The map is drawn and takes input: what the browser tests report as time to interactive.
  useEffect(() => {
    if (performance.getEntriesByName('seatmap-interactive').length === 0) performance.mark('seatmap-interactive');
  }, []);

  const zoomAt = useCallback((factor: number, px: number, py: number) => {
    setView((v) => {
      const scale = clampScale(v.scale * factor);
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
      setView(fit(whole(model), size.w, size.h));
    }
  }

  /** A tap or click at a point of the map: into a block at overview, on a seat at seat level. */
  function tapAt(x: number, y: number) {
    const section = model.sections.find((sec) => sectionContains(sec, x, y, model.unit));
    if (section && (section.kind === 'ga' || section.end === section.start)) return props.onPickArea(section.id);
    if (!detailed) {
      if (section) zoomToSection(section.box);
      return;
    }
    const seat = model.seatAt(x, y);
    if (seat !== null) {
      setCursor(seat);
      setHover(seat);
      props.onToggleSeat(seat);
    }
  }

  /** Fits the block, but never short of seat level: row labels and seat numbers show at once. */
  function zoomToSection(box: Box) {
    const fitted = fit(box, size.w, size.h, 40);
    const scale = Math.max(fitted.scale, seatNumberPx / model.unit);
    const cx = box.x + box.w / 2;
    const cy = box.y + box.h / 2;
    setView({ scale, tx: size.w / 2 - cx * scale, ty: size.h / 2 - cy * scale });
  }

  const gestures = useMapGestures({
    view,
    setView,
    onTap: (px, py) => tapAt((px - view.tx) / view.scale, (py - view.ty) / view.scale),
    onDoubleTap: (px, py) => {
      const target = Math.max(view.scale * 2, seatNumberPx / model.unit);
      zoomAt(target / view.scale, px, py);
    },
    onHover: (px, py) => {
      if (!detailed) return setHover(null);
      setHover(model.seatAt((px - view.tx) / view.scale, (py - view.ty) / view.scale));
    },
  });

  const px = view.scale * model.unit;
  const tipSeat = hover ?? (focused ? cursor : null);
  const tip = tipSeat === null || !detailed ? null : { seat: model.seats[tipSeat]!, ...props.seatDetails(tipSeat) };
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
        <button type="button" className="button secondary small" onClick={() => setView(fit(whole(model), size.w, size.h))}>
          Show whole venue
        </button>
        <span className="muted small">
          {detailed ? 'Click a seat to select it; hover for its price' : 'Click a block to zoom in; pinch or double-tap on a phone'}
        </span>
      </div>
      <div
        ref={wrapRef}
        className="seat-map-canvas"
        tabIndex={0}
        role="application"
        aria-roledescription="seat map"
        aria-label="Seat map. Arrow keys move between seats, Enter or Space selects, plus and minus zoom, 0 shows the whole venue."
        onKeyDown={onKeyDown}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        onPointerLeave={() => setHover(null)}
        {...gestures}
      >
        <svg width={size.w} height={size.h} aria-hidden="true">
          <defs>
            <pattern id="sold-out-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="6" height="6" fill="#e5e7eb" />
              <line x1="0" y1="0" x2="0" y2="6" stroke="#9ca3af" strokeWidth="2" />
            </pattern>
          </defs>
          <g transform={`translate(${view.tx} ${view.ty}) scale(${view.scale})`}>
            {model.field ? <Field field={model.field} unit={model.unit} /> : <Stage bounds={model.bounds} unit={model.unit} />}
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
              visible.map((s) => <SectionSeats key={s.id} section={s} model={model} states={states} colour={props.tierColour(s.tierId)} />)}
            {detailed && visible.map((s) => <SeatFlags key={s.id} section={s} model={model} />)}
            {px >= rowLabelPx && visible.map((s) => <SectionLabels key={s.id} section={s} model={model} numbers={px >= seatNumberPx} />)}
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
        {tip && (
          <div
            className="seat-tooltip"
            role="tooltip"
            style={{
              left: Math.min(Math.max(tip.seat.x * view.scale + view.tx, 130), size.w - 130),
              top: tip.seat.y * view.scale + view.ty - model.unit * view.scale * 0.7,
            }}
          >
            <strong>{tip.place}</strong>
            <span>{tip.details}</span>
          </div>
        )}
      </div>
      <p className="visually-hidden" aria-live="polite">
        {cursor === null ? '' : props.describeSeat(cursor)}
      </p>
    </div>
  );
}

/** The whole venue: with the stage drawn in front of it, unless the venue places its own field. */
function whole(model: SeatMapModel): Box {
  const b = model.bounds;
  if (model.field) return b;
  const h = stageHeight(b, model.unit) + 3 * model.unit;
  return { x: b.x, y: b.y - h, w: b.w, h: b.h + h };
}

function firstAvailable(model: SeatMapModel, states: Uint8Array | null): number {
  if (!states) return 0;
  const i = states.indexOf(seatState.available);
  return i < 0 ? 0 : i;
}

const intersects = (a: Box, b: Box): boolean => a.x < b.x + b.w && a.x + a.w > b.x && a.y < b.y + b.h && a.y + a.h > b.y;
