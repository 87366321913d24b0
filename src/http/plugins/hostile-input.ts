import type { FastifyInstance } from 'fastify';
import { AppError } from '../../domain/errors.js';

/** Deepest JSON nesting a request body may have; every schema here needs well under 10. */
export const MAX_JSON_DEPTH = 32;

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text PostgreSQL cannot store (NUL) or that is not Unicode at all (an unpaired UTF-16 surrogate). */
const badText = (s: string): string | null =>
  s.includes('\u0000') ? 'must not contain NUL characters' : loneSurrogate.test(s) ? 'must be valid Unicode text' : null;

/** Nesting depth of a JSON text, by one pass over it (brackets inside strings do not count). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) max = Math.max(max, ++depth);
    else if (c === 93 || c === 125) depth--;
  }
  return max;
}

/** The path of the first string (value or key) in `value` that `badText` refuses, with why. */
function findBadText(value: unknown, path: string): { field: string; message: string } | null {
  if (typeof value === 'string') {
    const message = badText(value);
    return message ? { field: path, message } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findBadText(value[i], `${path}/${i}`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const message = badText(key);
      if (message) return { field: `${path}/${key.replace(/[^\x20-\x7e]/g, '?')}`, message: `property names ${message}` };
      const found = findBadText(v, `${path}/${key}`);
      if (found) return found;
    }
  }
  return null;
}

const refuse = (issue: { field: string; message: string }): AppError =>
  new AppError('VALIDATION_FAILED', `Invalid request: ${issue.field} ${issue.message}`, [issue]);

/**
 * App-wide guard for input no schema describes well: JSON nested deeper than
 * MAX_JSON_DEPTH (PostgreSQL's jsonb parser runs out of stack on thousands of
 * levels), and text with NUL bytes or lone surrogates anywhere in a body,
 * query string or path (PostgreSQL refuses both). Each is a 400
 * VALIDATION_FAILED before any route runs, so nothing is written. JSON is
 * still parsed by Fastify's own parser (prototype-poisoning checks included).
 */
export function registerHostileInputGuard(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (jsonDepth(text) > MAX_JSON_DEPTH) {
      done(refuse({ field: 'body', message: `must not be nested more than ${MAX_JSON_DEPTH} levels deep` }), undefined);
      return;
    }
    parseJson(request, text, (err, value) => {
      if (err) return done(err, undefined);
      const issue = findBadText(value, 'body');
      return issue ? done(refuse(issue), undefined) : done(null, value);
    });
  });
  app.addHook('preValidation', async (request) => {
    const issue = findBadText(request.query, 'querystring') ?? findBadText(request.params, 'params');
    if (issue) throw refuse(issue);
  });
}
