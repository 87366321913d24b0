import type { Deps } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { closeConsent, consentHistory, openConsent } from '../../db/repositories/consents.repository.js';
import { writeAudit } from '../../db/repositories/audit.repository.js';
import type { ConsentPurpose } from '../../db/schema.js';

export type { ConsentPurpose };

export const consentPurposes: readonly ConsentPurpose[] = ['terms', 'marketing'];

/**
 * The wording each purpose is granted against. Change the text shown to people
 * → bump its version here: every grant records the version it was given for,
 * so a new version can be asked for again.
 */
export const consentWording: Record<ConsentPurpose, { version: string; text: string }> = {
  terms: {
    version: '2026-12-01',
    text: 'I accept the terms of sale and the privacy notice (docs/privacy.md): my account, orders and tickets are processed to sell and admit me.',
  },
  marketing: {
    version: '2026-12-01',
    text: 'Send me news about upcoming events by e-mail. I can withdraw at any time.',
  },
};

export interface ConsentRecord {
  purpose: ConsentPurpose;
  wordingVersion: string;
  grantedAt: Date;
  withdrawnAt: Date | null;
}

export interface ConsentState {
  purpose: ConsentPurpose;
  granted: boolean;
  /** The wording shown today; `grantedVersion` differing from it means the grant predates the current text. */
  currentVersion: string;
  text: string;
  grantedVersion: string | null;
  grantedAt: Date | null;
}

/** Records a grant in the caller's transaction (registration grants `terms` with the account). */
export async function grantConsent(ex: Executor, userId: string, purpose: ConsentPurpose, at: Date): Promise<boolean> {
  const granted = await openConsent(ex, { userId, purpose, wordingVersion: consentWording[purpose].version, at });
  if (granted) {
    await writeAudit(ex, { actorId: userId, action: 'consent.granted', subjectType: 'user', subjectId: userId, details: { purpose }, at });
  }
  return granted;
}

export async function listConsentRecords(deps: Pick<Deps, 'db'>, userId: string): Promise<ConsentRecord[]> {
  return (await consentHistory(deps.db, userId)).map((r) => ({
    purpose: r.purpose,
    wordingVersion: r.wording_version,
    grantedAt: r.granted_at,
    withdrawnAt: r.withdrawn_at,
  }));
}

/** Each purpose as it stands now, with the history it came from. */
export async function listConsents(
  deps: Pick<Deps, 'db'>,
  userId: string,
): Promise<{ consents: ConsentState[]; history: ConsentRecord[] }> {
  const history = await listConsentRecords(deps, userId);
  const consents = consentPurposes.map((purpose) => {
    const open = history.find((h) => h.purpose === purpose && h.withdrawnAt === null);
    return {
      purpose,
      granted: open !== undefined,
      currentVersion: consentWording[purpose].version,
      text: consentWording[purpose].text,
      grantedVersion: open?.wordingVersion ?? null,
      grantedAt: open?.grantedAt ?? null,
    };
  });
  return { consents, history };
}

/** Grant or withdraw one purpose; repeating the current state changes nothing. */
export async function setConsent(
  deps: Pick<Deps, 'db' | 'clock'>,
  userId: string,
  purpose: ConsentPurpose,
  granted: boolean,
): Promise<ConsentState> {
  const at = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    if (granted) return grantConsent(tx, userId, purpose, at);
    if (await closeConsent(tx, userId, purpose, at)) {
      await writeAudit(tx, {
        actorId: userId,
        action: 'consent.withdrawn',
        subjectType: 'user',
        subjectId: userId,
        details: { purpose },
        at,
      });
    }
    return false;
  });
  return (await listConsents(deps, userId)).consents.find((c) => c.purpose === purpose)!;
}
