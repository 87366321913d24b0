import { useLocation } from 'react-router';
import { Notice } from './feedback.js';

/** Router state that carries a success message to the page an action lands on. */
export interface FlashState {
  notice: string;
}

export const flash = (notice: string): { state: FlashState } => ({ state: { notice } });

/** The message the previous page's action left, in a status region screen readers announce. */
export function FlashNotice() {
  const state = useLocation().state as Partial<FlashState> | null;
  return state?.notice ? <Notice tone="success">{state.notice}</Notice> : null;
}
