import pino, { type Logger, type LoggerOptions } from 'pino';

/** Paths scrubbed from every log line: invariant 6, personal data is never logged. */
export const redactPaths = [
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
];

export function loggerOptions(level: string): LoggerOptions {
  return { level, redact: { paths: redactPaths, censor: '[redacted]' } };
}

export function createLogger(level: string): Logger {
  return pino(loggerOptions(level));
}

export type { Logger };
