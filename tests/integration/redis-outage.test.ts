import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { JobQueue } from '../../src/adapters/queue/boss.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { rootLogger } from '../../src/log.ts';
import { Clock } from '../../src/runtime/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { createTestHost, type TestHost } from '../helpers/host.ts';
import { type RedisServer, redisServerTests, startRedisServer } from '../helpers/redis-server.ts';

const redisTests = redisServerTests(test);
let t: TestDatabase;
let redis: RedisServer | undefined;
let app: TestHost;
let queue: JobQueue;

test.before(async () => {
  t = await createTestDatabase();
  if (!redisTests.available) return;
  redis = await startRedisServer();
  queue = new JobQueue({ url: t.url, clock: new Clock(), log: rootLogger });
  await queue.start();
});
test.after(async () => {
  await app?.close();
  await queue?.stop();
  await redis?.kill();
  await t.drop();
});

async function healthStatus(): Promise<string> {
  const http = createHttpApp({
    log: rootLogger,
    webhook: async () => new Response(null, { status: 204 }),
    health: { db: t.db, cache: app.cache, queue, version: 'test', startedAt: Date.now() },
  });
  return (await (await http.fetch(new Request('http://localhost/health'))).json()).status;
}

redisTests.test(
  'Redis killed mid-run: events still processed, health degraded, Redis used again when back',
  async () => {
    const server = redis as RedisServer;
    app = await createTestHost(t.db, { redisUrl: server.url });
    await app.host.send('probe:r', { type: 'INC' });
    assert.ok(await app.cache.get('actor:probe:r'), 'the snapshot is cached in Redis');
    assert.is(await healthStatus(), 'healthy');

    await server.kill();
    for (let i = 0; i < 5; i++) await app.host.send('probe:r', { type: 'INC' });
    assert.is((await app.host.read('probe:r'))?.version, 6, 'every event applied from Postgres');
    assert.is(await healthStatus(), 'degraded');

    await server.restart();
    const deadline = Date.now() + 10_000;
    while (app.cache.health().status !== 'ok' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    assert.is(await healthStatus(), 'healthy');
    const result = await app.host.send('probe:r', { type: 'INC' });
    assert.is(result.status === 'applied' && result.version, 7);
    const cached = JSON.parse((await app.cache.get('actor:probe:r')) ?? '{}');
    assert.is(cached.v, 7, 'the fresh Redis holds the newest snapshot again');
  },
);

test.run();
