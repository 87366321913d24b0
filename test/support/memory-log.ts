import { Writable } from 'node:stream';
import { expect } from 'vitest';

/** Personal data that must never reach a log line. */
export const EMAIL = 'ada.secret@example.org';
export const PASSWORD = 'hunter2-hunter2';
export const NAME = 'Ada Secretperson';
export const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.secret-token-body.signature';

/** A log destination in memory, read back as text. */
export function memoryLog(): { stream: Writable; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

export function expectNoPii(text: string): void {
  for (const secret of [EMAIL, PASSWORD, NAME, TOKEN, 'session=abc']) expect(text).not.toContain(secret);
}
