/**
 * Validation failures as people read them (issue 13): one entry per field, a
 * sentence a form can show next to it, and the machine code (the schema
 * keyword, or `invalid` for a rule) for code to branch on. Enum failures —
 * TypeBox literal unions fail once per member — become one "must be one of".
 */
export interface FieldMessage {
  /** Where: `body/priceTiers/0/sectionIds`, `querystring/to`, `params/id`. */
  field: string;
  message: string;
  code: string;
}

export interface SchemaIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

const plural = (n: unknown, one: string, many: string) => `${String(n)} ${n === 1 ? one : many}`;

function sentence(issue: SchemaIssue): string {
  const p = issue.params ?? {};
  switch (issue.keyword) {
    case 'required':
      return 'is required';
    case 'minItems':
      return `needs at least ${plural(p.limit, 'entry', 'entries')}`;
    case 'maxItems':
      return `takes at most ${plural(p.limit, 'entry', 'entries')}`;
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must be at least ${plural(p.limit, 'character', 'characters')}`;
    case 'maxLength':
      return `must be at most ${plural(p.limit, 'character', 'characters')}`;
    case 'minimum':
      return `must be at least ${String(p.limit)}`;
    case 'maximum':
      return `must be at most ${String(p.limit)}`;
    case 'exclusiveMinimum':
      return `must be more than ${String(p.limit)}`;
    case 'exclusiveMaximum':
      return `must be less than ${String(p.limit)}`;
    case 'uniqueItems':
      return 'must not list the same entry twice';
    case 'additionalProperties':
      return 'is not a field this request takes';
    case 'minProperties':
      return 'must change at least one field';
    case 'type':
      return `must be ${p.type === 'integer' ? 'a whole number' : `a ${String(p.type)}`}`;
    case 'format':
      return p.format === 'uuid'
        ? 'is not a valid id'
        : p.format === 'date-time'
          ? 'must be a date and time with a zone'
          : `is not a valid ${String(p.format)}`;
    case 'pattern':
      return 'is not in the expected form';
    default:
      return 'is not valid';
  }
}

/** Schema issues (ajv) of one request part as field messages, one per field. */
export function schemaFieldMessages(context: string, issues: SchemaIssue[]): FieldMessage[] {
  const byField = new Map<string, { consts: unknown[]; issues: SchemaIssue[] }>();
  for (const issue of issues) {
    const extra =
      issue.keyword === 'required'
        ? `/${String(issue.params?.missingProperty)}`
        : issue.keyword === 'additionalProperties'
          ? `/${String(issue.params?.additionalProperty)}`
          : '';
    const field = `${context}${issue.instancePath ?? ''}${extra}`;
    const entry = byField.get(field) ?? { consts: [], issues: [] };
    if (issue.keyword === 'const') entry.consts.push(issue.params?.allowedValue);
    else if (issue.keyword === 'enum') entry.consts.push(...((issue.params?.allowedValues as unknown[]) ?? []));
    else if (issue.keyword !== 'anyOf') entry.issues.push(issue);
    byField.set(field, entry);
  }
  return [...byField].map(([field, { consts, issues: rest }]) =>
    consts.length > 0
      ? { field, code: 'enum', message: `must be one of: ${[...new Set(consts)].map(String).join(', ')}` }
      : { field, code: rest[0]?.keyword ?? 'invalid', message: rest[0] ? sentence(rest[0]) : 'is not valid' },
  );
}

/** "priceTiers/0/sectionIds" → "Price tier 1: sections"; a label for the one-line summary. */
export function fieldLabel(field: string): string {
  const parts = field.split('/').slice(1);
  if (parts.length === 0) return 'The request';
  const words = (s: string) =>
    s
      .replace(/Ids$/, 's')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase();
  const out: string[] = [];
  for (const part of parts) {
    const previous = out.at(-1);
    // An index names the item of the list before it; a bare number (a query key "18") stands for itself.
    if (/^\d+$/.test(part) && previous !== undefined) out[out.length - 1] = `${previous.replace(/s$/, '')} ${Number(part) + 1}`;
    else out.push(words(part));
  }
  const text = out.join(': ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One sentence for the whole failure: the first field, and how many more. */
export function summary(fields: FieldMessage[]): string {
  const first = fields[0];
  if (!first) return 'Please check what you entered.';
  const more = fields.length > 1 ? ` (and ${plural(fields.length - 1, 'more field', 'more fields')})` : '';
  return `${fieldLabel(first.field)} ${first.message}${more}.`;
}
