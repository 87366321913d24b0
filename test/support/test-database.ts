let fileDatabaseUrl: string | undefined;

/** Called once per test file by test/support/file-database.ts. */
export function useFileDatabase(url: string): void {
  fileDatabaseUrl = url;
}

/** This test file's own database (copied from the run's migrated template). */
export function testDatabaseUrl(): string {
  if (!fileDatabaseUrl) throw new Error('no test database: only the integration and e2e projects (vitest.config.ts) set one up');
  return fileDatabaseUrl;
}
