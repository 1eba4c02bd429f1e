import { existsSync, readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../../src/config.ts';

const root = new URL('../../', import.meta.url);
const read = (path: string) => JSON.parse(readFileSync(new URL(path, root), 'utf8'));

/**
 * The fields Railway's config schema (railway.com/railway.schema.json, "config as code")
 * allows, with their types; unknown keys are refused as Railway refuses them ("Failed to parse
 * your service config"). Seconds are numbers: Railway rejects "10" for drainingSeconds.
 */
const nullableString = z.string().nullable().optional();
const nullableNumber = z.number().nullable().optional();
const buildSchema = z.strictObject({
  builder: z.enum(['RAILPACK', 'DOCKERFILE', 'NIXPACKS', 'HEROKU', 'PAKETO']).optional(),
  watchPatterns: z.array(z.string()).optional(),
  buildCommand: nullableString,
  dockerfilePath: nullableString,
  railpackVersion: nullableString,
  nixpacksConfigPath: nullableString,
  nixpacksPlan: z.record(z.string(), z.unknown()).nullable().optional(),
  nixpacksVersion: nullableString,
  buildEnvironment: z.string().optional(),
});
const deploySchema = z.strictObject({
  startCommand: nullableString,
  preDeployCommand: z
    .union([z.string(), z.array(z.string())])
    .nullable()
    .optional(),
  numReplicas: z.number().int().positive().optional(),
  multiRegionConfig: z
    .record(z.string(), z.strictObject({ numReplicas: z.number().int().positive() }))
    .nullable()
    .optional(),
  region: nullableString,
  healthcheckPath: nullableString,
  healthcheckTimeout: nullableNumber,
  restartPolicyType: z.enum(['ON_FAILURE', 'ALWAYS', 'NEVER']).optional(),
  restartPolicyMaxRetries: nullableNumber,
  cronSchedule: nullableString,
  sleepApplication: z.boolean().optional(),
  overlapSeconds: nullableNumber,
  drainingSeconds: nullableNumber,
  runtime: z.string().optional(),
  requiredMountPath: nullableString,
  limitOverride: z.record(z.string(), z.unknown()).optional(),
  useLegacyStacker: z.boolean().optional(),
});
const railwaySchema = z.strictObject({
  $schema: z.literal('https://railway.com/railway.schema.json'),
  build: buildSchema.optional(),
  deploy: deploySchema.optional(),
  environments: z
    .record(z.string(), z.strictObject({ build: buildSchema.optional(), deploy: deploySchema.optional() }))
    .optional(),
});

const railway = read('railway.json');
const pkg = read('package.json');

test('railway.json has only the fields Railway accepts, with their types', () => {
  const parsed = railwaySchema.safeParse(railway);
  assert.ok(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues));
});

test('the schema itself refuses what Railway refuses (so the check above can fail)', () => {
  const refused = [
    { ...railway, deploy: { ...railway.deploy, healthCheckPath: '/health' } },
    { ...railway, deploy: { ...railway.deploy, drainingSeconds: '15' } },
    { ...railway, deploy: { ...railway.deploy, restartPolicyType: 'on-failure' } },
    { ...railway, build: { builder: 'NODE' } },
    { ...railway, services: {} },
  ];
  for (const config of refused)
    assert.not.ok(railwaySchema.safeParse(config).success, JSON.stringify(config));
});

test('the deploy runs src/main.ts with tsx from the production dependencies', () => {
  const start: string = railway.deploy.startCommand;
  assert.is(start, 'node --import tsx src/main.ts');
  assert.is(pkg.scripts.start, `exec ${start}`, 'npm start and Railway start the same way');
  assert.ok(existsSync(new URL('src/main.ts', root)));
  assert.ok(pkg.dependencies.tsx, 'tsx is a dependency, not a devDependency');
});

test('the health check, restart policy and draining time fit the app', () => {
  const { deploy } = railway;
  assert.is(deploy.healthcheckPath, '/health');
  assert.ok(deploy.healthcheckTimeout >= 60, 'time for migrations on the first deploy');
  assert.is(deploy.restartPolicyType, 'ON_FAILURE');
  assert.ok(deploy.restartPolicyMaxRetries >= 1);
  // SIGTERM: the app finishes updates in flight and exits within 10 s; Railway must wait longer.
  assert.ok(deploy.drainingSeconds > 10);
});

const TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345';

test("Railway's Postgres and Redis URLs, private host names and domain are accepted as given", () => {
  const env = {
    RAILWAY_ENVIRONMENT: 'production',
    BOT_TOKEN: TOKEN,
    DATABASE_URL: 'postgresql://postgres:AbCdEf123456@postgres.railway.internal:5432/railway',
    REDIS_URL: 'redis://default:GhIjKl789012@redis.railway.internal:6379',
    PORT: '8080',
    WEBHOOK_URL: 'https://lucien-production.up.railway.app/telegram/webhook',
    WEBHOOK_SECRET: 'a'.repeat(64),
    METRICS_TOKEN: 'scrape-token-0123456789',
  };
  const config = loadConfig(env);
  assert.is(config.databaseUrl, env.DATABASE_URL);
  assert.is(config.redisUrl, env.REDIS_URL);
  assert.is(config.port, 8080);
  assert.is(config.webhookUrl, env.WEBHOOK_URL);
  assert.is(config.metricsToken, env.METRICS_TOKEN);
  assert.is(config.production, true);
  const publicProxy = loadConfig({
    DATABASE_URL: 'postgresql://postgres:AbCdEf123456@shuttle.proxy.rlwy.net:41234/railway',
    REDIS_URL: 'redis://default:GhIjKl789012@[fd12:3456::1]:6379',
  });
  assert.is(
    publicProxy.databaseUrl,
    'postgresql://postgres:AbCdEf123456@shuttle.proxy.rlwy.net:41234/railway',
  );
  assert.is(publicProxy.redisUrl, 'redis://default:GhIjKl789012@[fd12:3456::1]:6379');
});

test('a reference Railway could not resolve is refused by name, not taken as a URL', () => {
  try {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Railway's reference syntax, left unresolved
    loadConfig({ DATABASE_URL: '${{Postgres.DATABASE_URL}}', REDIS_URL: '${{Redis.REDIS_URL}}' });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, ConfigError);
    assert.match((error as ConfigError).message, /- DATABASE_URL: expected a postgres/);
    assert.match((error as ConfigError).message, /- REDIS_URL: expected a redis/);
  }
});

test('METRICS_TOKEN shorter than 16 characters is refused', () => {
  assert.throws(
    () => loadConfig({ METRICS_TOKEN: 'short' }),
    /METRICS_TOKEN: expected at least 16 characters/,
  );
});

test.run();
