import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

/**
 * zxcvbn score (0–4) a new password must reach: 3 is "safely unguessable"
 * (about 10^10 guesses), beyond what credential stuffing and an offline run of
 * a common-password list find. The lists ship with the package: no network.
 */
export const MIN_PASSWORD_SCORE = 3;

let checker: ZxcvbnFactory | null = null;
// Built on first use: the dictionaries take a moment to index and most processes never set a password.
const zxcvbn = (): ZxcvbnFactory =>
  (checker ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  }));

/**
 * Why a new password is too easy to guess (common or breached password,
 * keyboard pattern, the user's own email or name…), or null when it is fine.
 */
export function weakPasswordReason(password: string, userInputs: string[] = []): string | null {
  const result = zxcvbn().check(password, userInputs);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const hints = [result.feedback.warning, ...result.feedback.suggestions].filter((s): s is string => !!s);
  return `is too easy to guess${hints.length ? `: ${hints.join(' ')}` : ''}`;
}
