import closeWithGrace from 'close-with-grace';
import { leaveSignalsToCaller } from '../db/embedded-postgres.js';
import type { Logger } from '../logger.js';

/** How long a graceful stop may take unless SHUTDOWN_TIMEOUT_MS says otherwise. */
export const defaultShutdownTimeoutMs = 10_000;

/**
 * Stops a long-running process (serve, worker) in order on SIGTERM or SIGINT
 * (or after an uncaught error): `close` stops taking new work, lets the work
 * in flight finish and closes the pools. The process exits 0 when that is
 * done within `deadlineMs`; past the deadline, after an uncaught error or on a
 * second signal it exits 1.
 */
export function closeGracefully(logger: Logger, deadlineMs: number, close: () => Promise<void>): void {
  leaveSignalsToCaller();
  closeWithGrace(
    {
      delay: deadlineMs,
      logger: {
        error: (message: unknown) => logger.error(message instanceof Error ? { err: message } : { message: String(message) }, 'shutdown'),
      },
    },
    async ({ signal, err }) => {
      if (err) logger.error({ err }, 'stopping after an uncaught error');
      else logger.info({ signal, deadlineMs }, 'shutting down: finishing the work in flight');
      await close();
      logger.info('stopped');
    },
  );
}
