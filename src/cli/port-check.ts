import { createServer } from 'node:net';

/**
 * Fails in milliseconds when the port is taken, before the embedded database and the demo seed
 * spend seconds starting (and are left running by a late EADDRINUSE).
 */
export function assertPortFree(port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) => {
      reject(
        e.code === 'EADDRINUSE'
          ? new Error(
              `Port ${port} on ${host} is already in use (is Boxoffice already running?). Stop that process or start with PORT=<another port>.`,
            )
          : e,
      );
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
