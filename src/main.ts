import { type App, startApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { maskSecrets, rootLogger } from './log.ts';
import { startSandboxMode } from './sandbox-mode.ts';

const SHUTDOWN_LIMIT_MS = 10_000;

/** `npm start`: read the environment, start the app (or the sandbox), stop cleanly on a signal. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  rootLogger.level = config.logLevel;
  const log = rootLogger.child({ module: 'main' });

  const token = config.botToken;
  const starting: Promise<App> = token
    ? startApp(config, { telegram: () => ({ token, apiRoot: config.telegramApiRoot }) }).then((app) => {
        log.info({ url: app.url, mode: config.webhookUrl ? 'webhook' : 'long polling' }, 'Lucien is serving');
        return app;
      })
    : startSandboxMode(config);
  // Signals are taken from the first moment (in the same turn as the start began): one that came
  // during the start, before any handler, would end the process at once and leave the embedded
  // Postgres running without it.
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: no new updates, finishing the ones in flight');
    const force = setTimeout(() => {
      log.error('shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    force.unref();
    // A signal during the start stops the app once it has started (a start that fails stops itself).
    starting
      .then((app) => app.stop())
      .then(
        () => {
          log.info('stopped');
          process.exit(0);
        },
        (err) => {
          log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal));
  await starting;
}

main().catch((error) => {
  rootLogger.fatal(
    { err: maskSecrets(error instanceof Error ? (error.stack ?? error.message) : String(error)) },
    'Lucien could not start',
  );
  console.error(maskSecrets(error instanceof Error ? error.message : String(error)));
  process.exit(1);
});
