import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig, secretBits } from '../src/config.js';

// A random-looking secret (the strength check refuses low-entropy ones in production).
const SECRET = 'kQ7v-Zr2XbN9pL4tYw1hC6mJ8sD3fG5u';

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
      host: '127.0.0.1',
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
      SECRET_KEY: SECRET,
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
    expect(loadConfig({ BOXOFFICE_DATA_DIR: dataDir, DATABASE_URL: 'postgresql://db/x', SECRET_KEY: SECRET }).runWorker).toBe(false);
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

  // Issue 12, defect 4: each of these started before.
  it('refuses a guessable SECRET_KEY in production, and accepts a random one', () => {
    for (const weak of ['a'.repeat(64), 'changeme'.repeat(5), 'abababababababababababababababab', 'secretsecretsecret123456789012345']) {
      expect(() => loadConfig({ NODE_ENV: 'production', SECRET_KEY: weak })).toThrow(/SECRET_KEY looks guessable/);
    }
    expect(secretBits('a'.repeat(64))).toBe(0);
    for (const random of [randomBytes(32).toString('base64'), randomBytes(24).toString('hex'), SECRET]) {
      expect(loadConfig({ NODE_ENV: 'production', SECRET_KEY: random }).secretKey).toBe(random);
    }
  });

  it('refuses DATABASE_URL without SECRET_KEY in every environment: instances and the CLI must share one', () => {
    for (const NODE_ENV of ['development', 'test', 'production']) {
      expect(() => loadConfig({ NODE_ENV, BOXOFFICE_DATA_DIR: dataDir, DATABASE_URL: 'postgres://db/x' })).toThrow(/SECRET_KEY.*required/);
    }
  });

  it('seeds demo data only on the embedded database and listens on loopback by default', () => {
    const external = loadConfig({ BOXOFFICE_DATA_DIR: dataDir, DATABASE_URL: 'postgres://db/x', SECRET_KEY: SECRET });
    expect(external).toMatchObject({ demoSeed: false, host: '127.0.0.1' });
    expect(() =>
      loadConfig({ BOXOFFICE_DATA_DIR: dataDir, DATABASE_URL: 'postgres://db/x', SECRET_KEY: SECRET, DEMO_SEED: 'true' }),
    ).toThrow(/DEMO_SEED=true is refused with DATABASE_URL/);
    expect(loadConfig({ BOXOFFICE_DATA_DIR: dataDir }).demoSeed).toBe(true);
    expect(loadConfig({ BOXOFFICE_DATA_DIR: dataDir, HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
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

  it('selects Stripe only with its three keys together, and reads STRIPE_API_URL into the SDK options', () => {
    expect(loadConfig({ BOXOFFICE_DATA_DIR: dataDir }).stripe).toBeUndefined();
    const keys = { STRIPE_SECRET_KEY: 'sk_test_abc123', STRIPE_WEBHOOK_SECRET: 'whsec_abc123', STRIPE_PUBLISHABLE_KEY: 'pk_test_abc123' };
    expect(loadConfig({ BOXOFFICE_DATA_DIR: dataDir, ...keys }).stripe).toEqual({
      secretKey: 'sk_test_abc123',
      webhookSecret: 'whsec_abc123',
      publishableKey: 'pk_test_abc123',
      api: undefined,
    });
    expect(loadConfig({ BOXOFFICE_DATA_DIR: dataDir, ...keys, STRIPE_API_URL: 'http://127.0.0.1:12111' }).stripe?.api).toEqual({
      host: '127.0.0.1',
      port: 12111,
      protocol: 'http',
    });
    expect(() => loadConfig({ BOXOFFICE_DATA_DIR: dataDir, STRIPE_SECRET_KEY: keys.STRIPE_SECRET_KEY })).toThrow(/together/);
    expect(() => loadConfig({ BOXOFFICE_DATA_DIR: dataDir, ...keys, STRIPE_PUBLISHABLE_KEY: 'pk_live_abc123' })).toThrow(
      /both be test keys or both live/,
    );
    expect(() => loadConfig({ BOXOFFICE_DATA_DIR: dataDir, ...keys, STRIPE_WEBHOOK_SECRET: 'not-a-secret' })).toThrow(ConfigError);
    expect(() => loadConfig({ BOXOFFICE_DATA_DIR: dataDir, STRIPE_API_URL: 'http://127.0.0.1:12111' })).toThrow(/STRIPE_API_URL/);
  });
});
