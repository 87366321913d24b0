import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startSchedule, type Duty } from '../../src/jobs/schedule.js';
import { workerDuties } from '../../src/jobs/worker.js';

interface Context {
  logger: ReturnType<typeof createLogger>;
  runs: string[];
}

/** Resolves once `condition` holds, checked after every turn of the event loop. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('worker schedule', () => {
  it('declares each duty with its interval: reconciliation twice a minute, repricing every 5 s, the rest every second', () => {
    const every = Object.fromEntries(workerDuties().map((d) => [d.name, d.everyMs]));
    expect(every).toEqual({
      expiredHolds: 1_000,
      paymentEvents: 1_000,
      delivered: 1_000,
      invalidated: 1_000,
      refreshedEvents: 1_000,
      reconciled: 30_000,
      admitted: 1_000,
      repriced: 5_000,
      webhooks: 1_000,
    });
    expect(workerDuties(250).find((d) => d.name === 'admitted')!.everyMs).toBe(250);
    expect(workerDuties(250).find((d) => d.name === 'reconciled')!.everyMs).toBe(30_000);
  });

  it('runs every duty at first, then each when its interval has passed, in order, a failing one logged and skipped', async () => {
    let now = 0;
    const ctx: Context = { logger: createLogger('silent'), runs: [] };
    const duty = (name: string, everyMs: number, fail = false): Duty<Context> => ({
      name,
      everyMs,
      run: async (c) => {
        c.runs.push(name);
        if (fail) throw new Error(`${name} failed`);
        return 1;
      },
    });
    const schedule = startSchedule(ctx, [duty('fast', 1_000), duty('broken', 1_000, true), duty('slow', 60_000)], {
      tickMs: 1,
      now: () => now,
    });
    await until(() => ctx.runs.length === 3);
    expect(ctx.runs).toEqual(['fast', 'broken', 'slow']);
    for (let second = 1; second <= 60; second++) {
      now = second * 1_000;
      await until(() => ctx.runs.length === 3 + second * 2 + (second === 60 ? 1 : 0));
    }
    await schedule.stop();
    expect(ctx.runs.filter((r) => r === 'fast')).toHaveLength(61);
    expect(ctx.runs.filter((r) => r === 'slow')).toHaveLength(2);
    expect(ctx.runs.slice(-3)).toEqual(['fast', 'broken', 'slow']);
  });

  it('stop() waits for the duty in flight and starts no other', async () => {
    let release!: () => void;
    const ctx: Context = { logger: createLogger('silent'), runs: [] };
    const first: Duty<Context> = {
      name: 'first',
      everyMs: 1_000,
      run: (c) =>
        new Promise((resolve) => {
          c.runs.push('first started');
          release = () => {
            c.runs.push('first finished');
            resolve(1);
          };
        }),
    };
    const second: Duty<Context> = { name: 'second', everyMs: 1_000, run: async (c) => (c.runs.push('second'), 1) };
    const schedule = startSchedule(ctx, [first, second]);
    await until(() => ctx.runs.length === 1);
    let stopped = false;
    const stopping = schedule.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(ctx.runs).toEqual(['first started', 'first finished']);
  });
});
