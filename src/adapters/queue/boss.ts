import PgBoss from 'pg-boss';
import type { Logger } from '../../log.ts';
import type { Clock } from '../../runtime/clock.ts';
import type { TimerQueue } from '../../runtime/types.ts';

export const TIMER_QUEUE = 'actor-timer';
export const MAINTENANCE_QUEUE = 'runtime-maintenance';

/** Timer jobs taken per fetch, and workers fetching them. */
const TIMER_BATCH = 50;
const TIMER_WORKERS = 2;

/** Runs `work`, again (up to five times) when Postgres chose it as a deadlock victim. */
async function retryOnDeadlock<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if ((error as { code?: string }).code !== '40P01' || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200 * attempt));
    }
  }
}

export interface JobQueueOptions {
  url: string;
  clock: Clock;
  log: Logger;
  /** How often workers look for due jobs; lower in tests. */
  pollingIntervalSeconds?: number;
}

export interface RuntimeJobs {
  /** Due timers, a batch of jobs together (one transaction); rejects if any could not be fired. */
  fireTimers(timerIds: string[]): Promise<unknown>;
  /** Once a minute, cluster-wide: sweep undone effects, re-send missing timer jobs, fire overdue timers. */
  maintain(): Promise<unknown>;
}

/**
 * pg-boss on the app's own database: it wakes timers (a job per `actor_timers` row, with the
 * row's uuid as the job id) and runs the runtime's periodic maintenance.
 */
export class JobQueue implements TimerQueue {
  readonly boss: PgBoss;
  #healthy = false;
  #lastError: string | undefined;

  constructor(private readonly options: JobQueueOptions) {
    const loopback = /@(127\.0\.0\.1|localhost)(:\d+)?\//.test(options.url);
    this.boss = new PgBoss({
      connectionString: options.url,
      ssl: loopback ? false : undefined,
      max: 4,
      schedule: true,
      supervise: true,
      migrate: true,
    });
    this.boss.on('error', (error: Error) => {
      this.#lastError = error.message;
      options.log.error({ err: error }, 'job queue error');
    });
  }

  async start(): Promise<void> {
    await this.boss.start();
    // Two instances starting together can deadlock inside createQueue: try again.
    await retryOnDeadlock(() =>
      this.boss.createQueue(TIMER_QUEUE, {
        name: TIMER_QUEUE,
        retryLimit: 10,
        retryDelay: 5,
        retryBackoff: true,
      }),
    );
    await retryOnDeadlock(() =>
      this.boss.createQueue(MAINTENANCE_QUEUE, { name: MAINTENANCE_QUEUE, retryLimit: 0 }),
    );
    this.#healthy = true;
  }

  /** Starts the workers; call once the host exists. */
  async work(jobs: RuntimeJobs): Promise<void> {
    const pollingIntervalSeconds = this.options.pollingIntervalSeconds ?? 1;
    // A full batch means more are due (a wave of expiries): fetch again at once instead of
    // waiting out the polling interval. Two workers keep the pool busy while one fetches.
    for (let worker = 0; worker < TIMER_WORKERS; worker++) {
      let workerId = '';
      workerId = await this.boss.work<{ timerId: string }>(
        TIMER_QUEUE,
        { batchSize: TIMER_BATCH, pollingIntervalSeconds },
        async (batch) => {
          await jobs.fireTimers(batch.map((job) => job.data.timerId));
          if (batch.length === TIMER_BATCH) this.boss.notifyWorker(workerId);
        },
      );
    }
    await this.boss.work(MAINTENANCE_QUEUE, { pollingIntervalSeconds: 5 }, async () => {
      await jobs.maintain();
    });
    await this.boss.schedule(MAINTENANCE_QUEUE, '* * * * *');
  }

  async schedule(timers: { id: string; dueAt: Date }[]): Promise<void> {
    if (timers.length === 0) return;
    await this.boss.insert(
      timers.map((t) => ({
        id: t.id,
        name: TIMER_QUEUE,
        data: { timerId: t.id },
        startAfter: this.options.clock.toWallClock(t.dueAt.getTime()),
        // A job must outlive its own wait; pg-boss's default keeps jobs 14 days past start.
        keepUntil: new Date(this.options.clock.toWallClock(t.dueAt.getTime()).getTime() + 14 * 86_400_000),
      })),
    );
  }

  async reschedule(timers: { id: string; dueAt: Date }[]): Promise<void> {
    if (timers.length === 0) return;
    await this.schedule(timers);
    // Jobs that already existed keep their start_after: move those that would wake too late.
    await this.boss.getDb().executeSql(
      `UPDATE pgboss.job AS job SET start_after = due.at
       FROM unnest($1::uuid[], $2::timestamptz[]) AS due (id, at)
       WHERE job.name = $3 AND job.id = due.id AND job.state IN ('created', 'retry') AND job.start_after > due.at`,
      [
        timers.map((t) => t.id),
        timers.map((t) => this.options.clock.toWallClock(t.dueAt.getTime()).toISOString()),
        TIMER_QUEUE,
      ],
    );
  }

  async cancel(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.boss.cancel(TIMER_QUEUE, ids);
  }

  /** Moves every waiting timer job earlier by `ms` (time travel in sandbox mode and tests). */
  async bringForward(ms: number): Promise<void> {
    await this.boss.getDb().executeSql(
      `UPDATE pgboss.job SET start_after = start_after - ($1::numeric * interval '1 millisecond')
       WHERE name = $2 AND state IN ('created', 'retry')`,
      [ms, TIMER_QUEUE],
    );
  }

  /** For /health: a cheap query through pg-boss's own pool. */
  async check(): Promise<{ status: 'ok' | 'down'; detail?: string }> {
    if (!this.#healthy) return { status: 'down', detail: 'not started' };
    try {
      await this.boss.getDb().executeSql('SELECT 1', []);
      return { status: 'ok' };
    } catch (error) {
      return {
        status: 'down',
        detail: error instanceof Error ? error.message : (this.#lastError ?? 'unreachable'),
      };
    }
  }

  async stop(): Promise<void> {
    if (!this.#healthy) return;
    this.#healthy = false;
    await this.boss.stop({ graceful: true, timeout: 5_000, wait: true });
  }
}
