import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * A logger with Lucien's settings: JSON lines, and secrets redacted
 * by path wherever they might be logged by accident (a config object, a request's headers),
 * so a careless `log.info({ config })` leaks nothing.
 */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  const settings = {
    level: options.level ?? process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
    base: undefined,
    redact: {
      paths: [
        'botToken',
        'config.botToken',
        'config.databaseUrl',
        'config.redisUrl',
        'config.webhookSecret',
        'config.devConsoleToken',
        'config.metricsToken',
        'headers["x-telegram-bot-api-secret-token"]',
        'req.headers["x-telegram-bot-api-secret-token"]',
        'headers.authorization',
        'req.headers.authorization',
        'password',
      ],
      censor: '[redacted]',
    },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

/** The root logger of the process. */
export const rootLogger: Logger = createLogger();

/** One child logger per module, named by its role. */
export function moduleLogger(module: string): Logger {
  return rootLogger.child({ module });
}

/** Bot tokens may appear in URLs and error messages (`/bot<token>/method`); mask them. */
export function maskSecrets(text: string): string {
  return text
    .replace(/bot\d+:[A-Za-z0-9_-]+/g, 'bot<redacted>')
    .replace(/(postgres(?:ql)?|rediss?):\/\/([^:/@\s]+):([^@\s]+)@/g, '$1://$2:<redacted>@');
}
