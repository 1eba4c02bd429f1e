import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createCache, type SnapshotCache } from '../../src/adapters/cache/index.ts';
import { createPool } from '../../src/adapters/postgres/pool.ts';
import { JobQueue } from '../../src/adapters/queue/boss.ts';
import { startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createHttpApp } from '../../src/http/app.ts';
import type { HealthDeps } from '../../src/http/health.ts';
import { rootLogger } from '../../src/log.ts';
import { Clock } from '../../src/runtime/clock.ts';
import { serveFetchHandler } from '../../src/sandbox/http/serve-fetch-handler.ts';
import { createBotApiHandler, Sandbox } from '../../src/sandbox/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { TEST_REDIS_URL } from '../helpers/host.ts';
import { freePort } from '../helpers/journey.ts';

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

test('503 starting, then 503 stopping: no traffic before the app takes updates or once it stops', async () => {
  for (const phase of ['starting', 'stopping'] as const) {
    const { status, body } = await health({ phase: () => phase });
    assert.is(status, 503);
    assert.is(body.status, phase);
    assert.equal(body.checks.app, { status: 'down', phase });
    assert.equal(body.checks.database, { status: 'ok' });
  }
  const { status, body } = await health({ phase: () => 'serving' });
  assert.is(status, 200);
  assert.is(body.status, 'healthy');
  assert.is(body.checks.app, undefined);
});

test('the running app answers 503 starting while it starts (its server already listens), 200 once started', async () => {
  const database = await createTestDatabase({ migrate: false });
  const port = await freePort();
  const config = loadConfig({
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    PORT: String(port),
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
  });
  let started = false;
  const seenWhileStarting: string[] = [];
  const polling = (async () => {
    while (!started) {
      const answer = await fetch(`http://127.0.0.1:${port}/health`)
        .then(async (r) => `${r.status} ${((await r.json()) as { status: string }).status}`)
        .catch(() => undefined);
      if (answer && !started) seenWhileStarting.push(answer);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  const sandbox = new Sandbox({ flood: { enabled: false }, log: rootLogger });
  const telegram = await serveFetchHandler(createBotApiHandler(sandbox), { port: 0 });
  const app = await startApp(config, {
    log: rootLogger,
    pollingIntervalSeconds: 0.5,
    telegram: () => ({ token: sandbox.token, apiRoot: telegram.url }),
  });
  started = true;
  await polling;
  try {
    assert.ok(seenWhileStarting.length > 0, 'the server answered during the start');
    assert.equal([...new Set(seenWhileStarting)], ['503 starting']);
    const response = await fetch(`${app.url}/health`);
    assert.is(response.status, 200);
  } finally {
    await app.stop();
    await telegram.close();
    sandbox.close();
    await database.drop();
  }
});

test.run();
