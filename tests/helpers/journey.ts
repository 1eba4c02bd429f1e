import { createServer } from 'node:net';
import { type Config, loadConfig } from '../../src/config.ts';
import { rootLogger } from '../../src/log.ts';
import { Clock } from '../../src/runtime/clock.ts';
import { Sandbox } from '../../src/sandbox/index.ts';
import { type SandboxApp, startSandboxMode } from '../../src/sandbox-mode.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { TEST_REDIS_URL } from './host.ts';

export interface Journey {
  /** The app now running (a new one after each restart). */
  app: SandboxApp;
  sandbox: Sandbox;
  database: TestDatabase;
  /** Stops the app and starts a new one on the same database, emulator and clock. */
  restart(): Promise<void>;
  /** Stops the app and drops its database. */
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * The environment of a first-time `npm start`: nothing configured (so the embedded Postgres, the
 * in-process cache and the sandbox) but where the data goes, the port and the log level.
 */
export function firstStartEnv(dataDir: string, port: number, logLevel: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    LOG_LEVEL: logLevel,
  };
  for (const name of [
    'DATABASE_URL',
    'REDIS_URL',
    'BOT_TOKEN',
    'WEBHOOK_URL',
    'WEBHOOK_SECRET',
    'CACHE',
    'NODE_ENV',
  ]) {
    delete env[name];
  }
  return env;
}

export const JOURNEY_WEBHOOK_SECRET = 'journey-secret-0123456789';
export const JOURNEY_ADMIN_ID = 1001;

/**
 * The whole app (real Postgres, Redis, pg-boss and h3) against the Telegram emulator, in
 * webhook or long-polling mode, on a database of its own. The emulator and the clock outlive
 * app restarts, as Telegram and time do.
 */
export async function startJourney(
  options: { mode: 'webhook' | 'polling'; adminIds?: number[]; flood?: boolean; redis?: boolean } = {
    mode: 'polling',
  },
): Promise<Journey> {
  const database = await createTestDatabase({ migrate: false });
  const port = await freePort();
  const config: Config = loadConfig({
    DATABASE_URL: database.url,
    REDIS_URL: options.redis === false ? undefined : TEST_REDIS_URL,
    PORT: String(port),
    ADMIN_IDS: (options.adminIds ?? [JOURNEY_ADMIN_ID]).join(','),
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    // The emulator's flood limits are off unless asked for; so is the bot's own limiter then.
    TELEGRAM_RATE_LIMIT: options.flood ? '25' : '0',
  });
  if (options.mode === 'webhook') {
    // The emulator delivers to plain http on loopback; Telegram itself requires https.
    config.webhookUrl = `http://127.0.0.1:${port}/telegram/webhook`;
    config.webhookSecret = JOURNEY_WEBHOOK_SECRET;
  }
  const clock = new Clock();
  const sandbox = new Sandbox({ now: () => clock.now(), flood: { enabled: options.flood ?? false } });
  const start = () =>
    startSandboxMode(config, { log: rootLogger, sandbox, clock, pollingIntervalSeconds: 0.5 });
  const journey: Journey = {
    app: await start(),
    sandbox,
    database,
    async restart() {
      await journey.app.stop();
      journey.app = await start();
    },
    async stop() {
      await journey.app.stop();
      sandbox.close();
      await database.drop();
    },
  };
  return journey;
}
