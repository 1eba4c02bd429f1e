import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * The root logger. Secrets are redacted by path wherever they might be logged by accident
 * (a config object, a request's headers), so a careless `log.info({ config })` leaks nothing.
 */
export const rootLogger: Logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  base: undefined,
  redact: {
    paths: [
      'botToken',
      'config.botToken',
      'config.databaseUrl',
      'config.redisUrl',
      'config.webhookSecret',
      'config.devConsoleToken',
      'headers["x-telegram-bot-api-secret-token"]',
      'req.headers["x-telegram-bot-api-secret-token"]',
      'password',
    ],
    censor: '[redacted]',
  },
});

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
