import type { ConnectionPool } from '@databases/pg';
import type { SnapshotCache } from '../../src/adapters/cache/index.ts';
import { createCache } from '../../src/adapters/cache/index.ts';
import { rootLogger } from '../../src/log.ts';
import { Clock } from '../../src/runtime/clock.ts';
import { ActorHost, type DbEffectBatchHandler, type DbEffectHandler } from '../../src/runtime/host.ts';
import { MachineRegistry } from '../../src/runtime/registry.ts';
import type { EffectHandler, MachineDefinition } from '../../src/runtime/types.ts';
import { probeDefinition } from './machines.ts';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestHost {
  host: ActorHost;
  cache: SnapshotCache;
  clock: Clock;
  close(): Promise<void>;
}

/** A host on a test database with the real Redis (a key prefix of its own) unless told otherwise. */
export async function createTestHost(
  db: ConnectionPool,
  options: {
    definitions?: MachineDefinition[];
    effects?: Record<string, EffectHandler>;
    dbEffects?: Record<string, DbEffectHandler>;
    dbEffectBatches?: Record<string, DbEffectBatchHandler>;
    maxConcurrentEffects?: number;
    redis?: boolean;
    /** Another Redis than the shared test server (one the test starts and kills). */
    redisUrl?: string;
    prefix?: string;
    clock?: Clock;
  } = {},
): Promise<TestHost> {
  const cache = await createCache({
    redisUrl: options.redis === false ? undefined : (options.redisUrl ?? TEST_REDIS_URL),
    prefix: options.prefix ?? `lucien-test:${Math.random().toString(36).slice(2)}:`,
    log: rootLogger,
  });
  const clock = options.clock ?? new Clock();
  const host = new ActorHost({
    db,
    cache,
    clock,
    registry: new MachineRegistry(options.definitions ?? [probeDefinition]),
    effects: options.effects,
    dbEffects: options.dbEffects,
    dbEffectBatches: options.dbEffectBatches,
    maxConcurrentEffects: options.maxConcurrentEffects,
    log: rootLogger,
  });
  return {
    host,
    cache,
    clock,
    async close() {
      await host.executor.drain();
      await cache.close();
    },
  };
}
