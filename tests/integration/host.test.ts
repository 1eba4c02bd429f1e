import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { createTestHost } from '../helpers/host.ts';
import { probeDefinition } from '../helpers/machines.ts';

let t: TestDatabase;
test.before(async () => {
  t = await createTestDatabase();
});
test.after(async () => {
  await t.drop();
});

test('events continue from Postgres in a new host with an empty cache', async () => {
  const a = await createTestHost(t.db);
  for (let i = 0; i < 3; i++) await a.host.send('probe:round', { type: 'INC' });
  await a.close();
  const b = await createTestHost(t.db, { prefix: 'lucien-test:fresh:' });
  const result = await b.host.send('probe:round', { type: 'INC' });
  await b.close();
  assert.equal(result.status, 'applied');
  if (result.status !== 'applied') return;
  assert.equal(result.version, 4);
  assert.equal(result.snapshot.context.count, 4);
  const log = await t.db.query(
    sql`SELECT version, event_type FROM actor_events WHERE actor_id = 'probe:round' ORDER BY version`,
  );
  assert.equal(
    log.map((r: { version: number }) => r.version),
    [1, 2, 3, 4],
  );
});

test('50 concurrent events to one actor from two hosts are each applied exactly once', async () => {
  const a = await createTestHost(t.db, { prefix: 'lucien-test:shared:' });
  const b = await createTestHost(t.db, { prefix: 'lucien-test:shared:' });
  const sends = Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).host.send('probe:hot', { type: 'INC' }));
  const results = await Promise.all(sends);
  await a.close();
  await b.close();
  assert.ok(results.every((r) => r.status === 'applied'));
  const [row] = await t.db.query(sql`SELECT version, snapshot FROM actors WHERE id = 'probe:hot'`);
  assert.equal(row.version, 50);
  assert.equal(row.snapshot.context.count, 50);
  const [events] = await t.db.query(
    sql`SELECT count(*)::int AS n FROM actor_events WHERE actor_id = 'probe:hot'`,
  );
  assert.equal(events.n, 50);
});

test('the same update_id delivered twice makes one transition', async () => {
  const a = await createTestHost(t.db);
  const first = await a.host.send('probe:dup', { type: 'INC' }, { updateId: 9001 });
  const second = await a.host.send('probe:dup', { type: 'INC' }, { updateId: 9001 });
  const [third] = await Promise.all([
    a.host.send('probe:dup', { type: 'INC' }, { updateId: 9002 }),
    a.host.send('probe:dup', { type: 'INC' }, { updateId: 9002 }),
  ]);
  await a.close();
  assert.equal(first.status, 'applied');
  assert.equal(second.status, 'duplicate');
  assert.equal(third.status, 'applied');
  const stored = await a.host.read('probe:dup');
  assert.equal(stored?.version, 2);
});

test('outbound effects run after commit with idempotency keys in version order', async () => {
  const seen: string[] = [];
  const a = await createTestHost(t.db, {
    effects: {
      'test.ping': async (params, ctx) => {
        seen.push(`${ctx.idempotencyKey}:${params.count}`);
      },
    },
  });
  await a.host.send('probe:fx', { type: 'PING' });
  await a.host.send('probe:fx', { type: 'INC' });
  await a.host.send('probe:fx', { type: 'PING' });
  await a.close();
  assert.equal(seen, ['probe:fx:1:0:0', 'probe:fx:3:0:1']);
  const rows = await t.db.query(sql`SELECT status FROM outbox WHERE actor_id = 'probe:fx'`);
  assert.equal(
    rows.map((r: { status: string }) => r.status),
    ['done', 'done'],
  );
});

test("effects run a few at a time, every one of them, each actor's in order", async () => {
  let running = 0;
  let most = 0;
  const seen = new Map<string, number[]>();
  const a = await createTestHost(t.db, {
    maxConcurrentEffects: 3,
    effects: {
      'test.ping': async (params) => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 15));
        const { key, count } = params as { key: string; count: number };
        seen.set(key, [...(seen.get(key) ?? []), count]);
        running--;
        return undefined;
      },
    },
  });
  const actors = Array.from({ length: 10 }, (_, i) => `probe:slots-${i}`);
  await Promise.all(
    actors.map(async (id) => {
      await a.host.send(id, { type: 'PING' });
      await a.host.send(id, { type: 'INC' });
      await a.host.send(id, { type: 'PING' });
    }),
  );
  await a.close();
  assert.is(most, 3, 'three at once, never more');
  assert.is([...seen.values()].flat().length, 20);
  for (const id of actors)
    assert.equal(seen.get(id.slice('probe:'.length)), [0, 1], `${id}: in version order`);
  const [pending] = await t.db.query(
    sql`SELECT count(*)::int AS n FROM outbox WHERE actor_id LIKE 'probe:slots-%' AND status <> 'done'`,
  );
  assert.is(pending.n, 0);
});

test('an effect with a reply sends its result back to the actor once', async () => {
  const a = await createTestHost(t.db, { effects: { 'test.ask': async () => ({ answer: 42 }) } });
  await a.host.send('probe:ask', { type: 'ASK' });
  await a.host.executor.drain();
  await a.close();
  const context = (await a.host.read('probe:ask'))?.snapshot.context as {
    replies: number;
    lastReply: unknown;
  };
  assert.equal(context.replies, 1);
  assert.equal(context.lastReply, { answer: 42 });
});

test('a snapshot that no longer fits its machine is quarantined and the actor restarts', async () => {
  await t.db.query(sql`
    INSERT INTO actors (id, machine, machine_version, version, snapshot, state)
    VALUES ('probe:broken', 'probe', 1, 7, '{"status":"active","value":"nowhere","context":{}}', 'nowhere')`);
  const a = await createTestHost(t.db);
  const result = await a.host.send('probe:broken', { type: 'INC' });
  await a.close();
  assert.equal(result.status, 'applied');
  if (result.status !== 'applied') return;
  assert.equal(result.version, 8);
  assert.equal(result.state, 'idle');
  assert.equal(result.snapshot.context.count, 1);
  const [q] = await t.db.query(
    sql`SELECT version, reason FROM quarantined_snapshots WHERE actor_id = 'probe:broken'`,
  );
  assert.equal(q.version, 7);
  assert.match(q.reason, /nowhere/);
});

test('an older snapshot goes through the machine migration', async () => {
  await t.db.query(sql`
    INSERT INTO actors (id, machine, machine_version, version, snapshot, state)
    VALUES ('probe:old', 'probe', 0, 3, '{"status":"active","value":"idle","context":{"n":5,"key":"old"}}', 'idle')`);
  const migrated = {
    ...probeDefinition,
    migrate: (s: { context: unknown; value: unknown; status: string }) => {
      const old = s.context as { n: number; key: string };
      return { ...s, context: { count: old.n, key: old.key, replies: 0, lastReply: null } };
    },
  };
  const a = await createTestHost(t.db, { definitions: [migrated] });
  const result = await a.host.send('probe:old', { type: 'INC' });
  await a.close();
  assert.equal(result.status === 'applied' && result.snapshot.context.count, 6);
});

test('a 30-day delay is stored as a due date 30 days ahead', async () => {
  const a = await createTestHost(t.db);
  const before = a.clock.now();
  await a.host.send('probe:long', { type: 'LONG_WAIT' });
  await a.close();
  const [timer] = await t.db.query(sql`SELECT due_at FROM actor_timers WHERE actor_id = 'probe:long'`);
  const days = (timer.due_at.getTime() - before) / 86_400_000;
  assert.ok(days >= 29.99 && days <= 30.01, `due in ${days} days`);
});

test('leaving a timed state deletes its timer so it never fires', async () => {
  const a = await createTestHost(t.db);
  await a.host.send('probe:leave', { type: 'WAIT', ms: 1000 });
  const [timer] = await t.db.query(sql`SELECT id FROM actor_timers WHERE actor_id = 'probe:leave'`);
  await a.host.send('probe:leave', { type: 'LEAVE' });
  a.clock.advance(5_000);
  assert.equal(await a.host.fireTimer(timer.id), false);
  assert.equal(await a.host.fireDueTimers(), 0);
  await a.close();
  assert.equal((await a.host.read('probe:leave'))?.state, 'idle');
});

test('a due timer fires once however often it is delivered', async () => {
  const a = await createTestHost(t.db);
  await a.host.send('probe:ring', { type: 'WAIT', ms: 1000 });
  const [timer] = await t.db.query(sql`SELECT id FROM actor_timers WHERE actor_id = 'probe:ring'`);
  const fired = await Promise.all([
    a.host.fireTimer(timer.id),
    a.host.fireTimer(timer.id),
    a.host.fireDueTimers(),
  ]);
  await a.close();
  assert.equal(fired.filter((f) => f === true || f === 1).length, 1);
  const stored = await a.host.read('probe:ring');
  assert.equal(stored?.state, 'rang');
  assert.equal(stored?.version, 2);
});

test('a batch of due timers fires in one transaction; an actor that fails holds back no other', async () => {
  const a = await createTestHost(t.db);
  const ids = Array.from({ length: 25 }, (_, i) => `probe:wave-${String(i).padStart(2, '0')}`);
  for (const id of ids) await a.host.send(id, { type: 'WAIT', ms: 1000 });
  const timerIds = async () =>
    (
      await t.db.query(sql`SELECT id FROM actor_timers WHERE actor_id LIKE 'probe:wave-%' ORDER BY actor_id`)
    ).map((r: { id: string }) => r.id);
  const all = await timerIds();
  assert.is(all.length, 25);
  // The first ten in one go; the same ten again fire nothing.
  // Transactions opened on the pool the host writes through, counted in place.
  let transactions = 0;
  const pool = t.db as unknown as { tx: typeof t.db.tx };
  const tx = t.db.tx.bind(t.db);
  pool.tx = ((work: Parameters<typeof tx>[0], options?: Parameters<typeof tx>[1]) => {
    transactions++;
    return tx(work, options);
  }) as typeof t.db.tx;
  try {
    assert.is(await a.host.fireTimers(all.slice(0, 10)), 10);
    assert.is(transactions, 1, 'ten timers, one transaction');
    assert.is(await a.host.fireTimers(all.slice(0, 10)), 0);
  } finally {
    pool.tx = tx;
  }
  // probe:wave-12 cannot be written (its log row is refused): the others of its batch fire anyway.
  await t.db.query(sql`
    CREATE FUNCTION probe_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.actor_id = 'probe:wave-12' THEN RAISE EXCEPTION 'refused for the test'; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER probe_refuse BEFORE INSERT ON actor_events FOR EACH ROW EXECUTE FUNCTION probe_refuse();`);
  try {
    const rest = await timerIds();
    const outcome = await a.host.fireTimers(rest).then(
      () => 'fired',
      (error: Error) => error.message,
    );
    assert.match(outcome, /refused for the test/);
  } finally {
    await t.db.query(sql`DROP TRIGGER probe_refuse ON actor_events; DROP FUNCTION probe_refuse();`);
  }
  try {
    const states = await Promise.all(ids.map(async (id) => (await a.host.read(id))?.state));
    assert.equal(
      ids.filter((_, i) => states[i] !== 'rang'),
      ['probe:wave-12'],
      'when the batch answers, every other timer has fired',
    );
    assert.equal((await timerIds()).length, 1, 'its timer is still there, for the job to retry');
    assert.is(await a.host.fireTimers(await timerIds()), 1);
  } finally {
    await a.close();
  }
});

test.run();
