import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderSqlSnapshots } from '../src/db/queries/sql-snapshots.js';

/** `npm run sql:snapshots`: rewrites src/db/queries/*.sql from the statements' builders. */
for (const [file, text] of Object.entries(renderSqlSnapshots())) {
  await writeFile(path.resolve('src/db/queries', file), text);
  console.log(`wrote src/db/queries/${file}`);
}
