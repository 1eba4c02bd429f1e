import http from 'node:http';
import https from 'node:https';
import type { Logger } from 'pino';
import type { UpdateQueue } from './update-queue.ts';

/**
 * The emulator's connections to the webhook, kept alive as Telegram keeps its own. node:http
 * rather than the platform fetch: in the same process as the bot, the emulator's cost counts
 * against the bot in every benchmark, and fetch's streams cost several times more per POST.
 */
const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

/** One POST with a JSON body; resolves to the status once the answer's body has been read. */
function postJson(
  url: string,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
): Promise<{ status: number; statusText: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const request = (secure ? https : http).request(
      target,
      {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        signal,
      },
      (response) => {
        response.on('error', reject);
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? '' }),
        );
        response.resume();
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

export interface WebhookOptions {
  /** First retry delay after a failed delivery; doubles up to `maxRetryDelayMs`. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** How long one POST may take before it counts as failed. */
  timeoutMs?: number;
  /**
   * 'manual': the sandbox does not POST updates itself; an outside deliverer (a load test
   * playing Telegram's parallel connections) takes them with `Sandbox.takeUpdates` and posts
   * them to `Sandbox.webhookTarget()`. Default 'auto'.
   */
  delivery?: 'auto' | 'manual';
}

export interface WebhookConfig {
  url: string;
  secretToken?: string;
  maxConnections: number;
  allowedUpdates: string[];
}

/**
 * Delivers pending updates to the webhook as Telegram does: one at a time, in order, as a JSON
 * POST carrying `X-Telegram-Bot-Api-Secret-Token`; a non-2xx answer or a network error keeps
 * the update at the head of the queue and retries it after a growing delay.
 */
export class WebhookDelivery {
  config: WebhookConfig | undefined;
  lastErrorDate: number | undefined;
  lastErrorMessage: string | undefined;
  private generation = 0;
  private running = false;
  private wake: (() => void) | undefined;
  private inFlight: AbortController | undefined;
  private readonly stopListening: () => void;
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly timeoutMs: number;
  private readonly manual: boolean;

  constructor(
    private readonly queue: UpdateQueue,
    private readonly nowSeconds: () => number,
    private readonly log: Logger,
    /** Told after every delivery attempt, so waiters see the queue move. */
    private readonly onAttempt: () => void,
    options: WebhookOptions = {},
  ) {
    this.retryDelayMs = options.retryDelayMs ?? 1000;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 60_000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.manual = options.delivery === 'manual';
    this.stopListening = queue.onPush(() => this.kick());
  }

  set(config: WebhookConfig): void {
    this.stop();
    this.config = config;
    this.lastErrorDate = undefined;
    this.lastErrorMessage = undefined;
    this.kick();
  }

  clear(): void {
    this.stop();
    this.config = undefined;
  }

  close(): void {
    this.clear();
    this.stopListening();
  }

  private stop(): void {
    this.generation++;
    this.inFlight?.abort();
    this.wake?.();
  }

  private kick(): void {
    if (!this.manual && !this.running && this.config) void this.run(this.generation);
  }

  private async run(generation: number): Promise<void> {
    this.running = true;
    let delay = this.retryDelayMs;
    try {
      while (generation === this.generation && this.config) {
        const update = this.queue.peek();
        if (!update) return;
        const error = await this.post(this.config, update);
        if (generation !== this.generation) return;
        if (error === undefined) {
          this.queue.shift();
          delay = this.retryDelayMs;
          this.onAttempt();
          continue;
        }
        this.lastErrorDate = this.nowSeconds();
        this.lastErrorMessage = error;
        this.onAttempt();
        this.log.debug({ updateId: update.update_id, error }, 'webhook delivery failed; retrying');
        await this.sleep(delay);
        delay = Math.min(delay * 2, this.maxRetryDelayMs);
      }
    } finally {
      this.running = false;
      if (generation !== this.generation && this.config) this.kick();
    }
  }

  /** Waits `ms`, or less when the webhook is changed or removed meanwhile (see `stop`). */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.wake = finish;
    });
  }

  /** POSTs one update; answers the error text Telegram would show in getWebhookInfo, or undefined. */
  private async post(config: WebhookConfig, update: unknown): Promise<string | undefined> {
    const controller = new AbortController();
    this.inFlight = controller;
    const timer = setTimeout(() => controller.abort(new Error('Read timeout expired')), this.timeoutMs);
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (config.secretToken) headers['x-telegram-bot-api-secret-token'] = config.secretToken;
      const response = await postJson(config.url, headers, JSON.stringify(update), controller.signal);
      if (response.status >= 200 && response.status < 300) return undefined;
      return `Wrong response from the webhook: ${response.status} ${response.statusText}`.trim();
    } catch (error) {
      if (controller.signal.aborted) return 'Read timeout expired';
      if ((error as { code?: string }).code === 'ECONNREFUSED') return 'Connection refused';
      return (error as Error).message;
    } finally {
      clearTimeout(timer);
      if (this.inFlight === controller) this.inFlight = undefined;
    }
  }
}
