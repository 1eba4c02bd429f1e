import type { Api, Transformer } from 'grammy';
import type { Metrics } from './metrics.ts';

/** What /health shows of Telegram: never a URL, a token or Telegram's own words. */
export interface TelegramHealth {
  status: 'ok' | 'degraded';
  /** Seconds since the last Bot API call that succeeded, when there was one. */
  lastSuccessSecondsAgo?: number;
  detail?: 'not started' | 'unreachable' | 'refused';
}

export interface TelegramProbeOptions {
  metrics?: Metrics;
  now?: () => number;
  /** A success younger than this needs no probe; a probe's answer is kept as long (30 s). */
  freshForMs?: number;
  /** How long a probing getMe may take (2 s). */
  timeoutMs?: number;
}

/**
 * Watches every Bot API call the bot makes (a grammY API transformer): it counts calls, 429s
 * and remembers the last success. /health asks `check()`, which answers from that success when
 * recent, else from one short getMe whose result is kept for a while, so health checks never
 * hammer Telegram.
 */
export class TelegramProbe {
  readonly #metrics: Metrics | undefined;
  readonly #now: () => number;
  readonly #freshForMs: number;
  readonly #timeoutMs: number;
  #api: Api | undefined;
  #lastSuccessAt: number | undefined;
  #probed: { at: number; health: TelegramHealth } | undefined;
  #probing: Promise<TelegramHealth> | undefined;

  constructor(options: TelegramProbeOptions = {}) {
    this.#metrics = options.metrics;
    this.#now = options.now ?? Date.now;
    this.#freshForMs = options.freshForMs ?? 30_000;
    this.#timeoutMs = options.timeoutMs ?? 2_000;
  }

  /** Installs the watching transformer on the bot's API; the probe's getMe goes through it too. */
  attach(api: Api): void {
    this.#api = api;
    api.config.use(this.transformer);
  }

  /** The transformer itself: records each call's outcome, changes nothing about it. */
  readonly transformer: Transformer = async (prev, method, payload, signal) => {
    let response: Awaited<ReturnType<typeof prev>>;
    try {
      response = await prev(method, payload, signal);
    } catch (error) {
      this.#metrics?.telegramCall(method, 'unreachable');
      throw error;
    }
    if (response.ok) {
      this.#lastSuccessAt = this.#now();
      this.#metrics?.telegramCall(method, 'ok');
    } else {
      this.#metrics?.telegramCall(method, 'error', response.error_code);
    }
    return response;
  };

  /** Telegram's health for /health: `degraded` when it cannot be reached, never an exception. */
  async check(): Promise<TelegramHealth> {
    const now = this.#now();
    if (this.#lastSuccessAt !== undefined && now - this.#lastSuccessAt <= this.#freshForMs) {
      return { status: 'ok', lastSuccessSecondsAgo: Math.floor((now - this.#lastSuccessAt) / 1000) };
    }
    if (this.#probed && now - this.#probed.at < this.#freshForMs) return this.#withAge(this.#probed.health);
    this.#probing ??= this.#probe().finally(() => {
      this.#probing = undefined;
    });
    return this.#probing;
  }

  async #probe(): Promise<TelegramHealth> {
    const api = this.#api;
    if (!api) return { status: 'degraded', detail: 'not started' };
    let health: TelegramHealth;
    try {
      // grammY types its signal with an older AbortSignal shape; the runtime one is what it uses.
      await api.getMe(AbortSignal.timeout(this.#timeoutMs) as Parameters<Api['getMe']>[0]);
      health = { status: 'ok' };
    } catch (error) {
      // A GrammyError means Telegram answered (and refused); anything else never got there.
      const answered = typeof (error as { error_code?: unknown }).error_code === 'number';
      health = { status: 'degraded', detail: answered ? 'refused' : 'unreachable' };
    }
    this.#probed = { at: this.#now(), health };
    return this.#withAge(health);
  }

  #withAge(health: TelegramHealth): TelegramHealth {
    if (this.#lastSuccessAt === undefined) return health;
    return { ...health, lastSuccessSecondsAgo: Math.floor((this.#now() - this.#lastSuccessAt) / 1000) };
  }
}
