import pino, { type Logger, type LoggerOptions } from 'pino';

/** Paths scrubbed from every log line: invariant 6, personal data is never logged. */
const redactPaths = [
  'email',
  'password',
  'name',
  '*.email',
  '*.password',
  '*.name',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'body.email',
  'body.password',
  'body.name',
  'user.email',
  'user.name',
  // One level further down: `{ req: { body } }`, `{ request: { headers } }`.
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.body.email',
  '*.body.password',
  '*.body.name',
];

interface RequestLike {
  method?: string;
  url?: string;
  ip?: string;
  headers?: Record<string, unknown>;
  socket?: { remotePort?: number };
}

/**
 * Fastify's request serializer minus the query string: look-ups such as
 * `/admin/users?email=` would otherwise write an address into every request log.
 */
function serializeRequest(req: RequestLike): Record<string, unknown> {
  return {
    method: req.method,
    url: typeof req.url === 'string' ? req.url.split('?')[0] : req.url,
    version: req.headers?.['accept-version'],
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

export function loggerOptions(level: string): LoggerOptions {
  return { level, redact: { paths: redactPaths, censor: '[redacted]' }, serializers: { req: serializeRequest } };
}

/**
 * `fd` 2 for one-shot commands: their stdout is the result (`verify --json`, `--help`), so log lines
 * must not mix into it; the long-running server and worker log to stdout.
 */
export function createLogger(level: string, fd: 1 | 2 = 1): Logger {
  return pino(loggerOptions(level), pino.destination({ dest: fd, sync: true }));
}

export type { Logger };
