import type { ReactNode } from 'react';

/**
 * A wide table's sideways-scrolling box. On a phone it scrolls, so it must be
 * reachable and scrollable by keyboard (WCAG 2.1.1; axe's
 * scrollable-region-focusable): a named region in the tab order.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
