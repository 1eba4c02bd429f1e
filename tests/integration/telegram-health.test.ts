import { createServer, type Server } from 'node:http';
import { Api } from 'grammy';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createCache, type SnapshotCache } from '../../src/adapters/cache/index.ts';
import { JobQueue } from '../../src/adapters/queue/boss.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { rootLogger } from '../../src/log.ts';
import { TelegramProbe } from '../../src/observability/telegram-probe.ts';
import { Clock } from '../../src/runtime/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { startJourney } from '../helpers/journey.ts';
import { type Harness, startSandbox } from '../sandbox/harness.ts';

let t: TestDatabase;
let queue: JobQueue;
let cache: SnapshotCache;
test.before(async () => {
  t = await createTestDatabase();
  queue = new JobQueue({ url: t.url, clock: new Clock(), log: rootLogger });
  await queue.start();
  cache = await createCache({ log: rootLogger });
});
test.after(async () => {
  await queue.stop();
  await cache.close();
  await t.drop();
});

/** A probe on a grammY Api pointed at `apiRoot`, with a clock the test moves. */
function probeOn(apiRoot: string, token: string) {
  let now = 1_000_000;
  const probe = new TelegramProbe({ now: () => now });
  probe.attach(new Api(token, { apiRoot }));
  const app = createHttpApp({
    log: rootLogger,
    webhook: async () => new Response(null, { status: 204 }),
    health: {
      db: t.db,
      cache,
      queue,
      version: '1.0.0',
      startedAt: Date.now(),
      extra: { telegram: () => probe.check() },
    },
  });
  return {
    probe,
    advance: (ms: number) => {
      now += ms;
    },
    async health() {
      const response = await app.fetch(new Request('http://localhost/health'));
      const text = await response.text();
      return { status: response.status, text, body: JSON.parse(text) };
    },
  };
}

const getMeCalls = (h: Harness) => h.sandbox.calls({ method: 'getMe' }).length;

test('reachable: ok, and a recent success answers without calling Telegram again', async () => {
  const h = await startSandbox();
  try {
    const p = probeOn(h.url, h.sandbox.token);
    const first = await p.health();
    assert.is(first.status, 200);
    assert.is(first.body.status, 'healthy');
    assert.equal(first.body.checks.telegram, { status: 'ok', lastSuccessSecondsAgo: 0 });
    assert.is(getMeCalls(h), 1);
    p.advance(12_000);
    const later = await p.health();
    assert.equal(later.body.checks.telegram, { status: 'ok', lastSuccessSecondsAgo: 12 });
    assert.is(getMeCalls(h), 1, 'the success 12 s ago was enough');
  } finally {
    await h.close();
  }
});

test('Telegram failing: degraded with 200, the answer kept for 30 s, then probed again', async () => {
  const h = await startSandbox();
  try {
    const p = probeOn(h.url, h.sandbox.token);
    await p.health();
    p.advance(31_000);
    h.sandbox.failNext('getMe', { error_code: 502, description: 'Bad Gateway' });
    const failing = await p.health();
    assert.is(failing.status, 200, 'Telegram down never fails the deploy');
    assert.is(failing.body.status, 'degraded');
    assert.equal(failing.body.checks.telegram, {
      status: 'degraded',
      detail: 'refused',
      lastSuccessSecondsAgo: 31,
    });
    assert.is(getMeCalls(h), 2);

    p.advance(10_000);
    const cached = await p.health();
    assert.is(cached.body.checks.telegram.status, 'degraded', 'the failed probe is kept for 30 s');
    assert.is(getMeCalls(h), 2, 'no getMe while the answer is fresh');

    p.advance(21_000);
    const recovered = await p.health();
    assert.equal(recovered.body.checks.telegram, { status: 'ok', lastSuccessSecondsAgo: 0 });
    assert.is(recovered.body.status, 'healthy');
    assert.is(getMeCalls(h), 3);
  } finally {
    await h.close();
  }
});

test('Telegram unreachable (the emulator closed): degraded with 200, and no token in the body', async () => {
  const h = await startSandbox();
  const p = probeOn(h.url, h.sandbox.token);
  await p.health();
  await h.close();
  p.advance(30_001);
  const { status, body, text } = await p.health();
  assert.is(status, 200);
  assert.is(body.status, 'degraded');
  assert.equal(body.checks.telegram, {
    status: 'degraded',
    detail: 'unreachable',
    lastSuccessSecondsAgo: 30,
  });
  assert.not.ok(text.includes(h.sandbox.token));
  assert.not.ok(text.includes(h.url), 'no Bot API address');
});

test('Telegram hanging: the probe gives up after its short timeout and reports degraded', async () => {
  const held: import('node:http').ServerResponse[] = [];
  const server: Server = createServer((_req, res) => {
    held.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    const token = '123456:HANGINGtokenHANGINGtoken0123';
    const p = probeOn(`http://127.0.0.1:${port}`, token);
    const { status, body, text } = await p.health();
    assert.is(status, 200);
    assert.is(body.checks.telegram.status, 'degraded');
    assert.not.ok(text.includes(token));
    assert.is(held.length, 1, 'one probe, not one per retry');
  } finally {
    for (const res of held) res.destroy();
    server.close();
  }
});

test('the running app reports Telegram ok from its own calls, without its token', async () => {
  const j = await startJourney({ mode: 'polling' });
  try {
    const response = await fetch(`${j.app.url}/health`);
    const text = await response.text();
    const body = JSON.parse(text);
    assert.is(response.status, 200);
    assert.is(body.checks.telegram.status, 'ok');
    assert.type(body.checks.telegram.lastSuccessSecondsAgo, 'number');
    assert.not.ok(text.includes(j.sandbox.token));
  } finally {
    await j.stop();
  }
});

test.run();
