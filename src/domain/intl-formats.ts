/**
 * Intl formatters, kept once built. Building one costs far more than formatting with it (ICU loads the locale's and the
 * zone's data each time): a confirmation mail formats a dozen dates and prices, and built each formatter anew. The key is
 * every input, so a kept formatter formats exactly as a new one would. Zones, currencies and locales are few; the cap
 * only guards against a caller passing unbounded options.
 */
const kept = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
const cap = 2000;

function keep<F extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => F): F {
  const found = kept.get(key);
  if (found) return found as F;
  if (kept.size >= cap) kept.clear();
  const made = make();
  kept.set(key, made);
  return made;
}

export const dateTimeFormat = (locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat =>
  keep(`d|${locale ?? ''}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));

export const numberFormat = (locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat =>
  keep(`n|${locale ?? ''}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));
