import type { DiscountKind } from '../../db/schema.js';
import type { Money } from '../money.js';

/** One code as an organizer asks for it (single create, a JSON list item, or a CSV row). */
export interface AccessCodeInput {
  code: string;
  /** Omitted or null: unlimited. */
  maxUses?: number | null | undefined;
  validFrom?: string | null | undefined;
  validUntil?: string | null | undefined;
  /** Hidden tiers this code unlocks, by id. */
  unlocksTierIds?: string[] | undefined;
  discount?: { kind: DiscountKind; value: number } | null | undefined;
}

export interface AccessCodeView {
  id: string;
  eventId: string;
  code: string;
  maxUses: number | null;
  uses: number;
  validFrom: string | null;
  validUntil: string | null;
  unlocksTierIds: string[];
  discount: { kind: DiscountKind; value: number } | null;
  enabled: boolean;
  createdAt: string;
}

/** A row-level problem of a bulk create: `row` is 1-based (the CSV line, header included, or the list index + 1). */
export interface RowProblem {
  row: number;
  field: string;
  message: string;
}

/** What a fan learns from checking a code, without using it. */
export interface AccessCodeCheck {
  code: string;
  valid: boolean;
  /** Why not, when not valid: the error code a hold with it would get. */
  reason: 'CODE_INVALID' | 'CODE_EXPIRED' | 'CODE_EXHAUSTED' | null;
  /** Hidden tiers it unlocks: id, name and price. */
  unlocksTiers: { id: string; name: string; price: Money; sectionIds: string[] }[];
  discount: { kind: DiscountKind; value: number; perTicket: string } | null;
  validUntil: string | null;
  usesLeft: number | null;
}
