import type { Deps } from '../context.js';

/** Filled in by the demo-data work: venues, events, performers and demo accounts. */
export async function seedDemo(_deps: Deps, _log: (line: string) => void): Promise<boolean> {
  return false;
}
