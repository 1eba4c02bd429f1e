import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createCache, type SnapshotCache } from '../../src/adapters/cache/index.ts';
import { createPool } from '../../src/adapters/postgres/pool.ts';
import { JobQueue } from '../../src/adapters/queue/boss.ts';
import { createHttpApp } from '../../src/http/app.ts';
import type { HealthDeps } from '../../src/http/health.ts';
import { rootLogger } from '../../src/log.ts';
import { Clock } from '../../src/runtime/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { TEST_REDIS_URL } from '../helpers/host.ts';

let t: TestDatabase;
let queue: JobQueue;
const caches: SnapshotCache[] = [];
test.before(async () => {
  t = await createTestDatabase();
  queue = new JobQueue({ url: t.url, clock: new Clock(), log: rootLogger });
  await queue.start();
});
test.after(async () => {
  await queue.stop();
  for (const c of caches) await c.close();
  await t.drop();
});

async function health(deps: Partial<HealthDeps>) {
  const cache = deps.cache ?? (await createCache({ redisUrl: TEST_REDIS_URL, log: rootLogger }));
  caches.push(cache as SnapshotCache);
  const app = createHttpApp({
    log: rootLogger,
    webhook: async () => new Response(null, { status: 204 }),
    health: { db: t.db, cache, queue, version: '1.2.3', startedAt: Date.now() - 5000, ...deps },
  });
  const response = await app.fetch(new Request('http://localhost/health'));
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) };
}

const SECRET = 'hunter2-very-secret';

test('200 healthy when database, cache and queue answer', async () => {
  const { status, body } = await health({});
  assert.is(status, 200);
  assert.is(body.status, 'healthy');
  assert.equal(body.checks.database, { status: 'ok' });
  assert.equal(body.checks.cache, { status: 'ok', kind: 'redis' });
  assert.equal(body.checks.queue, { status: 'ok' });
  assert.is(body.version, '1.2.3');
  assert.ok(body.uptime >= 5);
});

test('200 degraded when Redis is unreachable, and no secret in the body', async () => {
  const cache = await createCache({ redisUrl: `redis://:${SECRET}@127.0.0.1:1`, log: rootLogger });
  const { status, body, text } = await health({ cache });
  assert.is(status, 200);
  assert.is(body.status, 'degraded');
  assert.is(body.checks.cache.status, 'degraded');
  assert.not.ok(text.includes(SECRET));
  assert.not.ok(text.includes('redis://'));
});

test('503 when Postgres is unreachable, and no secret in the body', async () => {
  const db = createPool(`postgres://lucien:${SECRET}@127.0.0.1:1/lucien`, { log: rootLogger });
  try {
    const { status, body, text } = await health({ db });
    assert.is(status, 503);
    assert.is(body.status, 'unhealthy');
    assert.is(body.checks.database.status, 'down');
    assert.not.ok(text.includes(SECRET));
    assert.not.ok(text.includes('postgres://'));
  } finally {
    await db.dispose();
  }
});

test.run();
