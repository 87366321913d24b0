import type { Deps } from '../context.js';
import type { Logger } from '../logger.js';

/** One background duty: what it does and how often. */
export interface Duty<C = Deps> {
  /** Names the duty in logs and in a pass's report. */
  name: string;
  /** Least time between two runs. */
  everyMs: number;
  /** Returns how much it did (holds expired, rows delivered …). */
  run(context: C): Promise<number>;
}

/** A scheduled loop: stop() ends it between two duties, never in the middle of one. */
export interface RunningSchedule {
  stop(): Promise<void>;
}

export interface ScheduleOptions {
  /** Time between the end of one round and the next look at what is due; default: the shortest interval. */
  tickMs?: number;
  /** Monotonic milliseconds; tests pass a hand-moved clock. */
  now?: () => number;
}

/**
 * Runs each duty when its interval has passed, one at a time in the order
 * given, every duty on the first round. A failing duty is logged and does not
 * stop the others or the loop.
 */
export function startSchedule<C extends { logger: Pick<Logger, 'error'> }>(
  context: C,
  duties: readonly Duty<C>[],
  opts: ScheduleOptions = {},
): RunningSchedule {
  const now = opts.now ?? (() => performance.now());
  const tickMs = opts.tickMs ?? Math.min(...duties.map((d) => d.everyMs));
  const lastRun = new Map<Duty<C>, number>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();

  const round = async (): Promise<void> => {
    for (const duty of duties) {
      if (stopped) return;
      const last = lastRun.get(duty);
      if (last !== undefined && now() - last < duty.everyMs) continue;
      lastRun.set(duty, now());
      try {
        await duty.run(context);
      } catch (e) {
        context.logger.error({ err: e, duty: duty.name }, 'worker duty failed');
      }
    }
  };
  const loop = (): void => {
    if (stopped) return;
    current = round();
    void current.then(() => {
      if (!stopped) timer = setTimeout(loop, tickMs);
    });
  };
  loop();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}

/** Every duty once, in order, regardless of intervals (tests, the end of a benchmark); what each did by name. */
export async function runDutiesOnce<C>(context: C, duties: readonly Duty<C>[]): Promise<Record<string, number>> {
  const done: Record<string, number> = {};
  for (const duty of duties) done[duty.name] = await duty.run(context);
  return done;
}
