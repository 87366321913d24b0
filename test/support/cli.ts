import { execFile } from 'node:child_process';
import { testConfig } from './test-app.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The real entry point (`npm run cli -- <args>`) in a child process, on this
 * file's database with the test app's secret. Node loads tsx directly: the
 * same code as `tsx src/main.ts` without npx's and tsx's extra start-up processes.
 */
export function runCli(args: string[], env: { BOXOFFICE_DATA_DIR: string } & NodeJS.ProcessEnv): Promise<CliResult> {
  const config = testConfig();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/main.ts', ...args],
      {
        env: {
          ...process.env,
          NODE_ENV: 'test',
          DATABASE_URL: config.databaseUrl,
          SECRET_KEY: config.secretKey,
          LOG_LEVEL: 'silent',
          ...env,
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
