import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { JobQueue } from '../../src/adapters/queue/boss.ts';
import { rootLogger } from '../../src/log.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { createTestHost, type TestHost } from '../helpers/host.ts';

let t: TestDatabase;
test.before(async () => {
  t = await createTestDatabase();
});
test.after(async () => {
  await t.drop();
});

async function startApp(): Promise<{ app: TestHost; queue: JobQueue; stop(): Promise<void> }> {
  const app = await createTestHost(t.db);
  const queue = new JobQueue({ url: t.url, clock: app.clock, log: rootLogger, pollingIntervalSeconds: 0.5 });
  await queue.start();
  app.host.useTimerQueue(queue);
  await queue.work({ fireTimers: (ids) => app.host.fireTimers(ids), maintain: async () => {} });
  return {
    app,
    queue,
    async stop() {
      await queue.stop();
      await app.close();
    },
  };
}

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

test('a timer from `after` fires after the host restarts', async () => {
  const first = await startApp();
  await first.app.host.send('probe:restart', { type: 'WAIT', ms: 2000 });
  const [job] = await t.db.query(sql`
    SELECT j.state FROM pgboss.job j JOIN actor_timers t ON t.id = j.id WHERE t.actor_id = 'probe:restart'`);
  assert.equal(job.state, 'created', 'the job was queued with the timer row id');
  await first.stop();
  assert.equal((await first.app.host.read('probe:restart'))?.state, 'waiting');

  const second = await startApp();
  const rang = await waitFor(
    async () => (await second.app.host.read('probe:restart'))?.state === 'rang',
    8000,
  );
  await second.stop();
  assert.ok(rang, 'the timer fired in the new process');
  const events = await t.db.query(
    sql`SELECT event_type FROM actor_events WHERE actor_id = 'probe:restart' ORDER BY version`,
  );
  assert.equal(
    events.map((e: { event_type: string }) => e.event_type),
    ['WAIT', 'xstate.after.shortWait.probe.waiting'],
  );
  const [left] = await t.db.query(
    sql`SELECT count(*)::int AS n FROM actor_timers WHERE actor_id = 'probe:restart'`,
  );
  assert.equal(left.n, 0);
});

test('a cancelled timer job never moves the actor', async () => {
  const app = await startApp();
  await app.app.host.send('probe:cancel', { type: 'WAIT', ms: 800 });
  await app.app.host.send('probe:cancel', { type: 'LEAVE' });
  await new Promise((r) => setTimeout(r, 2500));
  await app.stop();
  const stored = await app.app.host.read('probe:cancel');
  assert.equal(stored?.state, 'idle');
  assert.equal(stored?.version, 2);
});

test('the reconciler re-sends a timer whose job went missing', async () => {
  const app = await startApp();
  await app.app.host.send('probe:lost', { type: 'WAIT', ms: 1500 });
  await t.db.query(
    sql`DELETE FROM pgboss.job WHERE id IN (SELECT id FROM actor_timers WHERE actor_id = 'probe:lost')`,
  );
  assert.equal(await app.app.host.reconcileTimers(), 1);
  const rang = await waitFor(async () => (await app.app.host.read('probe:lost'))?.state === 'rang', 8000);
  await app.stop();
  assert.ok(rang);
});

test('a job set to wake after its timer is due (the clock jumped) is moved earlier by the reconciler', async () => {
  const app = await startApp();
  try {
    await app.app.host.send('probe:late-job', { type: 'WAIT', ms: 60 * 60_000 });
    // The clock jumps past the timer, but its job is left where it was: as when the process died
    // between moving the clock and moving the jobs.
    app.app.clock.advance(2 * 60 * 60_000);
    const rangEarly = await waitFor(
      async () => (await app.app.host.read('probe:late-job'))?.state === 'rang',
      1500,
    );
    assert.not.ok(rangEarly, 'the job still waits for its old wake-up time');
    assert.ok((await app.app.host.reconcileTimers()) >= 1);
    const rang = await waitFor(
      async () => (await app.app.host.read('probe:late-job'))?.state === 'rang',
      8000,
    );
    assert.ok(rang, 'the timer fired once its job was moved to its due time');
  } finally {
    await app.stop();
  }
});

test.run();
