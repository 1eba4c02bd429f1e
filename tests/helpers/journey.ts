import { createServer } from 'node:net';
import { loadConfig } from '../../src/config.ts';
import { rootLogger } from '../../src/log.ts';
import { type SandboxApp, startSandboxMode } from '../../src/sandbox-mode.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { TEST_REDIS_URL } from './host.ts';

export interface Journey {
  app: SandboxApp;
  database: TestDatabase;
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

export const JOURNEY_WEBHOOK_SECRET = 'journey-secret-0123456789';

/**
 * The whole app (real Postgres, Redis, pg-boss and h3) against the in-process Telegram
 * emulator, in webhook or long-polling mode, on a database of its own.
 */
export async function startJourney(
  options: { mode: 'webhook' | 'polling'; adminIds?: number[]; flood?: boolean; redis?: boolean } = {
    mode: 'polling',
  },
): Promise<Journey> {
  const database = await createTestDatabase({ migrate: false });
  const port = await freePort();
  const config = loadConfig({
    DATABASE_URL: database.url,
    REDIS_URL: options.redis === false ? undefined : TEST_REDIS_URL,
    PORT: String(port),
    ADMIN_IDS: (options.adminIds ?? [1001]).join(','),
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
  });
  if (options.mode === 'webhook') {
    // The emulator delivers to plain http on loopback; Telegram itself requires https.
    config.webhookUrl = `http://127.0.0.1:${port}/telegram/webhook`;
    config.webhookSecret = JOURNEY_WEBHOOK_SECRET;
  }
  const app = await startSandboxMode(config, {
    log: rootLogger,
    flood: options.flood ?? false,
    pollingIntervalSeconds: 0.5,
  });
  return {
    app,
    database,
    async stop() {
      await app.stop();
      await database.drop();
    },
  };
}
