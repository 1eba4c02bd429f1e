import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { JobQueue } from '../../src/adapters/queue/boss.ts';
import type { App } from '../../src/app.ts';
import { rootLogger } from '../../src/log.ts';
import { advanceClock } from '../../src/sandbox/time-travel.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { createTestHost, type TestHost } from '../helpers/host.ts';
import { startJourney } from '../helpers/journey.ts';

const DAY = 86_400_000;
let t: TestDatabase;
let app: TestHost;
let queue: JobQueue;

test.before(async () => {
  t = await createTestDatabase();
  app = await createTestHost(t.db);
  queue = new JobQueue({ url: t.url, clock: app.clock, log: rootLogger, pollingIntervalSeconds: 0.5 });
  await queue.start();
  app.host.useTimerQueue(queue);
  await queue.work({ fireTimers: (ids) => app.host.fireTimers(ids), maintain: async () => {} });
});
test.after(async () => {
  await queue.stop();
  await app.close();
  await t.drop();
});

test('a timer one day away fires after advancing the clock a day, not before', async () => {
  const asApp = { clock: app.clock, queue, host: app.host } as unknown as App;
  await app.host.send('probe:day', { type: 'WAIT', ms: DAY });
  const jobStart = async () =>
    (
      await t.db.query(
        sql`SELECT j.start_after FROM pgboss.job j JOIN actor_timers a ON a.id = j.id WHERE a.actor_id = 'probe:day'`,
      )
    )[0]?.start_after as Date | undefined;
  const before = await jobStart();

  const early = await advanceClock(asApp, 23 * 3600);
  assert.is(early.fired, 0);
  assert.is((await app.host.read('probe:day'))?.state, 'waiting', 'not yet: one hour is left');
  const moved = await jobStart();
  assert.ok(
    before && moved && before.getTime() - moved.getTime() > 23 * 3600_000 - 1000,
    'the job moved earlier too',
  );

  const late = await advanceClock(asApp, 3600);
  assert.is(late.fired, 1);
  assert.is((await app.host.read('probe:day'))?.state, 'rang');
  assert.ok(Date.parse(late.now) - Date.now() >= DAY - 1000, 'the clock reads a day ahead');
});

test('POST /sandbox/clock/advance moves the app clock and rejects a bad body', async () => {
  const journey = await startJourney({ mode: 'polling' });
  try {
    const url = `${journey.app.url}/sandbox/clock/advance`;
    const bad = await fetch(url, { method: 'POST', body: '{"seconds": -5}' });
    assert.is(bad.status, 400);
    const ok = await fetch(url, { method: 'POST', body: JSON.stringify({ seconds: 3 * 86_400 }) });
    assert.is(ok.status, 200);
    const body = await ok.json();
    assert.ok(Date.parse(body.now) - Date.now() > 3 * DAY - 5000);
    assert.ok(journey.app.clock.offsetMs >= 3 * DAY);
  } finally {
    await journey.stop();
  }
});

test.run();
