import type { Deps } from '../context.js';
import { startWorker } from '../jobs/worker.js';
import type { Flags } from './commands.js';

/** `npm run cli -- worker`: the worker loop as its own process, until SIGINT/SIGTERM. */
export async function workerCommand(deps: Deps, _args: string[], flags: Flags): Promise<number> {
  const intervalMs = typeof flags.interval === 'string' ? Number(flags.interval) : 1_000;
  const worker = startWorker(deps, { intervalMs: Number.isFinite(intervalMs) && intervalMs > 0 ? intervalMs : 1_000 });
  deps.logger.info({ intervalMs }, 'worker started');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await worker.stop();
  deps.logger.info('worker stopped');
  return 0;
}
