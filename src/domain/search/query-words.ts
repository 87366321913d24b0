import type { ResolvedWord } from './search.types.js';

/** Query words longer than this are not words anyone searches for; they only cost trigram work. */
const maxWordLength = 40;
const maxWords = 12;
/** A one-letter prefix matches most of the catalogue and ranks all of it: wait for a second letter. */
const minPrefixLength = 2;

/** Splits a query into words the way the vocabulary is split: letters and digits only. */
export function splitQuery(q: string): string[] {
  return q
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .map((w) => w.slice(0, maxWordLength))
    .slice(0, maxWords);
}

/** Only letters and digits reach the tsquery text, so no operator can be smuggled in. */
const lexeme = (w: string): string => `'${w.replace(/[^\p{L}\p{N}]/gu, '')}'`;

/**
 * Every word must match (AND); each word matches itself (as a prefix when it is
 * the word being typed) or one of its typo corrections (OR).
 */
export function toTsquery(words: ResolvedWord[]): string | null {
  const groups = words
    .filter((w) => w.word.replace(/[^\p{L}\p{N}]/gu, '').length > 0)
    .map((w) => {
      const self = w.prefix && w.word.length >= minPrefixLength ? `${lexeme(w.word)}:*` : lexeme(w.word);
      const options = [self, ...w.alternatives.filter((a) => a !== w.word && a.length > 0).map(lexeme)];
      return options.length === 1 ? self : `(${options.join(' | ')})`;
    });
  return groups.length > 0 ? groups.join(' & ') : null;
}
