import { Type } from 'typebox';

/** A file reply (PDF, calendar, CSV) as the OpenAPI document describes it; the body is sent as is, never serialized. */
export const fileReply = (contentType: string) => ({
  description: `A ${contentType} file (Content-Disposition: attachment)`,
  content: { [contentType]: { schema: Type.Unsafe<Buffer | string | NodeJS.ReadableStream>({ type: 'string', format: 'binary' }) } },
});
