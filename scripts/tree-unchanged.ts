import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

/**
 * Runs a command (the test suite) and fails if it changed the git working tree:
 * tests write only to ignored folders (test-results/, coverage/, temporary
 * directories). Files already modified before the run are compared by content,
 * so the check also works on a tree with uncommitted work.
 *
 * Usage: tsx scripts/tree-unchanged.ts <command> [args...]
 */
type Snapshot = Map<string, string>;

function snapshot(): Snapshot | null {
  let out: string;
  try {
    out = execFileSync('git', ['status', '--porcelain=v1', '-z', '--untracked-files=all'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return null;
  }
  const entries: Snapshot = new Map();
  const fields = out.split('\0');
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    if (field.length < 4) continue;
    const status = field.slice(0, 2);
    const file = field.slice(3);
    // Renames and copies carry their source path as the next field.
    if (status.includes('R') || status.includes('C')) i++;
    const content = existsSync(file) ? createHash('sha1').update(readFileSync(file)).digest('hex') : 'deleted';
    entries.set(file, `${status} ${content}`);
  }
  return entries;
}

function differences(before: Snapshot, after: Snapshot): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => before.get(p) !== after.get(p)).sort();
}

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: tsx scripts/tree-unchanged.ts <command> [args...]');
  process.exit(2);
}

const before = snapshot();
const run = spawnSync(command, args, { stdio: 'inherit' });
if (run.error) throw run.error;
const code = run.status ?? 1;

if (!before) {
  console.warn('[tree-unchanged] not a git checkout: the clean-tree check is skipped');
  process.exit(code);
}
const changed = differences(before, snapshot() ?? new Map());
if (changed.length > 0) {
  console.error(`\n[tree-unchanged] the tests changed the working tree (tests must write only to ignored folders):`);
  for (const file of changed) console.error(`  ${file}`);
  process.exit(code || 1);
}
process.exit(code);
