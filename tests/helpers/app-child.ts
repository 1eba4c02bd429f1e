/**
 * The whole app in a process of its own, in webhook mode against a Bot API server in the parent
 * (the sandbox, which outlives the app as Telegram does), so that a test can kill it with
 * SIGKILL. Prints one line "READY <url>" once it takes updates.
 * Usage: tsx tests/helpers/app-child.ts '<json of AppChildOptions>'
 */
import { type App, startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { rootLogger } from '../../src/log.ts';
import { Clock } from '../../src/runtime/clock.ts';
import { createTimeTravelHandler } from '../../src/sandbox/time-travel.ts';

/** What the parent hands the child (see app-process.ts). */
export interface AppChildOptions {
  databaseUrl: string;
  redisUrl?: string;
  port: number;
  apiRoot: string;
  token: string;
  webhookSecret: string;
  adminIds: number[];
  /** How far the clock runs ahead of the wall clock: time travel survives a restart. */
  clockOffsetMs: number;
  pollingIntervalSeconds: number;
}

const options = JSON.parse(process.argv[2] ?? '{}') as AppChildOptions;
const config = loadConfig({
  BOT_TOKEN: options.token,
  TELEGRAM_API_ROOT: options.apiRoot,
  DATABASE_URL: options.databaseUrl,
  REDIS_URL: options.redisUrl,
  PORT: String(options.port),
  ADMIN_IDS: options.adminIds.join(','),
  NODE_ENV: 'test',
  TELEGRAM_RATE_LIMIT: '0',
  LOG_LEVEL: process.env.APP_CHILD_LOG_LEVEL ?? 'silent',
});
rootLogger.level = config.logLevel;
// The emulator delivers to plain http on loopback; Telegram itself requires https.
config.webhookUrl = `http://127.0.0.1:${options.port}/telegram/webhook`;
config.webhookSecret = options.webhookSecret;

const clock = new Clock();
if (options.clockOffsetMs > 0) clock.advance(options.clockOffsetMs);
let app: App | undefined;
const timeTravel = createTimeTravelHandler(() => app);
app = await startApp(config, {
  clock,
  log: rootLogger,
  pollingIntervalSeconds: options.pollingIntervalSeconds,
  mounts: {
    '/test': async (request) => (await timeTravel(request)) ?? new Response(null, { status: 404 }),
  },
  telegram: () => ({ token: options.token, apiRoot: options.apiRoot }),
});
process.stdout.write(`READY ${app.url}\n`);

const running = app;
const stop = () => {
  running.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
