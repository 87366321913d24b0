import pg from 'pg';

/**
 * Runs `fn` while holding a session advisory lock on the database, or returns
 * null at once when another process holds it: workers in any number, one
 * scheduled backup at a time.
 */
export async function withBackupLock<T>(url: string, fn: () => Promise<T>): Promise<T | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ got: boolean }>("select pg_try_advisory_lock(hashtext('boxoffice:backup')) as got");
    if (!rows[0]?.got) return null;
    return await fn();
  } finally {
    // Ending the session releases the lock.
    await client.end().catch(() => undefined);
  }
}
