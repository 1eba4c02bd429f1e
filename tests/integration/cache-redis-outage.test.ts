import { Writable } from 'node:stream';
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createCache, type SnapshotCache } from '../../src/adapters/cache/index.ts';
import { type RedisServer, redisServerTests, startRedisServer } from '../helpers/redis-server.ts';

const redisTests = redisServerTests(test);
/** The brief's bound for any cache call while Redis is down; in practice they take well under 1 ms. */
const QUICK_MS = 1_000;
const RECOVERY_TIMEOUT_MS = 10_000;

interface LogLine {
  level: number;
  msg: string;
}

function capturingLogger() {
  const lines: LogLine[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw.push(chunk.toString());
      lines.push(JSON.parse(chunk.toString()) as LogLine);
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines, raw };
}

async function timed<T>(call: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await call();
  const elapsed = performance.now() - started;
  assert.ok(elapsed < QUICK_MS, `a cache call took ${elapsed.toFixed(0)} ms while Redis was down`);
  return result;
}

async function waitForHealthy(cache: SnapshotCache): Promise<number> {
  const started = Date.now();
  while (cache.health().status !== 'ok') {
    if (Date.now() - started > RECOVERY_TIMEOUT_MS) assert.unreachable('the cache did not recover');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - started;
}

let server: RedisServer | undefined;
let cache: SnapshotCache | undefined;

test.after.each(async () => {
  await cache?.close();
  await server?.kill();
  cache = undefined;
  server = undefined;
});

redisTests.test('Redis killed mid-run: calls stay quick and harmless, then Redis is used again', async () => {
  server = await startRedisServer();
  const { log, lines, raw } = capturingLogger();
  cache = await createCache({ redisUrl: server.url, prefix: `outage:${process.pid}:`, log });
  await cache.set('actor:conversation:7', '{"version":1}', 60);
  assert.is(await cache.get('actor:conversation:7'), '{"version":1}');

  await server.kill();
  // Calls that race the connection's close are bounded by the command timeout; later ones fail at once.
  for (let call = 0; call < 20; call++) {
    // The first read is served by the near cache (this process wrote it); after the delete
    // below, reads go to Redis, which is down: a miss, at once.
    const expected = call === 0 ? '{"version":1}' : undefined;
    assert.is(await timed(() => cache?.get('actor:conversation:7') ?? Promise.resolve(undefined)), expected);
    await timed(async () => cache?.set('actor:conversation:7', '{"version":2}', 60));
    await timed(async () => cache?.del('actor:conversation:7'));
    assert.equal(await timed(async () => cache?.getMany(['a', 'b'])), [undefined, undefined]);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const down = cache.health();
  assert.is(down.kind, 'redis');
  assert.is(down.status, 'degraded');
  assert.type(down.detail, 'string');
  assert.ok(cache.stats().errors > 0);

  await server.restart();
  const recoveredMs = await waitForHealthy(cache);
  console.log(`    recovered ${recoveredMs} ms after redis-server came back`);
  await cache.set('actor:conversation:7', '{"version":3}', 60);
  assert.is(await cache.get('actor:conversation:7'), '{"version":3}');

  const warnings = lines.filter((line) => line.level === 40);
  const infos = lines.filter((line) => line.level === 30);
  assert.is(warnings.length, 1, `one warning per outage, got ${JSON.stringify(warnings)}`);
  assert.is(infos.length, 1, `one info line when back, got ${JSON.stringify(infos)}`);
  assert.not.ok(raw.join('').includes(server.url), 'the logs never carry the Redis URL');
});

redisTests.test('Redis unreachable at start: starts degraded, then connects when Redis appears', async () => {
  server = await startRedisServer();
  await server.kill();
  const started = performance.now();
  cache = await createCache({ redisUrl: server.url, log: pino({ level: 'silent' }) });
  assert.ok(performance.now() - started < 2_000, 'start-up waits at most briefly for Redis');
  assert.equal(cache.health(), { kind: 'redis', status: 'degraded', detail: 'connection refused' });
  assert.is(await timed(() => cache?.get('k') ?? Promise.resolve(undefined)), undefined);
  await timed(async () => cache?.set('k', 'v', 60));

  await server.restart();
  await waitForHealthy(cache);
  await cache.set('k', 'v', 60);
  assert.is(await cache.get('k'), 'v');
});

test.run();
