import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const SECRET = 's'.repeat(32);

describe('loadConfig', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'boxoffice-config-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('fills every default from an empty environment and generates a local secret once', () => {
    const config = loadConfig({ BOXOFFICE_DATA_DIR: dataDir });
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      redisUrl: undefined,
      dataDir: path.resolve(dataDir),
      logLevel: 'info',
      tokenTtlSeconds: 86_400,
      demoSeed: true,
      smtpUrl: undefined,
      runWorker: true,
    });
    expect(config.secretKey.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dataDir, 'secret.key');
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8').trim()).toBe(config.secretKey);
    // Tokens must survive a restart: the same folder gives the same secret.
    expect(loadConfig({ BOXOFFICE_DATA_DIR: dataDir }).secretKey).toBe(config.secretKey);
  });

  it('parses numbers and booleans from strings and treats empty values as unset', () => {
    const config = loadConfig({
      BOXOFFICE_DATA_DIR: dataDir,
      PORT: '8080',
      TOKEN_TTL_SECONDS: '120',
      DEMO_SEED: 'false',
      RUN_WORKER: 'true',
      DATABASE_URL: 'postgres://u@db:5432/boxoffice',
      REDIS_URL: '',
      LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({
      port: 8080,
      tokenTtlSeconds: 120,
      demoSeed: false,
      runWorker: true,
      databaseUrl: 'postgres://u@db:5432/boxoffice',
      redisUrl: undefined,
      logLevel: 'warn',
    });
  });

  it('runs the worker in-process only with the embedded database by default', () => {
    expect(loadConfig({ BOXOFFICE_DATA_DIR: dataDir, DATABASE_URL: 'postgresql://db/x' }).runWorker).toBe(false);
  });

  it.each([
    ['a non-numeric PORT', { PORT: 'eighty' }, /PORT/],
    ['a PORT out of range', { PORT: '70000' }, /PORT/],
    ['a negative PORT', { PORT: '-1' }, /PORT/],
    ['a DATABASE_URL that is not PostgreSQL', { DATABASE_URL: 'mysql://root@db/app' }, /DATABASE_URL/],
    ['a DATABASE_URL that is not a URL', { DATABASE_URL: 'localhost:5432' }, /DATABASE_URL/],
    ['an unknown NODE_ENV', { NODE_ENV: 'staging' }, /NODE_ENV/],
    ['an unknown LOG_LEVEL', { LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    ['a short SECRET_KEY', { SECRET_KEY: 'too-short' }, /SECRET_KEY/],
    ['a token lifetime under a minute', { TOKEN_TTL_SECONDS: '5' }, /TOKEN_TTL_SECONDS/],
    ['a REDIS_URL of another scheme', { REDIS_URL: 'http://cache' }, /REDIS_URL/],
  ])('refuses %s, naming the variable', (_label, env, problem) => {
    expect(() => loadConfig({ BOXOFFICE_DATA_DIR: dataDir, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ BOXOFFICE_DATA_DIR: dataDir, ...env })).toThrow(problem);
  });

  it('requires SECRET_KEY in production instead of generating one', () => {
    const prodDir = path.join(dataDir, 'prod');
    expect(() => loadConfig({ NODE_ENV: 'production', BOXOFFICE_DATA_DIR: prodDir })).toThrow(/SECRET_KEY/);
    expect(existsSync(path.join(prodDir, 'secret.key'))).toBe(false);
  });

  it('refuses DEMO_SEED=true in production and does not seed there by default', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SECRET_KEY: SECRET, DEMO_SEED: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', SECRET_KEY: SECRET, DEMO_SEED: 'true' })).toThrow(/DEMO_SEED/);
    const prod = loadConfig({ NODE_ENV: 'production', SECRET_KEY: SECRET, DATABASE_URL: 'postgres://db/x' });
    expect(prod).toMatchObject({ env: 'production', secretKey: SECRET, demoSeed: false, runWorker: false });
  });
});
