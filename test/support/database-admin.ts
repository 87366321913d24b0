import pg from 'pg';

/** The URL of `database` on the server `serverUrl` points at. */
export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function dropDatabases(c: pg.Client, names: string[]): Promise<void> {
  for (const name of names) await c.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
}
