import { useMemo } from 'react';
import { saleCurrencies } from '../../../src/domain/money.js';

/** ISO 4217 currencies by code and name in the viewer's language ("USD — US Dollar"); the server checks the same list. */
export function CurrencyOptions({ anyLabel }: { anyLabel?: string }) {
  const options = useMemo(() => {
    const names = new Intl.DisplayNames(undefined, { type: 'currency' });
    return saleCurrencies().map((code) => ({ code, name: names.of(code) ?? code }));
  }, []);
  return (
    <>
      {anyLabel !== undefined && <option value="">{anyLabel}</option>}
      {options.map((o) => (
        <option key={o.code} value={o.code}>
          {o.code} — {o.name}
        </option>
      ))}
    </>
  );
}
