import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, loadConfig } from '../../src/config.ts';

test('ADMIN_IDS parses "1, 2,3" and the defaults hold', () => {
  const config = loadConfig({ ADMIN_IDS: '1, 2,3' });
  assert.equal(config.adminIds, [1, 2, 3]);
  assert.is(config.port, 3000);
  assert.is(config.dataDir, '.data');
  assert.is(config.production, false);
  assert.is(config.databaseUrl, undefined);
});

test('several bad variables are reported in one error naming each', () => {
  try {
    loadConfig({
      ADMIN_IDS: '12, abc',
      PORT: '99999',
      DATABASE_URL: 'mysql://x',
      REDIS_URL: 'http://cache',
      LOG_LEVEL: 'loud',
      WEBHOOK_URL: 'http://insecure.example',
      NODE_ENV: 'production',
    });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, ConfigError);
    const message = (error as ConfigError).message;
    for (const name of [
      'ADMIN_IDS',
      'PORT',
      'DATABASE_URL',
      'REDIS_URL',
      'LOG_LEVEL',
      'WEBHOOK_URL',
      'BOT_TOKEN',
      'WEBHOOK_SECRET',
    ]) {
      assert.match(message, new RegExp(`- ${name}: `), name);
    }
    assert.match(message, /"abc" is not a Telegram user id/);
  }
});

test('Railway counts as production: a token is required', () => {
  assert.throws(() => loadConfig({ RAILWAY_ENVIRONMENT: 'production' }), /BOT_TOKEN: required in production/);
  const config = loadConfig({
    RAILWAY_ENVIRONMENT: 'production',
    BOT_TOKEN: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345',
  });
  assert.is(config.production, true);
});

test('postgres:// URLs are accepted as given', () => {
  const url = 'postgresql://u:p@db.internal:5432/railway?sslmode=require';
  assert.is(loadConfig({ DATABASE_URL: url }).databaseUrl, url);
});

test('npm start with a bad environment exits with code 2 and names the variable', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, PORT: 'not-a-port', ADMIN_IDS: 'x', NODE_ENV: 'test' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.is(run.status, 2);
  assert.match(run.stderr, /PORT: expected a port number/);
  assert.match(run.stderr, /ADMIN_IDS: "x"/);
});

test.run();
