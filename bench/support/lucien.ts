/**
 * The whole app for a benchmark: real Postgres (a database of its own), Redis or not, pg-boss
 * and h3, against the Telegram emulator mounted in the same process, as `npm start` runs it in
 * sandbox mode. Like the journeys of the tests, with the cache mode and flood limits chosen.
 */

import type { CacheMode } from '../../src/adapters/cache/index.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { rootLogger } from '../../src/log.ts';
import { Clock } from '../../src/runtime/clock.ts';
import { type FloodOptions, Sandbox } from '../../src/sandbox/index.ts';
import { type SandboxApp, startSandboxMode } from '../../src/sandbox-mode.ts';
import { createTestDatabase, type TestDatabase } from '../../tests/helpers/db.ts';
import { freePort, JOURNEY_WEBHOOK_SECRET } from '../../tests/helpers/journey.ts';
import { countQueries, type QueryCounts } from './query-counter.ts';

export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const BENCH_ADMIN_ID = 1001;

export interface BenchLucien {
  app: SandboxApp;
  sandbox: Sandbox;
  database: TestDatabase;
  webhookUrl: string;
  secret: string;
  /** Statements and transactions of the app's pool since start (pg-boss has a pool of its own). */
  queries(): QueryCounts;
  /** Stops the app and the emulator; drops the database unless told to keep it (for its pg_stat figures). */
  stop(options?: { keepDatabase?: boolean }): Promise<void>;
}

export interface BenchLucienOptions {
  mode: 'webhook' | 'polling';
  /** redis: Redis on BENCH_REDIS_URL; memory: in-process; off: no cache. */
  cache: 'redis' | Exclude<CacheMode, 'auto'>;
  flood?: FloodOptions;
  /** Job polling interval of pg-boss (the app's default is 1 s). */
  pollingIntervalSeconds?: number;
}

/** Starts the app; the caller stops it (which drops its database). */
export async function startLucien(options: BenchLucienOptions): Promise<BenchLucien> {
  const database = await createTestDatabase({ migrate: false });
  const port = await freePort();
  const config: Config = loadConfig({
    DATABASE_URL: database.url,
    REDIS_URL: options.cache === 'redis' ? BENCH_REDIS_URL : undefined,
    CACHE: options.cache === 'redis' ? 'auto' : options.cache,
    PORT: String(port),
    ADMIN_IDS: String(BENCH_ADMIN_ID),
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    // The bot keeps within the emulator's flood limits when they are on.
    TELEGRAM_RATE_LIMIT: options.flood?.enabled ? String((options.flood.globalPerSecond ?? 30) - 1) : '0',
  });
  if (options.mode === 'webhook') {
    config.webhookUrl = `http://127.0.0.1:${port}/telegram/webhook`;
    config.webhookSecret = JOURNEY_WEBHOOK_SECRET;
  }
  const clock = new Clock();
  const sandbox = new Sandbox({ now: () => clock.now(), flood: options.flood ?? { enabled: false } });
  const app = await startSandboxMode(config, {
    log: rootLogger,
    sandbox,
    clock,
    pollingIntervalSeconds: options.pollingIntervalSeconds,
  });
  const queries = countQueries(app.db);
  return {
    app,
    sandbox,
    database,
    webhookUrl: `${app.url}/telegram/webhook`,
    secret: JOURNEY_WEBHOOK_SECRET,
    queries,
    async stop(stopOptions = {}) {
      await app.stop();
      sandbox.close();
      if (stopOptions.keepDatabase) await database.db.dispose();
      else await database.drop();
    },
  };
}
