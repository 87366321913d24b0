/**
 * How a search box term is read. Order numbers are UUIDs and ticket codes are
 * base32 groups, so a prefix of either matches in SQL; an e-mail matches whole
 * through its blind index; anything without a digit or "@" may be part of a name,
 * which only the decrypted names can answer.
 */
export interface SearchPlan {
  email?: string;
  nameNeedle?: string;
  orderIdPrefix?: string;
  serialPrefix?: string;
}

export function searchPlan(raw: string | undefined): SearchPlan | null {
  const q = raw?.trim() ?? '';
  if (q === '') return null;
  if (q.includes('@')) return { email: q };
  const plan: SearchPlan = {};
  if (/^[0-9a-f-]{4,36}$/i.test(q)) plan.orderIdPrefix = q.toLowerCase();
  if (/^[A-HJ-NP-Z2-9-]{4,19}$/i.test(q)) plan.serialPrefix = q.toUpperCase();
  if (!/\d/.test(q)) plan.nameNeedle = foldName(q);
  return plan;
}

/** Case and accents do not matter: "jose" finds "José". */
export const foldName = (s: string): string =>
  s.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim();

/**
 * One CSV cell (RFC 4180 quoting). A cell a spreadsheet would read as a formula
 * (leading = + - @, or a tab or carriage return that hides one) gets a leading
 * apostrophe, so an attendee named "=HYPERLINK(…)" stays text (OWASP CSV injection).
 */
export function csvCell(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (cells: (string | number | null)[]): string => `${cells.map(csvCell).join(',')}\r\n`;
