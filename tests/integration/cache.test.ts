import { Redis } from 'ioredis';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createCache, type SnapshotCache } from '../../src/adapters/cache/index.ts';
import { type RedisServer, redisServerTests, startRedisServer } from '../helpers/redis-server.ts';

const redisTests = redisServerTests(test);
const prefix = `test:${process.pid}:`;
let server: RedisServer | undefined;
let raw: Redis | undefined;
let memory: SnapshotCache;
let redis: SnapshotCache;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test.before(async () => {
  memory = await createCache({ maxEntries: 100 });
  if (!redisTests.available) return;
  server = await startRedisServer();
  redis = await createCache({ redisUrl: server.url, prefix });
  raw = new Redis(server.url);
});

test.after(async () => {
  await memory.close();
  await redis?.close();
  raw?.disconnect();
  await server?.kill();
});

const kinds = [
  { kind: 'memory', run: test, cache: () => memory },
  { kind: 'redis', run: redisTests.test, cache: () => redis },
] as const;

for (const { kind, run, cache } of kinds) {
  run(`${kind}: reports itself healthy`, () => {
    assert.equal(cache().health(), { kind, status: 'ok' });
  });

  run(`${kind}: a missing key is a miss`, async () => {
    const before = cache().stats();
    assert.is(await cache().get('actor:missing'), undefined);
    assert.is(cache().stats().misses, before.misses + 1);
  });

  run(`${kind}: set, get and del`, async () => {
    const value = JSON.stringify({ version: 3, snapshot: { value: 'active' } });
    await cache().set('actor:subscription:1', value, 60);
    const before = cache().stats();
    assert.is(await cache().get('actor:subscription:1'), value);
    assert.is(cache().stats().hits, before.hits + 1);
    await cache().del('actor:subscription:1');
    assert.is(await cache().get('actor:subscription:1'), undefined);
    await cache().del('actor:never-set');
  });

  run(`${kind}: getMany keeps the order of the keys`, async () => {
    await cache().set('actor:a', 'A', 60);
    await cache().set('actor:c', 'C', 60);
    assert.equal(await cache().getMany(['actor:c', 'actor:b', 'actor:a']), ['C', undefined, 'A']);
    assert.equal(await cache().getMany([]), []);
  });

  run(`${kind}: entries expire after their TTL`, async () => {
    await cache().set('actor:short', 'soon gone', 0.2);
    await cache().set('actor:long', 'still here', 60);
    assert.is(await cache().get('actor:short'), 'soon gone');
    await sleep(300);
    assert.is(await cache().get('actor:short'), undefined);
    assert.is(await cache().get('actor:long'), 'still here');
  });

  run(`${kind}: a non-positive TTL stores for the shortest time rather than forever`, async () => {
    await cache().set('actor:zero', 'x', 0);
    await sleep(20);
    assert.is(await cache().get('actor:zero'), undefined);
  });
}

test('memory: evicts the least recently used entry beyond maxEntries', async () => {
  const small = await createCache({ maxEntries: 2 });
  await small.set('a', '1', 60);
  await small.set('b', '2', 60);
  await small.get('a');
  await small.set('c', '3', 60);
  assert.equal(await small.getMany(['a', 'b', 'c']), ['1', undefined, '3']);
  await small.close();
});

redisTests.test('redis: keys carry the prefix and expire server-side', async () => {
  await redis.set('actor:prefixed', 'v', 30);
  assert.is(await raw?.get(`${prefix}actor:prefixed`), 'v');
  const ttl = (await raw?.pttl(`${prefix}actor:prefixed`)) ?? 0;
  assert.ok(ttl > 29_000 && ttl <= 30_000, `pttl ${ttl}`);
});

redisTests.test('redis: the default prefix is lucien:', async () => {
  const defaults = await createCache({ redisUrl: server?.url ?? '' });
  await defaults.set('actor:default-prefix', 'v', 30);
  assert.is(await raw?.get('lucien:actor:default-prefix'), 'v');
  await defaults.close();
});

redisTests.test('redis: getMany is one MGET round trip', async () => {
  const calls = async (command: string) => {
    const info = (await raw?.info('commandstats')) ?? '';
    return Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(info)?.[1] ?? 0);
  };
  const [mgetBefore, getBefore] = [await calls('mget'), await calls('get')];
  await redis.getMany(['actor:x', 'actor:y', 'actor:z']);
  assert.is(await calls('mget'), mgetBefore + 1);
  assert.is(await calls('get'), getBefore);
});

redisTests.test('redis: writes of one turn go together; the last write to a key wins', async () => {
  const sets = async () => {
    const info = (await raw?.info('commandstats')) ?? '';
    return Number(/cmdstat_set:calls=(\d+)/.exec(info)?.[1] ?? 0);
  };
  const before = await sets();
  const writes: Promise<void>[] = [];
  for (let version = 1; version <= 50; version++) writes.push(redis.set('actor:hot', `v${version}`, 60));
  for (let i = 0; i < 20; i++) writes.push(redis.set(`actor:many:${i}`, `m${i}`, 60));
  writes.push(redis.set('actor:gone', 'x', 60), redis.del('actor:gone'));
  writes.push(redis.del('actor:back'), redis.set('actor:back', 'y', 60));
  await Promise.all(writes);
  // Each set resolved only once Redis held the value.
  assert.is(await raw?.get(`${prefix}actor:hot`), 'v50');
  assert.equal(
    await raw?.mget(Array.from({ length: 20 }, (_, i) => `${prefix}actor:many:${i}`)),
    Array.from({ length: 20 }, (_, i) => `m${i}`),
  );
  assert.is(await raw?.get(`${prefix}actor:gone`), null);
  assert.is(await raw?.get(`${prefix}actor:back`), 'y');
  assert.is(await sets(), before + 1 + 20 + 1, 'fifty writes to one key were one SET');
  // A write in a later turn is not lost behind the earlier batch.
  await redis.set('actor:hot', 'later', 60);
  assert.is(await raw?.get(`${prefix}actor:hot`), 'later');
});

redisTests.test('redis: close is idempotent and later calls are quiet misses', async () => {
  await redis.set('actor:closed', 'before close', 60);
  const closing = await createCache({ redisUrl: server?.url ?? '', prefix });
  await closing.close();
  await closing.close();
  assert.is(await closing.get('actor:closed'), undefined);
  await closing.set('actor:closed', 'after close', 60);
  assert.is(await redis.get('actor:closed'), 'before close');
});

redisTests.test(
  'redis: what this process wrote is read back without a round trip; what another wrote, from Redis',
  async () => {
    const calls = async () => {
      const info = (await raw?.info('commandstats')) ?? '';
      return Number(/cmdstat_get:calls=(\d+)/.exec(info)?.[1] ?? 0);
    };
    const other = await createCache({ redisUrl: server?.url ?? '', prefix });
    try {
      await redis.set('actor:near', 'mine', 60);
      const before = await calls();
      assert.is(await redis.get('actor:near'), 'mine');
      assert.is(await calls(), before, 'no GET reached Redis');
      // Another instance reads it from Redis, and its own later write wins there.
      assert.is(await other.get('actor:near'), 'mine');
      assert.is(await calls(), before + 1);
      assert.is(await raw?.get(`${prefix}actor:near`), 'mine', 'and Redis holds it for the others');
      await other.set('actor:near', 'theirs', 60);
      assert.is(await raw?.get(`${prefix}actor:near`), 'theirs');
      // Deleted here: gone from both.
      await redis.del('actor:near');
      assert.is(await redis.get('actor:near'), undefined);
    } finally {
      await other.close();
    }
  },
);

test.run();
