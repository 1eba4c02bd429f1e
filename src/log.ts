import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type DestinationStream, type Logger } from 'pino';
import { currentEffect } from './runtime/effect-scope.ts';

export type { Logger };

/** Fields every log line written inside a unit of work carries (the update being handled). */
export type LogFields = Record<string, string | number>;

const logContext = new AsyncLocalStorage<LogFields>();

/** Runs `work` so that every line logged within it, however deep, carries `fields`. */
export function withLogFields<T>(fields: LogFields, work: () => T): T {
  const outer = logContext.getStore();
  return logContext.run(outer ? { ...outer, ...fields } : fields, work);
}

/**
 * The ids of the work in progress: the update (`withLogFields`) and the actor whose effect is
 * executing. A field the logger already binds (a child's `updateId`) is left to the binding,
 * so no line carries a key twice.
 */
function contextFields(_merge: object, _level: number, logger: Logger): LogFields {
  const fields = logContext.getStore();
  const effect = currentEffect();
  if (!fields && !effect) return {};
  const merged: LogFields = { ...fields, ...(effect ? { actorId: effect.actorId } : {}) };
  // The serialised bindings, read as text: parsing them (`logger.bindings()`) per line costs 4x.
  const bound = (logger as unknown as Record<symbol, string | undefined>)[pino.symbols.chindingsSym] ?? '';
  for (const key of Object.keys(merged)) if (bound.includes(`"${key}":`)) delete merged[key];
  return merged;
}

/**
 * A logger with Lucien's settings: JSON lines, the work's ids mixed in, and secrets redacted
 * by path wherever they might be logged by accident (a config object, a request's headers),
 * so a careless `log.info({ config })` leaks nothing.
 */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  const settings = {
    level: options.level ?? process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
    base: undefined,
    mixin: contextFields,
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
