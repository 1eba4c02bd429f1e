import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Update } from 'grammy/types';
import { toNodeHandler } from 'h3/node';
import { type Listener, listen } from 'listhen';
import { createCache, type SnapshotCache } from './adapters/cache/index.ts';
import { startEmbeddedPostgres } from './adapters/postgres/embedded.ts';
import { migrate } from './adapters/postgres/migrations.ts';
import { type ConnectionPool, createPool } from './adapters/postgres/pool.ts';
import { JobQueue } from './adapters/queue/boss.ts';
import {
  apiForEffects,
  createBot,
  publishCommands,
  registerWebhook,
  startPolling,
} from './adapters/telegram/bot.ts';
import { telegramEffects } from './adapters/telegram/effects.ts';
import { limitOutbound, OutboundLimiter } from './adapters/telegram/limiter.ts';
import { createRouter } from './adapters/telegram/router.ts';
import type { Config } from './config.ts';
import { domainDbEffectBatches, domainDbEffects } from './domain/db-effects.ts';
import { createHttpApp } from './http/app.ts';
import { createDevConsole } from './http/dev/index.ts';
import type { AppPhase } from './http/health.ts';
import { createWebhookHandler, NotReadyError } from './http/webhook.ts';
import { type Logger, rootLogger } from './log.ts';
import { createMachineRegistry } from './machines/registry.ts';
import { Metrics } from './observability/metrics.ts';
import { createMetricsEndpoint } from './observability/metrics-endpoint.ts';
import { countPendingEffects, jobQueueSizes } from './observability/sources.ts';
import { TelegramProbe } from './observability/telegram-probe.ts';
import { trackUpdates } from './observability/update-tracking.ts';
import { Clock } from './runtime/clock.ts';
import { ActorHost } from './runtime/host.ts';
import { runMaintenance, runStartupMaintenance } from './runtime/maintenance.ts';
import { deploymentId, runtimeSetting } from './runtime/settings.ts';
import { commandMenu, custodianCommandMenu } from './voice/index.ts';

export const VERSION: string = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).version;

export interface TelegramTarget {
  token: string;
  /** A Bot API server: Telegram's by default, a self-hosted one, or the sandbox. */
  apiRoot?: string;
}

export interface AppOptions {
  /**
   * Where the bot talks to. Given the app's own URL once it listens, so that an emulator
   * mounted on the app (sandbox mode) can be reached through it.
   */
  telegram: (selfUrl: string) => TelegramTarget;
  /** Fetch handlers mounted on the app under a base path (the sandbox). */
  mounts?: Record<string, (request: Request) => Promise<Response>>;
  clock?: Clock;
  log?: Logger;
  /** Whether the bot talks to the built-in emulator (shown by the developer console). */
  sandboxMode?: boolean;
  /** Job polling interval; lower in tests. */
  pollingIntervalSeconds?: number;
}

export interface App {
  url: string;
  host: ActorHost;
  db: ConnectionPool;
  cache: SnapshotCache;
  queue: JobQueue;
  clock: Clock;
  /** This app's metrics registry and recorders (GET /metrics). */
  metrics: Metrics;
  stop(): Promise<void>;
}

/**
 * The composition root: config -> adapters -> runtime -> http -> bot. Returns once the app
 * serves /health and takes updates; `stop` undoes it in reverse order.
 */
export async function startApp(config: Config, options: AppOptions): Promise<App> {
  const log = options.log ?? rootLogger;
  const cleanups: (() => Promise<unknown>)[] = [];
  // What /health tells the platform: no traffic until the bot takes updates, none once stopping.
  let phase: AppPhase = 'starting';
  const stopAll = async () => {
    phase = 'stopping';
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((err) => log.error({ err }, 'shutdown step failed'));
    }
  };
  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const embedded = await startEmbeddedPostgres({
        dataDir: join(config.dataDir),
        log: log.child({ module: 'embedded-postgres' }),
      });
      cleanups.push(() => embedded.stop());
      databaseUrl = embedded.url;
    }
    const db = createPool(databaseUrl, {
      poolSize: config.databasePoolSize,
      log: log.child({ module: 'postgres' }),
    });
    cleanups.push(() => db.dispose());
    await migrate(db, log.child({ module: 'migrations' }));

    const cache = await createCache({
      redisUrl: config.redisUrl,
      prefix: `lucien:${await deploymentId(db)}:`,
      mode: config.cacheMode,
      log: log.child({ module: 'cache' }),
    });
    cleanups.push(() => cache.close());
    const clock = options.clock ?? new Clock();
    const queue = new JobQueue({
      url: databaseUrl,
      clock,
      log: log.child({ module: 'queue' }),
      pollingIntervalSeconds: options.pollingIntervalSeconds,
    });
    await queue.start();
    cleanups.push(() => queue.stop());
    const metrics = new Metrics({
      cacheStats: () => cache.stats(),
      outboxPending: () => countPendingEffects(db),
      queueSizes: () => jobQueueSizes(queue.boss),
    });
    const telegramProbe = new TelegramProbe({ metrics });

    const registry = createMachineRegistry();
    // The console is served (and guarded) from the start; its API answers once the host exists.
    const devConsole = createDevConsole({
      db,
      registry,
      config,
      clock,
      sandbox: options.sandboxMode ?? false,
      log: log.child({ module: 'dev-console' }),
    });

    // The HTTP server comes up before the bot: in sandbox mode the bot talks through it.
    let handleUpdate: (update: Update) => Promise<void> = async () => {
      throw new NotReadyError();
    };
    const app = createHttpApp({
      log: log.child({ module: 'http' }),
      health: {
        db,
        cache,
        queue,
        version: VERSION,
        startedAt: Date.now(),
        phase: () => phase,
        extra: { telegram: () => telegramProbe.check() },
      },
      metrics: createMetricsEndpoint({
        render: () => metrics.render(),
        token: config.metricsToken,
        production: config.production,
      }),
      webhook: createWebhookHandler({
        secret: config.webhookSecret,
        handleUpdate: (update) => handleUpdate(update as Update),
        log: log.child({ module: 'webhook' }),
      }),
      dev: devConsole.handle,
      mounts: options.mounts,
    });
    const listener: Listener = await listen(toNodeHandler(app), {
      port: config.port,
      hostname: config.production ? '0.0.0.0' : '127.0.0.1',
      public: config.production,
      qr: false,
      tunnel: false,
      showURL: false,
      autoClose: false,
    });
    cleanups.push(() => listener.close());
    // Before the server closes: an open live stream would hold it forever.
    cleanups.push(async () => devConsole.close());
    const selfUrl = `http://127.0.0.1:${listener.address.port}`;

    const telegram = options.telegram(selfUrl);
    const bot = createBot({
      token: telegram.token,
      apiRoot: telegram.apiRoot,
      log: log.child({ module: 'bot' }),
    });
    // Before the first call, so that every Bot API call is counted and proves Telegram reachable.
    telegramProbe.attach(bot.api);
    // Messages go out within Telegram's flood limits, in order per chat (see limiter.ts).
    if (config.telegramRateLimit > 0) {
      const limiter = new OutboundLimiter({ globalPerSecond: config.telegramRateLimit });
      limitOutbound(bot.api, limiter);
      cleanups.push(async () => limiter.close());
    }
    // getMe first: effects swept at start may already need the bot's username.
    await bot.init();
    const host: ActorHost = new ActorHost({
      db,
      cache,
      clock,
      registry,
      effects: telegramEffects({
        api: apiForEffects(bot, telegram),
        db,
        clock,
        timeZone: config.timeZone,
        botUsername: () => bot.botInfo.username,
        botId: () => bot.botInfo.id,
        adminIds: config.adminIds,
        cache,
        log: log.child({ module: 'effects' }),
        sendToActor: (id, event) => host.send(id, event),
      }),
      dbEffects: domainDbEffects({ clock, adminIds: config.adminIds }),
      dbEffectBatches: domainDbEffectBatches({ clock, adminIds: config.adminIds }),
      log: log.child({ module: 'host' }),
      observer: {
        effectFinished: (type, outcome, seconds) => metrics.observeEffect(type, outcome, seconds),
        timerFired: (lag) => metrics.observeTimerLag(lag),
      },
    });
    host.useTimerQueue(queue);
    host.onCommit((commit) => metrics.transitionCommitted(commit));
    devConsole.attach(host);
    cleanups.push(() => host.executor.drain());
    await queue.work({
      fireTimers: (ids) => host.fireTimers(ids),
      maintain: () => runMaintenance(host, log),
    });
    await runStartupMaintenance(host, log);

    const webhookMode = Boolean(config.webhookUrl && config.webhookSecret);
    bot.use(trackUpdates(metrics));
    bot.use(
      createRouter({
        host,
        db,
        clock,
        adminIds: config.adminIds,
        log: log.child({ module: 'router' }),
        retryInfrastructureForMs: webhookMode ? 0 : 60_000,
      }),
    );
    if (webhookMode && config.webhookUrl && config.webhookSecret) {
      handleUpdate = (update) => bot.handleUpdate(update);
      await registerWebhook(
        bot,
        config.webhookUrl,
        config.webhookSecret,
        log.child({ module: 'bot' }),
        runtimeSetting(db, 'webhook.registration'),
      );
    } else {
      const polling = startPolling(bot, log.child({ module: 'bot' }));
      polling.catch((err) => log.error({ err }, 'long polling stopped with an error'));
      // Stopping polling first means no new update is taken while in-flight ones finish.
      cleanups.push(async () => {
        await bot.stop();
        await polling.catch(() => {});
      });
    }
    await publishCommands(
      bot,
      { everyone: commandMenu, admins: custodianCommandMenu, adminIds: config.adminIds },
      log.child({ module: 'bot' }),
    );

    phase = 'serving';
    return {
      url: selfUrl,
      host,
      db,
      cache,
      queue,
      clock,
      metrics,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
