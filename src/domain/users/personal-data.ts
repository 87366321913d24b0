import type { Deps } from '../../context.js';
import type { Tx } from '../../db/client.js';
import { privacyErasers } from '../privacy/privacy-erasers.js';
import { privacyExporters } from '../privacy/personal-data-sections.js';
import { collectTwoFactor, eraseTwoFactor } from './two-factor-personal-data.js';

/**
 * Extension points for GDPR export (Art. 15/20) and erasure (Art. 17). Every
 * feature that stores data about a user adds one entry to each list below
 * (import it here): the account export and erasure then cover it without
 * changing their use cases.
 */

export interface PersonalDataExporter {
  /** Key of this part of the export, e.g. `orders`. */
  section: string;
  /** Everything this feature holds about the user, decrypted, as plain JSON. */
  collect(deps: Deps, userId: string): Promise<unknown>;
}

export interface PersonalDataEraser {
  name: string;
  /**
   * Runs in the erasure transaction. Remove or overwrite personal fields;
   * keep rows that accounting needs (orders, payments), linked by user id only.
   */
  erase(tx: Tx, userId: string, deps: Deps): Promise<void>;
}

/** Consents, orders, tickets, payments, scans, holds, sessions, audit entries and mail (src/domain/privacy), and two-factor status. */
export const personalDataExporters: readonly PersonalDataExporter[] = [
  ...privacyExporters,
  { section: 'twoFactor', collect: collectTwoFactor },
];

/**
 * Orders, payments, tickets and scans hold no personal field (only the user id),
 * so they stay as they are for accounting; the users row is blanked by `eraseUser`.
 */
export const personalDataErasers: readonly PersonalDataEraser[] = [...privacyErasers, { name: 'two-factor', erase: eraseTwoFactor }];
