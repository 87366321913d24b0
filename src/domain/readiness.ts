import type { Deps } from '../context.js';
import { knownMigrations } from '../db/migrate.js';
import { appliedMigrations } from '../db/repositories/operations.repository.js';

export interface Readiness {
  /** `ok`; `degraded` (serving without Redis); `unavailable` (take this instance out of rotation). */
  status: 'ok' | 'degraded' | 'unavailable';
  checks: Record<string, string>;
}

/** A check that takes longer than this counts as failed: a load balancer's probe must get an answer. */
const CHECK_TIMEOUT_MS = 2_000;

/**
 * What a load balancer needs to know before routing here. The database must
 * answer and carry every migration this build knows (an instance started
 * before `migrate` ran would hit missing tables); migrations newer than this
 * build are fine, because migrations stay compatible with the version before.
 * Redis down is `degraded`, still ready: the API keeps selling on PostgreSQL.
 */
export async function checkReadiness(deps: Deps): Promise<Readiness> {
  const checks: Record<string, string> = {};
  const applied = await withTimeout(appliedMigrations(deps.db)).catch(() => null);
  if (!applied) {
    checks.database = 'unreachable';
    checks.migrations = 'unknown';
  } else {
    checks.database = 'ok';
    const missing = knownMigrations.filter((m) => !applied.includes(m));
    checks.migrations = missing.length === 0 ? 'ok' : `pending: ${missing.join(', ')}`;
  }
  if (deps.config.redisUrl) {
    // Any answer, even a miss, proves Redis is reachable; the call fails fast when it is not.
    checks.redis = await withTimeout(deps.kv.get('readyz')).then(
      () => 'ok',
      () => 'unreachable',
    );
  }
  const essential = checks.database === 'ok' && checks.migrations === 'ok';
  const status = !essential ? 'unavailable' : Object.values(checks).every((c) => c === 'ok') ? 'ok' : 'degraded';
  return { status, checks };
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('readiness check timed out')), CHECK_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
