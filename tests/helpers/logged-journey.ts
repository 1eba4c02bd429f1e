import { Writable } from 'node:stream';
import pino from 'pino';
import { type Config, loadConfig } from '../../src/config.ts';
import type { Logger } from '../../src/log.ts';
import { Clock } from '../../src/runtime/clock.ts';
import { Sandbox } from '../../src/sandbox/index.ts';
import { type SandboxApp, startSandboxMode } from '../../src/sandbox-mode.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { TEST_REDIS_URL } from './host.ts';
import { freePort, JOURNEY_ADMIN_ID } from './journey.ts';

/** Every JSON log line the app wrote, as text and parsed. */
export class LogCapture {
  readonly lines: string[] = [];

  /** A pino logger at `level` that writes into this capture (no redaction of its own). */
  logger(level: pino.LevelWithSilent = 'debug'): Logger {
    const stream = new Writable({
      write: (chunk, _encoding, done) => {
        for (const line of String(chunk).split('\n')) if (line.trim()) this.lines.push(line);
        done();
      },
    });
    return pino({ level, base: undefined }, stream);
  }

  get text(): string {
    return this.lines.join('\n');
  }

  /** Parsed lines whose `msg` matches. */
  find(msg: RegExp): Record<string, unknown>[] {
    return this.lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => typeof l.msg === 'string' && msg.test(l.msg));
  }
}

export interface LoggedJourney {
  app: SandboxApp;
  sandbox: Sandbox;
  database: TestDatabase;
  logs: LogCapture;
  config: Config;
  stop(): Promise<void>;
}

/**
 * The whole app against the emulator (like `startJourney`), with every log line captured and
 * optional extra environment (secrets for the leak checks, production settings).
 */
export async function startLoggedJourney(
  options: {
    mode?: 'webhook' | 'polling';
    webhookSecret?: string;
    env?: Record<string, string>;
    /** Userinfo put into the database URL (trust auth ignores the password, but it is a secret). */
    databaseUserInfo?: string;
    botToken?: string;
  } = {},
): Promise<LoggedJourney> {
  const database = await createTestDatabase({ migrate: false });
  const port = await freePort();
  const url = new URL(database.url);
  if (options.databaseUserInfo) {
    const [user, password] = options.databaseUserInfo.split(':');
    url.username = user ?? 'postgres';
    url.password = password ?? '';
  }
  const config: Config = loadConfig({
    DATABASE_URL: url.toString(),
    REDIS_URL: TEST_REDIS_URL,
    PORT: String(port),
    ADMIN_IDS: String(JOURNEY_ADMIN_ID),
    NODE_ENV: 'test',
    TELEGRAM_RATE_LIMIT: '0',
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  if (options.mode === 'webhook') {
    config.webhookUrl = `http://127.0.0.1:${port}/telegram/webhook`;
    config.webhookSecret = options.webhookSecret ?? 'logged-journey-secret-0123456789';
  }
  const logs = new LogCapture();
  const log = logs.logger();
  const clock = new Clock();
  const sandbox = new Sandbox({
    now: () => clock.now(),
    flood: { enabled: false },
    log: log.child({ module: 'sandbox' }),
    ...(options.botToken ? { botToken: options.botToken } : {}),
  });
  const app = await startSandboxMode(config, { log, sandbox, clock, pollingIntervalSeconds: 0.5 });
  return {
    app,
    sandbox,
    database,
    logs,
    config,
    async stop() {
      await app.stop();
      sandbox.close();
      await database.drop();
    },
  };
}
