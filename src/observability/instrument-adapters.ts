import type { Cache } from '../adapters/kv/cache.js';
import type { PaymentProvider } from '../adapters/payments/payment-provider.js';
import type { Metrics } from '../domain/metrics.js';

/** Provider calls whose outcome is counted; every other member passes through untouched. */
const counted = new Set(['authorize', 'capture', 'refund', 'void']);

function outcomeOf(operation: string, result: unknown): string {
  if (operation === 'refund') return 'refunded';
  if (operation === 'void') return 'voided';
  const status = (result as { status?: unknown } | null)?.status;
  return typeof status === 'string' ? status : 'unknown';
}

/**
 * Counts every money-moving provider call by operation and outcome, whichever
 * use case makes it (checkout, webhook follow-up, reconciliation, refund). A
 * Proxy, so provider-specific members (the simulated provider's test hooks)
 * stay reachable and calls keep their `this`.
 */
export function instrumentPayments<P extends PaymentProvider>(provider: P, metrics: Metrics): P {
  return new Proxy(provider, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || !counted.has(prop) || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        try {
          const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          metrics.paymentCall(prop, outcomeOf(prop, result));
          return result;
        } catch (e) {
          metrics.paymentCall(prop, 'error');
          throw e;
        }
      };
    },
  });
}

/**
 * Counts cache hits and misses. A `getOrLoad` is a miss when its loader ran
 * (a database read); callers that joined another's in-flight load, or found
 * the value cached, were served without one and count as hits.
 */
export function instrumentCache(cache: Cache, metrics: Metrics): Cache {
  return {
    async get<T>(key: string) {
      const value = await cache.get<T>(key);
      metrics.cacheLookup(value !== undefined);
      return value;
    },
    set: (key, value, ttlMs) => cache.set(key, value, ttlMs),
    del: (keys) => cache.del(keys),
    async getOrLoad<T>(key: string, ttlMs: number, loader: () => Promise<T>) {
      let loaded = false;
      const value = await cache.getOrLoad(key, ttlMs, () => {
        loaded = true;
        return loader();
      });
      metrics.cacheLookup(!loaded);
      return value;
    },
    close: () => cache.close(),
  };
}
