import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The outcome of one handled thing, as metrics label it. */
export type Outcome = 'ok' | 'error';

/** Where the figures read at scrape time come from; each is optional (tests use a part). */
export interface MetricSources {
  /** The snapshot cache's counters since start. */
  cacheStats?: () => { hits: number; misses: number; errors: number };
  /** Outbound effects written but not done yet. */
  outboxPending?: () => Promise<number>;
  /** Jobs waiting in each job queue, by queue name. */
  queueSizes?: () => Promise<Record<string, number>>;
}

/** A transition as the host reports it after commit. */
export interface CommittedTransition {
  actorId: string;
  eventType: string;
}

/** Seconds from an effect's start to its end: most are one Bot API call (tens of ms). */
const EFFECT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Seconds a timer fired after it was due: pg-boss polls each second, a backlog takes longer. */
const LAG_BUCKETS = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900];

/** The machine of an actor id `"<machine>:<key>"`. */
export function machineOf(actorId: string): string {
  const colon = actorId.indexOf(':');
  return colon === -1 ? actorId : actorId.slice(0, colon);
}

/**
 * The app's metrics, in a registry of its own (several apps may run in one process, as in the
 * tests). The rest of the code calls the small recorders below; scrape with `render()`.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly #updates: Counter<'kind' | 'outcome'>;
  readonly #transitions: Counter<'machine' | 'event'>;
  readonly #effects: Histogram<'type' | 'outcome'>;
  readonly #timerLag: Histogram;
  readonly #telegramCalls: Counter<'method' | 'outcome'>;
  readonly #telegram429: Counter<'method'>;

  constructor(sources: MetricSources = {}, options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.#updates = new Counter({
      name: 'lucien_updates_total',
      help: 'Telegram updates received, by kind and by the outcome of handling them.',
      labelNames: ['kind', 'outcome'],
      registers,
    });
    this.#transitions = new Counter({
      name: 'lucien_transitions_total',
      help: 'Committed actor transitions, by machine and event type.',
      labelNames: ['machine', 'event'],
      registers,
    });
    this.#effects = new Histogram({
      name: 'lucien_effect_duration_seconds',
      help: 'Time to execute one outbound effect, by effect type and outcome.',
      labelNames: ['type', 'outcome'],
      buckets: EFFECT_BUCKETS,
      registers,
    });
    this.#timerLag = new Histogram({
      name: 'lucien_timer_lag_seconds',
      help: 'How late durable timers fired: fired at minus due at.',
      buckets: LAG_BUCKETS,
      registers,
    });
    this.#telegramCalls = new Counter({
      name: 'lucien_telegram_calls_total',
      help: 'Bot API calls made, by method and outcome (ok, error, unreachable).',
      labelNames: ['method', 'outcome'],
      registers,
    });
    this.#telegram429 = new Counter({
      name: 'lucien_telegram_429_total',
      help: 'Bot API calls Telegram refused with 429 Too Many Requests, by method.',
      labelNames: ['method'],
      registers,
    });
    this.#registerSourced(sources);
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** One update handled by the bot. */
  updateReceived(kind: string, outcome: Outcome): void {
    this.#updates.inc({ kind, outcome });
  }

  /** One committed transition (wired to `host.onCommit`). */
  transitionCommitted(commit: CommittedTransition): void {
    this.#transitions.inc({ machine: machineOf(commit.actorId), event: commit.eventType });
  }

  /** One effect executed: its type, whether it succeeded, how long it took in seconds. */
  observeEffect(type: string, outcome: Outcome, seconds: number): void {
    this.#effects.observe({ type, outcome }, seconds);
  }

  /** One timer fired `seconds` after it was due (0 when on time or early). */
  observeTimerLag(seconds: number): void {
    this.#timerLag.observe(Math.max(0, seconds));
  }

  /** One Bot API call; a 429 is also counted on its own. */
  telegramCall(method: string, outcome: 'ok' | 'error' | 'unreachable', errorCode?: number): void {
    this.#telegramCalls.inc({ method, outcome });
    if (errorCode === 429) this.#telegram429.inc({ method });
  }

  /** The exposition text and its content type, for GET /metrics. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** Gauges and counters whose values are read from their source at scrape time. */
  #registerSourced(sources: MetricSources): void {
    const registers = [this.registry];
    const { cacheStats, outboxPending, queueSizes } = sources;
    if (cacheStats) {
      new Counter({
        name: 'lucien_cache_lookups_total',
        help: 'Snapshot cache lookups since start, by result (hit, miss, error).',
        labelNames: ['result'],
        registers,
        collect() {
          const stats = cacheStats();
          this.reset();
          this.inc({ result: 'hit' }, stats.hits);
          this.inc({ result: 'miss' }, stats.misses);
          this.inc({ result: 'error' }, stats.errors);
        },
      });
      new Gauge({
        name: 'lucien_cache_hit_ratio',
        help: 'Share of snapshot cache lookups since start that were hits (0 before any lookup).',
        registers,
        collect() {
          const { hits, misses, errors } = cacheStats();
          const total = hits + misses + errors;
          this.set(total === 0 ? 0 : hits / total);
        },
      });
    }
    if (outboxPending) {
      new Gauge({
        name: 'lucien_outbox_pending',
        help: 'Outbound effects committed but not yet done (the effect backlog).',
        registers,
        async collect() {
          this.set(await outboxPending().catch(() => Number.NaN));
        },
      });
    }
    if (queueSizes) {
      new Gauge({
        name: 'lucien_job_queue_size',
        help: 'Jobs waiting in each job queue (timers not yet fired, maintenance).',
        labelNames: ['queue'],
        registers,
        async collect() {
          const sizes = await queueSizes().catch(() => ({}) as Record<string, number>);
          this.reset();
          for (const [queue, size] of Object.entries(sizes)) this.set({ queue }, size);
        },
      });
    }
  }
}
