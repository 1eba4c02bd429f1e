import { Redis } from 'ioredis';
import type { Logger } from '../../log.ts';
import { describeRedisError } from './redis-error.ts';
import { ttlMilliseconds } from './ttl.ts';
import type { CacheHealth, CacheStats, SnapshotCache } from './types.ts';

/** A cache read that takes longer than this costs more than the Postgres read it saves. */
const COMMAND_TIMEOUT_MS = 300;
/** A connection that answers nothing for this long is dropped, so a frozen or unreachable server reads as down. */
const SOCKET_TIMEOUT_MS = 1_000;
const CONNECT_TIMEOUT_MS = 1_000;
const MAX_RECONNECT_DELAY_MS = 2_000;
/** How long start-up waits for the first connection before going on degraded. */
const FIRST_CONNECT_WAIT_MS = 1_000;

const unavailable = Symbol('unavailable');

type PendingWrite = { value: string; ttlMs: number } | null;

/**
 * The Redis-backed cache. Commands are only sent while the connection is ready (no offline queue),
 * so during an outage every call returns at once; ioredis reconnects forever in the background.
 */
export class RedisCache implements SnapshotCache {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #log: Logger;
  readonly #stats: CacheStats = { hits: 0, misses: 0, errors: 0 };
  /** Why Redis cannot be used now; undefined while it serves. */
  #outage: string | undefined = 'connecting';
  #outageLogged = false;
  #closing: Promise<void> | undefined;
  /** Writes asked for in this turn of the event loop, by full key; null deletes. */
  #pending = new Map<string, PendingWrite>();
  #flush: Promise<void> | undefined;

  constructor(url: string, prefix: string, log: Logger) {
    this.#prefix = prefix;
    this.#log = log;
    this.#redis = new Redis(url, {
      commandTimeout: COMMAND_TIMEOUT_MS,
      socketTimeout: SOCKET_TIMEOUT_MS,
      connectTimeout: CONNECT_TIMEOUT_MS,
      enableOfflineQueue: false,
      // Commands in flight when the connection drops fail now rather than replaying later,
      // when a newer value may already have been written.
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
    });
    this.#redis.on('ready', () => this.#recovered());
    this.#redis.on('error', (error: unknown) => this.#failed(describeRedisError(error)));
    this.#redis.on('close', () => this.#failed(this.#outage ?? 'connection lost'));
  }

  /** Resolves when the first connection attempt has succeeded or failed, or after a short wait. */
  firstAttempt(): Promise<void> {
    const redis = this.#redis;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        redis.off('ready', done);
        redis.off('error', done);
        resolve();
      };
      const timer = setTimeout(done, FIRST_CONNECT_WAIT_MS);
      redis.on('ready', done);
      redis.on('error', done);
    });
  }

  async get(key: string): Promise<string | undefined> {
    const value = await this.#call(() => this.#redis.get(this.#prefix + key));
    if (value === unavailable) return undefined;
    return this.#counted(value);
  }

  async getMany(keys: string[]): Promise<(string | undefined)[]> {
    if (keys.length === 0) return [];
    const values = await this.#call(() => this.#redis.mget(keys.map((key) => this.#prefix + key)));
    if (values === unavailable) {
      this.#stats.errors += keys.length - 1;
      return keys.map(() => undefined);
    }
    return values.map((value) => this.#counted(value));
  }

  /** Resolves once Redis has the value (or could not take it: a cache write never fails the caller). */
  set(key: string, value: string, ttlSeconds: number): Promise<void> {
    return this.#write(key, { value, ttlMs: ttlMilliseconds(ttlSeconds) });
  }

  del(key: string): Promise<void> {
    return this.#write(key, null);
  }

  /**
   * Writes go out together: those asked for in the same turn of the event loop (the transitions
   * of one batched commit, the updates that arrived together) are one pipeline, one socket write
   * and one wake-up of Redis instead of one each. Of two writes to a key in a turn, the later
   * one is sent. Writes of different turns keep their order (one connection, in order).
   */
  #write(key: string, op: PendingWrite): Promise<void> {
    this.#pending.set(this.#prefix + key, op);
    if (!this.#flush) {
      let done!: () => void;
      const flushed = new Promise<void>((resolve) => {
        done = resolve;
      });
      this.#flush = flushed;
      setImmediate(() => {
        const writes = this.#pending;
        this.#pending = new Map();
        this.#flush = undefined;
        void this.#send(writes).then(done);
      });
    }
    return this.#flush;
  }

  async #send(writes: Map<string, PendingWrite>): Promise<void> {
    if (writes.size === 1) {
      const [[key, op]] = [...writes] as [[string, PendingWrite]];
      await this.#call<unknown>(() =>
        op ? this.#redis.set(key, op.value, 'PX', op.ttlMs) : this.#redis.del(key),
      );
      return;
    }
    const pipeline = this.#redis.pipeline();
    for (const [key, op] of writes) {
      if (op) pipeline.set(key, op.value, 'PX', op.ttlMs);
      else pipeline.del(key);
    }
    const results = await this.#call(() => pipeline.exec());
    if (results === unavailable) {
      this.#stats.errors += writes.size - 1;
      return;
    }
    const failed = results?.find(([error]) => error);
    if (failed) {
      this.#stats.errors += results?.filter(([error]) => error).length ?? 0;
      this.#failed(describeRedisError(failed[0]));
    }
  }

  health(): CacheHealth {
    if (this.#outage === undefined) return { kind: 'redis', status: 'ok' };
    return { kind: 'redis', status: 'degraded', detail: this.#outage };
  }

  stats(): CacheStats {
    return { ...this.#stats };
  }

  close(): Promise<void> {
    this.#closing ??= this.#quit();
    return this.#closing;
  }

  async #quit(): Promise<void> {
    if (this.#redis.status === 'ready') await this.#redis.quit().catch(() => undefined);
    // Also stops a pending reconnect, which quit() cannot reach while disconnected.
    this.#redis.disconnect();
  }

  async #call<T>(command: () => Promise<T>): Promise<T | typeof unavailable> {
    if (this.#closing !== undefined || this.#redis.status !== 'ready') {
      this.#stats.errors++;
      return unavailable;
    }
    try {
      const result = await command();
      if (this.#outage !== undefined) this.#recovered();
      return result;
    } catch (error) {
      this.#stats.errors++;
      this.#failed(describeRedisError(error));
      return unavailable;
    }
  }

  #counted(value: string | null): string | undefined {
    if (value === null) {
      this.#stats.misses++;
      return undefined;
    }
    this.#stats.hits++;
    return value;
  }

  #failed(reason: string): void {
    if (this.#closing !== undefined) return;
    this.#outage = reason;
    if (this.#outageLogged) return;
    this.#outageLogged = true;
    this.#log.warn({ reason }, 'Redis cache unavailable; serving from Postgres until it returns');
  }

  #recovered(): void {
    this.#outage = undefined;
    if (!this.#outageLogged) {
      this.#log.debug('Redis cache connected');
      return;
    }
    this.#outageLogged = false;
    this.#log.info('Redis cache is back');
  }
}
