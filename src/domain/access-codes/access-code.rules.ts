import type { DiscountKind } from '../../db/schema.js';
import type { NewAccessCode } from '../../db/repositories/access-codes.repository.js';
import { formatMoney } from '../money.js';
import type { AccessCodeInput, RowProblem } from './access-code.types.js';

/** Codes are case-insensitive: stored and compared upper-case, surrounding blanks dropped. */
export const normalizeCode = (code: string): string => code.trim().toUpperCase();

const codePattern = /^[A-Z0-9_-]{3,40}$/;
/** At most this many codes in one bulk request. */
export const maxBulkCodes = 5000;

function parseTime(v: string | null | undefined, field: string, row: number, problems: RowProblem[]): Date | null {
  if (v === null || v === undefined || v === '') return null;
  const d = new Date(v);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v) || Number.isNaN(d.getTime())) {
    problems.push({ row, field, message: 'must be an ISO 8601 date-time with its offset, e.g. 2026-05-01T10:00:00Z' });
    return null;
  }
  return d;
}

/**
 * Checks one code against the event's tiers; returns the row to insert, or
 * null with the problems pushed. `currencyExponent` bounds a fixed discount.
 */
export function checkCodeInput(input: AccessCodeInput, row: number, tierIds: Set<string>, problems: RowProblem[]): NewAccessCode | null {
  const before = problems.length;
  const code = normalizeCode(input.code);
  if (!codePattern.test(code)) problems.push({ row, field: 'code', message: 'must be 3–40 letters, digits, "-" or "_"' });
  const maxUses = input.maxUses ?? null;
  if (maxUses !== null && (!Number.isInteger(maxUses) || maxUses < 1 || maxUses > 1_000_000)) {
    problems.push({ row, field: 'maxUses', message: 'must be a whole number from 1 to 1000000, or empty for unlimited' });
  }
  const validFrom = parseTime(input.validFrom, 'validFrom', row, problems);
  const validUntil = parseTime(input.validUntil, 'validUntil', row, problems);
  if (validFrom && validUntil && validFrom >= validUntil) problems.push({ row, field: 'validUntil', message: 'must be after validFrom' });
  const unlocks = [...new Set(input.unlocksTierIds ?? [])];
  for (const id of unlocks)
    if (!tierIds.has(id)) problems.push({ row, field: 'unlocksTierIds', message: `${id} is not a tier of this event` });
  const d = input.discount ?? null;
  if (d) {
    if (d.kind === 'percent' && (!Number.isInteger(d.value) || d.value < 1 || d.value > 100)) {
      problems.push({ row, field: 'discount', message: 'a percent discount is a whole number from 1 to 100' });
    } else if (d.kind === 'fixed' && (!Number.isInteger(d.value) || d.value < 1 || d.value > 100_000_000)) {
      problems.push({ row, field: 'discount', message: 'a fixed discount is a whole number of minor units from 1 to 100000000' });
    }
  }
  if (problems.length > before) return null;
  return {
    code,
    maxUses,
    validFrom,
    validUntil,
    unlocksTierIds: unlocks,
    discountKind: d?.kind ?? null,
    discountValue: d?.value ?? null,
  };
}

/** A second occurrence of a code in one request is a problem of its row. */
export function duplicateProblems(codes: { code: string; row: number }[]): RowProblem[] {
  const seen = new Set<string>();
  const problems: RowProblem[] = [];
  for (const c of codes) {
    if (seen.has(c.code)) problems.push({ row: c.row, field: 'code', message: `${c.code} appears more than once` });
    seen.add(c.code);
  }
  return problems;
}

export const csvColumns = ['code', 'maxUses', 'validFrom', 'validUntil', 'discountKind', 'discountValue', 'unlocksTiers'] as const;

/**
 * Parses the CSV an organizer uploads: `code,maxUses,validFrom,validUntil,discountKind,discountValue,unlocksTiers`
 * (only `code` needed; empty cells mean none; `unlocksTiers` is tier names separated by `;`; an
 * optional header line starting with "code"). Fields are not quoted: no field contains a comma.
 * Tier names are resolved against `tiers`; rows keep their 1-based line numbers.
 */
export function parseAccessCodeCsv(
  text: string,
  tiers: { id: string; name: string }[],
): { rows: { row: number; input: AccessCodeInput }[]; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const rows: { row: number; input: AccessCodeInput }[] = [];
  const byName = new Map(tiers.map((t) => [t.name.trim().toLowerCase(), t.id]));
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, i) => {
    const row = i + 1;
    if (line.trim() === '') return;
    const cells = line.split(',').map((c) => c.trim());
    if (i === 0 && cells[0]?.toLowerCase() === 'code') return;
    if (cells.length > csvColumns.length) {
      problems.push({ row, field: 'row', message: `has ${cells.length} fields; at most ${csvColumns.length}: ${csvColumns.join(',')}` });
      return;
    }
    const [code = '', maxUses = '', validFrom = '', validUntil = '', kind = '', value = '', unlocks = ''] = cells;
    const input: AccessCodeInput = { code, validFrom: validFrom || null, validUntil: validUntil || null };
    if (maxUses !== '') {
      if (!/^\d+$/.test(maxUses)) problems.push({ row, field: 'maxUses', message: 'must be a whole number, or empty for unlimited' });
      else input.maxUses = Number(maxUses);
    }
    if (kind !== '' || value !== '') {
      if (kind !== 'percent' && kind !== 'fixed') problems.push({ row, field: 'discountKind', message: 'must be "percent" or "fixed"' });
      else if (!/^\d+$/.test(value)) problems.push({ row, field: 'discountValue', message: 'must be a whole number' });
      else input.discount = { kind: kind as DiscountKind, value: Number(value) };
    }
    if (unlocks !== '') {
      const ids: string[] = [];
      for (const name of unlocks
        .split(';')
        .map((n) => n.trim())
        .filter(Boolean)) {
        const id = byName.get(name.toLowerCase());
        if (id) ids.push(id);
        else problems.push({ row, field: 'unlocksTiers', message: `no tier named "${name}"` });
      }
      input.unlocksTierIds = ids;
    }
    rows.push({ row, input });
  });
  return { rows, problems };
}

/** Per-ticket discount of a tier price, as place_hold_headed (migration 0029) takes it: never below zero. */
export function discountOf(kind: DiscountKind, value: number, price: number): number {
  return kind === 'percent' ? Math.floor((price * value) / 100) : Math.min(price, value);
}

/** "10%" or "€5.00 off" style label. */
export function discountLabel(kind: DiscountKind, value: number, currency: string): string {
  return kind === 'percent' ? `${value}% off` : `${formatMoney({ amount: value, currency })} off per ticket`;
}
