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

  let app: App;
  if (config.botToken) {
    const token = config.botToken;
    app = await startApp(config, { telegram: () => ({ token, apiRoot: config.telegramApiRoot }) });
    log.info({ url: app.url, mode: config.webhookUrl ? 'webhook' : 'long polling' }, 'Lucien is serving');
  } else {
    app = await startSandboxMode(config);
  }

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
    app.stop().then(
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
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error) => {
  rootLogger.fatal(
    { err: maskSecrets(error instanceof Error ? (error.stack ?? error.message) : String(error)) },
    'Lucien could not start',
  );
  console.error(maskSecrets(error instanceof Error ? error.message : String(error)));
  process.exit(1);
});
