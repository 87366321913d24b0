import type { Deps } from '../context.js';
import { generateEvents } from '../seed/bulk-events.js';
import { seedDemo } from '../seed/demo.js';
import type { Flags } from './commands.js';

function positiveInt(flags: Flags, name: string): number | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
}

/** `seed`: the demo data; `seed --events N [--batch B]`: N generated events on the demo venues. */
export async function seedCommand(deps: Deps, _args: string[], flags: Flags): Promise<number> {
  const count = positiveInt(flags, 'events');
  if (count === undefined) {
    const started = Date.now();
    const seeded = await seedDemo(deps, (line) => console.log(line));
    console.log(
      seeded ? `Demo data seeded in ${((Date.now() - started) / 1000).toFixed(1)} s.` : 'Demo data already present; nothing to do.',
    );
    return 0;
  }
  const { events, seconds } = await generateEvents(deps, { count, batch: positiveInt(flags, 'batch'), log: (line) => console.log(line) });
  console.log(
    `Added ${events.toLocaleString('en')} events in ${seconds.toFixed(1)} s (${Math.round(events / Math.max(seconds, 0.001)).toLocaleString('en')} events/s).`,
  );
  return 0;
}
