import type { Deps } from '../context.js';
import type { Flags } from './commands.js';

export async function userCommand(_deps: Deps, args: string[], _flags: Flags): Promise<number> {
  console.error(`user ${args.join(' ')}: not available yet`);
  return 2;
}
