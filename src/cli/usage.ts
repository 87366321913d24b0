/** Kept apart from the commands so `--help` answers without loading the server. */
export const usage = `Usage: npm run cli -- <command>

  serve                       migrate, seed demo data on first start, serve the API (PORT)
  migrate                     apply pending database migrations
  seed                        seed the demo data (venues, 200+ events, demo accounts)
  seed --events N             add N generated events (for benchmarks); --batch size optional
  user create --email E --password P --role customer|organizer|admin|scanner [--name N]
  worker [--interval MS]      run the background worker (outbox, hold expiry, refunds, mail) until stopped
  verify [--json] [--event ID] check invariants 1–4 (no oversell, one booking, money, outbox) and every
                              capture against the payment provider; exit 1 on breach
  backup [--out DIR] [--keep N] [--format auto|pg_dump|copy]
                              back the database up from one snapshot, with a manifest (default DIR: BACKUP_DIR or data/backups)
  restore --from FILE [--force] restore a backup into an empty database (--force replaces a non-empty one)

The database is DATABASE_URL, or the embedded server in BOXOFFICE_DATA_DIR (./data);
while \`npm start\` runs, commands attach to its embedded server.`;
