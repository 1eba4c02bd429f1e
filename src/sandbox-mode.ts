import { type App, type AppOptions, startApp } from './app.ts';
import type { Config } from './config.ts';
import { getBotConfig, updateBotConfig } from './domain/bot-config.ts';
import { type Logger, rootLogger } from './log.ts';
import { Clock } from './runtime/clock.ts';
import { createBotApiHandler, Sandbox } from './sandbox/index.ts';
import { createTimeTravelHandler } from './sandbox/time-travel.ts';

export interface SandboxApp extends App {
  sandbox: Sandbox;
}

export interface SandboxModeOptions {
  log?: Logger;
  /** Telegram's flood limits in the emulator (on by default, as in Telegram). */
  flood?: boolean;
  pollingIntervalSeconds?: AppOptions['pollingIntervalSeconds'];
  /** An emulator (and clock) kept from an earlier start: a restart of the app, not of Telegram. */
  sandbox?: Sandbox;
  clock?: Clock;
}

/**
 * `npm start` without a BOT_TOKEN (outside production): the app runs against the Bot API
 * emulator, served in-process under /sandbox on the app's own port, with a demo admin.
 */
export async function startSandboxMode(
  config: Config,
  options: SandboxModeOptions = {},
): Promise<SandboxApp> {
  const log = options.log ?? rootLogger;
  const clock = options.clock ?? new Clock();
  const sandbox =
    options.sandbox ??
    new Sandbox({
      now: () => clock.now(),
      flood: { enabled: options.flood ?? true },
      log: log.child({ module: 'sandbox' }),
    });
  const adminId = config.adminIds[0] ?? 1001;
  const admin =
    sandbox.users().find((u) => u.id === adminId) ??
    sandbox.createUser({ id: adminId, first_name: 'Diana', username: 'diana' });
  const adminIds = config.adminIds.length > 0 ? config.adminIds : [admin.id];
  let app: App | undefined;
  const botApi = createBotApiHandler(sandbox, { basePath: '' });
  const timeTravel = createTimeTravelHandler(() => app);
  app = await startApp(
    { ...config, adminIds },
    {
      clock,
      log,
      sandboxMode: true,
      pollingIntervalSeconds: options.pollingIntervalSeconds,
      mounts: { '/sandbox': (request) => timeTravel(request) ?? botApi(request) },
      telegram: (selfUrl) => ({ token: sandbox.token, apiRoot: `${selfUrl}/sandbox` }),
    },
  );
  // The emulator's two channels are the ones Lucien runs, unless the creator set others.
  const channels = await getBotConfig(app.db);
  if (channels.vipChannelId === null || channels.freeChannelId === null) {
    await updateBotConfig(
      app.db,
      {
        vipChannelId: channels.vipChannelId ?? sandbox.vipChannelId,
        freeChannelId: channels.freeChannelId ?? sandbox.freeChannelId,
      },
      clock.date(),
    );
  }
  log.info(
    {
      health: `${app.url}/health`,
      botApi: `${app.url}/sandbox/bot<token>/<method>`,
      client: `${app.url}/sandbox/client/`,
      clock: `POST ${app.url}/sandbox/clock/advance {"seconds": N}`,
      admin: admin.id,
    },
    'sandbox mode: no BOT_TOKEN, so Lucien talks to the built-in Telegram emulator (see docs/sandbox.md)',
  );
  const stopApp = app.stop;
  return {
    ...app,
    sandbox,
    async stop() {
      // An emulator handed in belongs to the caller, who may start the app on it again.
      if (!options.sandbox) sandbox.close();
      await stopApp();
    },
  };
}
