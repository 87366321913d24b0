import { ApiError } from '../api/client.js';

/** The server's field messages (`details.fields`) keyed by path without the request part: "priceTiers/0/sectionIds". */
export function fieldMessages(error: unknown): Map<string, string> {
  const fields =
    error instanceof ApiError ? (error.details as { fields?: { field: string; message: string }[] } | undefined)?.fields : undefined;
  return new Map((fields ?? []).map((f) => [f.field.split('/').slice(1).join('/'), f.message]));
}

/** A field's message next to it; `prefix` also matches fields below it (a tier's sectionIds/0). */
export function FieldError({
  messages,
  field,
  id,
  prefix = false,
}: {
  messages: Map<string, string>;
  field: string;
  id: string;
  prefix?: boolean;
}) {
  const message = messages.get(field) ?? (prefix ? [...messages].find(([k]) => k.startsWith(`${field}/`))?.[1] : undefined);
  if (!message) return null;
  return (
    <p className="field-error" id={id}>
      {message}
    </p>
  );
}
