import type { Deps } from '../context.js';
import { seedDemo } from '../seed/demo.js';
import type { Flags } from './commands.js';

export async function seedCommand(deps: Deps, _args: string[], _flags: Flags): Promise<number> {
  const seeded = await seedDemo(deps, (line) => console.log(line));
  console.log(seeded ? 'Demo data seeded.' : 'Demo data already present; nothing to do.');
  return 0;
}
