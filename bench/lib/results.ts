import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** The machine a result was measured on; figures are only comparable on the same one. */
export function machine(): { cores: number; cpu: string; memoryGb: number; node: string; platform: string; loadAverage: string } {
  return {
    // The machine is shared: the 1/5/15-minute load when the run started says how busy it was.
    loadAverage: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' / '),
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

export async function writeJson(file: string, data: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(data, null, 2)}\n`);
}

/**
 * Replaces the section between `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->`
 * in a Markdown file (appending it when absent), so each benchmark owns only its section.
 */
export async function updateDocSection(file: string, name: string, body: string): Promise<void> {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = `${start}\n${body.trim()}\n${end}`;
  let doc = existsSync(file)
    ? await readFile(file, 'utf8')
    : '# Performance\n\nFigures measured by the benchmarks in `bench/`; each section is rewritten by its benchmark.\n';
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  doc = from >= 0 && to > from ? doc.slice(0, from) + block + doc.slice(to + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, doc);
}

/**
 * Milliseconds every core of the machine has spent busy since boot (user, nice, system, interrupts): the difference
 * over a phase is the CPU the whole machine spent on it — the PostgreSQL backends, Redis and every Node process alike.
 */
export function machineBusyMs(): number {
  return os.cpus().reduce((sum, c) => sum + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0);
}

/**
 * CPU milliseconds the processes `pids` have used (Linux `/proc/<pid>/stat`, utime + stime in clock ticks of 1/100 s,
 * the kernel's USER_HZ on every mainstream build); 0 where there is no `/proc`, or for a process already gone.
 */
export function processCpuMs(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // not Linux, or exited
    }
  }
  return ticks * 10;
}
