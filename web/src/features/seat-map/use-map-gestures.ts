import { useRef, type Dispatch, type PointerEvent, type SetStateAction } from 'react';

export interface View {
  scale: number;
  tx: number;
  ty: number;
}

export const clampScale = (scale: number): number => Math.min(Math.max(scale, 0.05), 80);

type Gesture =
  | { kind: 'drag'; x: number; y: number; view: View; moved: boolean }
  | { kind: 'pinch'; distance: number; mid: { x: number; y: number }; view: View }
  /** A pinch ended with one finger still down: its lift is neither a tap nor a drag. */
  | { kind: 'done' };

/** Two taps closer than this in time and space are a double tap (the platform's own figures are about the same). */
const doubleTapMs = 350;
const doubleTapPx = 30;
/** Movement below this is still a tap, not a drag. */
const tapSlopPx = 6;

interface Options {
  view: View;
  setView: Dispatch<SetStateAction<View>>;
  onTap(x: number, y: number): void;
  onDoubleTap(x: number, y: number): void;
  onHover(x: number, y: number): void;
}

/**
 * Pointer gestures on the map, in canvas pixels: drag to pan (mouse, pen or
 * one finger), pinch with two fingers to zoom about their midpoint, double tap
 * to zoom in, tap or click to pick. Pointer events cover mouse and touch alike;
 * the canvas has `touch-action: none`, so the browser neither scrolls nor
 * zooms the page underneath a gesture.
 */
export function useMapGestures(o: Options) {
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const gesture = useRef<Gesture | null>(null);
  const lastTap = useRef<{ t: number; x: number; y: number } | null>(null);

  const local = (e: PointerEvent<HTMLDivElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  };
  const pinchOf = () => {
    const [a, b] = [...pointers.current.values()];
    return { distance: Math.hypot(b!.x - a!.x, b!.y - a!.y) || 1, mid: { x: (a!.x + b!.x) / 2, y: (a!.y + b!.y) / 2 } };
  };

  function onPointerDown(e: PointerEvent<HTMLDivElement>) {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    pointers.current.set(e.pointerId, local(e));
    if (pointers.current.size === 2) {
      e.currentTarget.setPointerCapture(e.pointerId);
      gesture.current = { kind: 'pinch', ...pinchOf(), view: o.view };
    } else if (pointers.current.size === 1) {
      const p = local(e);
      gesture.current = { kind: 'drag', x: p.x, y: p.y, view: o.view, moved: false };
    }
  }

  function onPointerMove(e: PointerEvent<HTMLDivElement>) {
    const p = local(e);
    if (!pointers.current.has(e.pointerId)) {
      if (e.pointerType === 'mouse') o.onHover(p.x, p.y);
      return;
    }
    pointers.current.set(e.pointerId, p);
    const g = gesture.current;
    if (g?.kind === 'pinch' && pointers.current.size >= 2) {
      const now = pinchOf();
      const scale = clampScale(g.view.scale * (now.distance / g.distance));
      // The map point under the fingers' first midpoint stays under their midpoint now.
      const mx = (g.mid.x - g.view.tx) / g.view.scale;
      const my = (g.mid.y - g.view.ty) / g.view.scale;
      o.setView({ scale, tx: now.mid.x - mx * scale, ty: now.mid.y - my * scale });
    } else if (g?.kind === 'drag') {
      const dx = p.x - g.x;
      const dy = p.y - g.y;
      if (!g.moved && Math.hypot(dx, dy) < tapSlopPx) return;
      if (!g.moved) e.currentTarget.setPointerCapture(e.pointerId);
      g.moved = true;
      o.setView({ ...g.view, tx: g.view.tx + dx, ty: g.view.ty + dy });
    }
  }

  function onPointerUp(e: PointerEvent<HTMLDivElement>) {
    if (!pointers.current.delete(e.pointerId)) return;
    const g = gesture.current;
    if (g?.kind === 'pinch') {
      gesture.current = pointers.current.size > 0 ? { kind: 'done' } : null;
      return;
    }
    if (pointers.current.size === 0) gesture.current = null;
    if (g?.kind !== 'drag' || g.moved) return;
    const p = local(e);
    const last = lastTap.current;
    if (e.pointerType !== 'mouse' && last && e.timeStamp - last.t < doubleTapMs && Math.hypot(p.x - last.x, p.y - last.y) < doubleTapPx) {
      lastTap.current = null;
      o.onDoubleTap(p.x, p.y);
      return;
    }
    lastTap.current = { t: e.timeStamp, x: p.x, y: p.y };
    o.onTap(p.x, p.y);
  }

  function onPointerCancel(e: PointerEvent<HTMLDivElement>) {
    pointers.current.delete(e.pointerId);
    if (pointers.current.size === 0) gesture.current = null;
  }

  return { onPointerDown, onPointerMove, onPointerUp, onPointerCancel };
}
