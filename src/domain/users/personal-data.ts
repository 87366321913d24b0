import type { Deps } from '../../context.js';
import type { Tx } from '../../db/client.js';

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

/** Add e.g. `{ section: 'orders', collect: collectOrders }` when orders exist. */
export const personalDataExporters: readonly PersonalDataExporter[] = [];

/** Add e.g. `{ name: 'orders', erase: pseudonymiseOrders }` when orders hold personal fields. */
export const personalDataErasers: readonly PersonalDataEraser[] = [];
