import { z } from 'zod';

/** The environment, parsed once at start. Every problem is reported together (see loadConfig). */
export interface Config {
  botToken: string | undefined;
  adminIds: number[];
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  /** Snapshot cache: auto (Redis when REDIS_URL, else in-process), memory, or off (Postgres only). */
  cacheMode: 'auto' | 'memory' | 'off';
  /** Messages per second sent to Telegram across all chats; 0 turns the outbound limiter off. */
  telegramRateLimit: number;
  /** Connections in the app's Postgres pool (pg-boss keeps a few of its own). */
  databasePoolSize: number;
  port: number;
  webhookUrl: string | undefined;
  webhookSecret: string | undefined;
  telegramApiRoot: string | undefined;
  dataDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  devConsoleToken: string | undefined;
  /** Bearer token for GET /metrics; in production /metrics answers 404 without one. */
  metricsToken: string | undefined;
  nodeEnv: string;
  production: boolean;
  timeZone: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `The environment has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

const empty = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(empty, z.string().trim().optional());
const optionalUrl = (protocols: RegExp, expected: string) =>
  z.preprocess(
    empty,
    z
      .string()
      .trim()
      .refine((v) => protocols.test(v) && URL.canParse(v), expected)
      .optional(),
  );

const adminIds = z.preprocess(
  empty,
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return [];
      const ids: number[] = [];
      for (const part of raw.split(',').map((p) => p.trim())) {
        if (!/^[1-9]\d{0,15}$/.test(part)) {
          ctx.addIssue({
            code: 'custom',
            message: `"${part}" is not a Telegram user id; expected positive integers separated by commas, e.g. "12345, 67890"`,
          });
          return z.NEVER;
        }
        ids.push(Number(part));
      }
      return [...new Set(ids)];
    }),
);

const schema = z.object({
  BOT_TOKEN: z.preprocess(
    empty,
    z
      .string()
      .trim()
      .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'expected a token from BotFather, like "123456:ABC-DEF..."')
      .optional(),
  ),
  ADMIN_IDS: adminIds,
  DATABASE_URL: optionalUrl(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL'),
  REDIS_URL: optionalUrl(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL'),
  CACHE: z.preprocess(
    empty,
    z.enum(['auto', 'memory', 'off'], { message: 'expected one of auto, memory, off' }).default('auto'),
  ),
  TELEGRAM_RATE_LIMIT: z.preprocess(
    empty,
    z.coerce
      .number({ message: 'expected messages per second (0 turns the limit off)' })
      .min(0, 'expected 0 or more messages per second')
      .max(1000, 'expected at most 1000 messages per second')
      .default(25),
  ),
  DATABASE_POOL_SIZE: z.preprocess(
    empty,
    z.coerce
      .number({ message: 'expected a number of connections' })
      .int('expected a whole number of connections')
      .min(2, 'expected at least 2 connections')
      .max(200, 'expected at most 200 connections')
      .default(20),
  ),
  PORT: z.preprocess(
    empty,
    z.coerce.number({ message: 'expected a port number' }).int().min(1).max(65535).default(3000),
  ),
  WEBHOOK_URL: optionalUrl(/^https:\/\//, 'expected a public https:// URL of this server'),
  WEBHOOK_SECRET: z.preprocess(
    empty,
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, 'expected 16-256 characters of A-Z, a-z, 0-9, _ and -')
      .optional(),
  ),
  TELEGRAM_API_ROOT: optionalUrl(/^https?:\/\//, 'expected an http(s):// URL of a Bot API server'),
  DATA_DIR: z.preprocess(empty, z.string().default('.data')),
  LOG_LEVEL: z.preprocess(
    empty,
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        message: 'expected one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
  ),
  DEV_CONSOLE_TOKEN: z.preprocess(empty, z.string().min(16, 'expected at least 16 characters').optional()),
  METRICS_TOKEN: z.preprocess(empty, z.string().min(16, 'expected at least 16 characters').optional()),
  NODE_ENV: z.preprocess(empty, z.string().default('development')),
  RAILWAY_ENVIRONMENT: optionalString,
  TIME_ZONE: z.preprocess(
    empty,
    z
      .string()
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('es', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'expected an IANA time zone such as "America/Mexico_City"')
      .default('America/Mexico_City'),
  ),
});

const isSet = (v: string | undefined) => v !== undefined && v.trim() !== '';

export function isProduction(env: Record<string, string | undefined>): boolean {
  return env.NODE_ENV === 'production' || isSet(env.RAILWAY_ENVIRONMENT);
}

/** Rules between variables, checked on the raw values so they are reported with the rest. */
function crossChecks(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (isProduction(env) && !isSet(env.BOT_TOKEN)) {
    problems.push('BOT_TOKEN: required in production (NODE_ENV=production or on Railway)');
  }
  if (isSet(env.WEBHOOK_URL) && !isSet(env.WEBHOOK_SECRET)) {
    problems.push(
      'WEBHOOK_SECRET: required when WEBHOOK_URL is set, so that only Telegram can call the webhook',
    );
  }
  return problems;
}

/** Parses the environment; throws one ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`);
  problems.push(...crossChecks(env));
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    botToken: e.BOT_TOKEN,
    adminIds: e.ADMIN_IDS,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    cacheMode: e.CACHE,
    telegramRateLimit: e.TELEGRAM_RATE_LIMIT,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    port: e.PORT,
    webhookUrl: e.WEBHOOK_URL,
    webhookSecret: e.WEBHOOK_SECRET,
    telegramApiRoot: e.TELEGRAM_API_ROOT,
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    devConsoleToken: e.DEV_CONSOLE_TOKEN,
    metricsToken: e.METRICS_TOKEN,
    nodeEnv: e.NODE_ENV,
    production: isProduction(env),
    timeZone: e.TIME_ZONE,
  };
}
