import { useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';
import { useLocation } from 'react-router';

const siteName = 'Boxoffice';

/** Set on a client-side navigation until the new page's heading takes the focus (or a few seconds pass). */
let focusPendingUntil = 0;

function takeFocus(el: HTMLElement | null): boolean {
  if (!el || Date.now() > focusPendingUntil) return false;
  focusPendingUntil = 0;
  // No scroll jump: the page has just been scrolled to its top.
  el.focus({ preventScroll: true });
  return true;
}

/**
 * After every client-side navigation the focus moves to the new page's main
 * heading, so keyboard and screen-reader users start on the page they opened
 * (otherwise it stays on the link they pressed, or falls to <body>). Pages
 * whose heading comes with their data take it when it renders; until then the
 * main region holds it. The first load leaves the focus where the browser puts it.
 */
export function useFocusOnNavigation(): void {
  const { pathname } = useLocation();
  const first = useRef(true);
  // A layout effect: it runs after the new page's own layout effects and before any page sets its title.
  useLayoutEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    document.title = siteName;
    focusPendingUntil = Date.now() + 5000;
    const main = () => document.getElementById('main');
    const heading = () => document.querySelector<HTMLElement>('main h1');
    // Without a heading yet, the main region holds the focus and the heading takes it when it mounts.
    if (!takeFocus(heading())) main()?.focus({ preventScroll: true });
    // A part of the page that loads later (a lazy chunk) may hide it for a moment, and the focus falls to
    // <body>: until the user acts, put it back for a few seconds.
    const until = Date.now() + 4000;
    let acted = false;
    const act = () => {
      acted = true;
    };
    window.addEventListener('keydown', act, { capture: true, once: true });
    window.addEventListener('pointerdown', act, { capture: true, once: true });
    const watch = setInterval(() => {
      if (acted || Date.now() > until) return clearInterval(watch);
      if (document.activeElement && document.activeElement !== document.body) return;
      (heading() ?? main())?.focus({ preventScroll: true });
    }, 100);
    return () => {
      clearInterval(watch);
      window.removeEventListener('keydown', act, { capture: true });
      window.removeEventListener('pointerdown', act, { capture: true });
    };
  }, [pathname]);
}

/** The document title every page sets: "What this page is · Boxoffice", renewed after each navigation. */
export function useDocumentTitle(title: string | null): void {
  const { pathname } = useLocation();
  useEffect(() => {
    if (title) document.title = `${title} · ${siteName}`;
  }, [title, pathname]);
}

/**
 * The page's one h1. It names the document (`documentTitle`, else its text)
 * and, after a navigation, receives the focus.
 */
export function PageTitle({
  children,
  documentTitle,
  className = 'page-title',
}: {
  children: ReactNode;
  documentTitle?: string;
  className?: string;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useDocumentTitle(documentTitle ?? (typeof children === 'string' ? children : null));
  useLayoutEffect(() => {
    takeFocus(ref.current);
  }, []);
  return (
    <h1 className={className} ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}
