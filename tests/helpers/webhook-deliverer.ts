import type { Update } from 'grammy/types';
import type { Sandbox } from '../../src/sandbox/index.ts';

/** What became of one update: every answer it got, in order ('no answer' = refused, cut or timed out). */
export interface DeliveryLog {
  update: Update;
  answers: (number | 'no answer')[];
}

export interface DelivererOptions {
  /** Parallel connections, as Telegram's `max_connections` allows (default 16). */
  connections?: number;
  /** How long one POST may take (Telegram gives up after a while and retries). */
  timeoutMs?: number;
  /** Wait before an update that failed is posted again. */
  retryDelayMs?: number;
  /**
   * Several app instances behind one webhook (scale-out): 'spread' posts each update to one of
   * `urls` in turn, 'all' posts each update to every one of them (a duplicate delivery). Without
   * urls, the URL the bot registered.
   */
  urls?: string[];
  fanOut?: 'spread' | 'all';
}

export interface DeliveryFigures {
  updates: number;
  posts: number;
  /** Updates answered 200 (at least once, in the end). */
  accepted: number;
  /** Posts answered with a status other than 200. */
  refused: number;
  /** Posts that got no answer at all (app down, connection cut). */
  unanswered: number;
  /** Updates posted more than once. */
  reposted: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Telegram's side of a webhook under load, for a sandbox made with `webhook: { delivery:
 * 'manual' }`: takes pending updates, POSTs them over several connections to the URL the bot
 * registered, and keeps posting an update until it is answered 200, as Telegram does. Its log is
 * the ground truth a test compares the database with.
 */
export class WebhookDeliverer {
  readonly log = new Map<number, DeliveryLog>();
  readonly #retry: Update[] = [];
  #inFlight = 0;
  #running = false;
  #loop: Promise<void> | undefined;
  readonly #connections: number;
  readonly #timeoutMs: number;
  readonly #retryDelayMs: number;
  readonly #urls: string[] | undefined;
  /** Changeable between phases of a load. */
  fanOut: 'spread' | 'all';
  #turn = 0;

  constructor(
    private readonly sandbox: Sandbox,
    options: DelivererOptions = {},
  ) {
    this.#connections = options.connections ?? 16;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#retryDelayMs = options.retryDelayMs ?? 200;
    this.#urls = options.urls;
    this.fanOut = options.fanOut ?? 'spread';
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#running = false;
    await this.#loop;
  }

  /** Resolves once every update the sandbox emitted so far was answered 200. */
  async idle(timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.sandbox.pendingUpdateCount() > 0 || this.#inFlight > 0 || this.#retry.length > 0) {
      if (Date.now() > until)
        throw new Error(
          `deliveries not done after ${timeoutMs} ms: ${this.sandbox.pendingUpdateCount()} pending, ${this.#inFlight} in flight, ${this.#retry.length} to retry`,
        );
      await sleep(25);
    }
  }

  /** Update ids answered 200 at least once. */
  acceptedIds(): number[] {
    return [...this.log.values()].filter((d) => d.answers.includes(200)).map((d) => d.update.update_id);
  }

  figures(): DeliveryFigures {
    const logs = [...this.log.values()];
    const answers = logs.flatMap((d) => d.answers);
    return {
      updates: logs.length,
      posts: answers.length,
      accepted: logs.filter((d) => d.answers.includes(200)).length,
      refused: answers.filter((a) => typeof a === 'number' && a !== 200).length,
      unanswered: answers.filter((a) => a === 'no answer').length,
      reposted: logs.filter((d) => d.answers.length > 1).length,
    };
  }

  async #run(): Promise<void> {
    while (this.#running) {
      const free = this.#connections - this.#inFlight;
      const batch = free > 0 ? [...this.#retry.splice(0, free)] : [];
      if (batch.length < free) batch.push(...this.sandbox.takeUpdates(free - batch.length));
      for (const update of batch) {
        this.#inFlight++;
        void this.#deliver(update).finally(() => {
          this.#inFlight--;
        });
      }
      await sleep(batch.length > 0 ? 1 : 10);
    }
    while (this.#inFlight > 0) await sleep(10);
  }

  async #deliver(update: Update): Promise<void> {
    const entry = this.log.get(update.update_id) ?? { update, answers: [] };
    this.log.set(update.update_id, entry);
    const answers = await Promise.all(this.#urlsFor().map((url) => this.#post(update, url)));
    entry.answers.push(...answers);
    if (answers.every((a) => a === 200)) return;
    await sleep(this.#retryDelayMs);
    this.#retry.push(update);
  }

  /** Where this delivery goes: the registered webhook, the next instance, or all of them. */
  #urlsFor(): (string | undefined)[] {
    if (!this.#urls) return [this.sandbox.webhookTarget()?.url];
    if (this.fanOut === 'all') return this.#urls;
    return [this.#urls[this.#turn++ % this.#urls.length]];
  }

  async #post(update: Update, url: string | undefined): Promise<number | 'no answer'> {
    const target = this.sandbox.webhookTarget();
    if (!target || !url) return 'no answer';
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (target.secretToken) headers['x-telegram-bot-api-secret-token'] = target.secretToken;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify(update),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.status;
    } catch {
      return 'no answer';
    }
  }
}
