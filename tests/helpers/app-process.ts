import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { JOURNEY_ADMIN_ID, JOURNEY_WEBHOOK_SECRET } from './journey.ts';

const READY_TIMEOUT_MS = 60_000;
const childScript = new URL('./app-child.ts', import.meta.url).pathname;

export interface AppProcessOptions {
  databaseUrl: string;
  redisUrl?: string;
  /** The Bot API server's root (a served sandbox) and the bot's token there. */
  apiRoot: string;
  token: string;
  port: number;
  adminIds?: number[];
  pollingIntervalSeconds?: number;
}

/**
 * The app as a child process (tests/helpers/app-child.ts) that a test can kill -9 and start
 * again on the same port, database and Bot API server. The clock's time travel is carried over
 * restarts.
 */
export class AppProcess {
  #child: ChildProcess | undefined;
  #clockOffsetMs = 0;
  #output = '';
  url = '';

  constructor(readonly options: AppProcessOptions) {}

  /** Starts the app and resolves once it takes updates. */
  async start(): Promise<void> {
    const options = {
      databaseUrl: this.options.databaseUrl,
      redisUrl: this.options.redisUrl,
      port: this.options.port,
      apiRoot: this.options.apiRoot,
      token: this.options.token,
      webhookSecret: JOURNEY_WEBHOOK_SECRET,
      adminIds: this.options.adminIds ?? [JOURNEY_ADMIN_ID],
      clockOffsetMs: this.#clockOffsetMs,
      pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 0.5,
    };
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, JSON.stringify(options)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'test' },
    });
    this.#child = child;
    // A test that dies half-way must not leave an app behind holding the port.
    const killOnExit = () => child.kill('SIGKILL');
    process.on('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
    this.#output = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      this.#output += chunk.toString();
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the app did not start in ${READY_TIMEOUT_MS} ms:\n${this.#output}`)),
        READY_TIMEOUT_MS,
      );
      child.stdout?.on('data', (chunk: Buffer) => {
        if (process.env.APP_CHILD_LOG_LEVEL) process.stderr.write(chunk);
        this.#output += chunk.toString();
        const ready = /READY (\S+)/.exec(this.#output);
        if (ready) {
          clearTimeout(timer);
          this.url = ready[1] as string;
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the app exited (${code ?? signal}) before it was ready:\n${this.#output}`));
      });
    });
  }

  /** kill -9: no shutdown, no drain, whatever was in flight is cut. */
  async kill(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  /** A graceful stop (SIGTERM): in-flight updates and effects finish. */
  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }

  /**
   * Moves the app's clock forward (its timers with it); kept for the next start. Counted before
   * the app answers: a kill during the request must not set the next start's clock back.
   */
  async advanceClock(seconds: number): Promise<{ fired: number }> {
    this.#clockOffsetMs += seconds * 1000;
    const response = await fetch(`${this.url}/test/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seconds }),
    });
    const body = (await response.json()) as { ok: boolean; fired: number };
    if (!body.ok) throw new Error(`clock advance failed: ${JSON.stringify(body)}`);
    return body;
  }

  get running(): boolean {
    return this.#child !== undefined;
  }
}
