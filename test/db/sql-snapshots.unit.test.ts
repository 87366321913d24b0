import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSqlSnapshots } from '../../src/db/queries/sql-snapshots.js';

/** The checked-in SQL of the hand-tuned statements matches what the repositories build today. */
describe('SQL snapshots (src/db/queries)', () => {
  it('are current: run `npm run sql:snapshots` after changing a snapshotted statement and review the diff', async () => {
    const rendered = renderSqlSnapshots();
    const dir = path.resolve('src/db/queries');
    const onDisk = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
    expect(onDisk).toEqual(Object.keys(rendered).sort());
    for (const [file, text] of Object.entries(rendered)) {
      expect(await readFile(path.join(dir, file), 'utf8'), `${file} is stale`).toBe(text);
    }
  });

  it('capture the hold path, the search and every invariant scan', () => {
    const rendered = renderSqlSnapshots();
    expect(rendered['holds.repository.sql']).toContain('for update skip locked');
    expect(rendered['search.repository.sql']).toContain("to_tsquery('boxoffice'");
    expect(rendered['invariants.repository.sql']!.match(/^-- invariant \d/gm)).toHaveLength(14);
  });
});
