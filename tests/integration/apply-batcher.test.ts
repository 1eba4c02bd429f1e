import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ApplyBatcher } from '../../src/runtime/apply-batcher.ts';
import { ActorConflictError } from '../../src/runtime/errors.ts';
import type { TransitionWrite } from '../../src/runtime/store.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let t: TestDatabase;
test.before(async () => {
  t = await createTestDatabase();
});
test.after(async () => {
  await t.drop();
});

const at = new Date('2026-12-05T10:00:00Z');

/** A transition of actor `id` from version `expected`, with one outbox row and one timer. */
function write(id: string, expected: number, count: number): TransitionWrite {
  return {
    actorId: id,
    machine: 'probe',
    machineVersion: 1,
    expectedVersion: expected,
    snapshotJson: JSON.stringify({ value: 'on', context: { count } }),
    state: 'on',
    at,
    eventType: 'INC',
    from: expected === 0 ? null : 'on',
    cancels: [],
    timers: [{ id: crypto.randomUUID(), sendId: `t${count}`, event: { type: 'TICK' }, dueAt: at }],
    effects: [{ type: 'probe.say', params: { count }, replyEvent: null }],
    leaseSeconds: 30,
  };
}

async function version(id: string): Promise<number | undefined> {
  const [row] = await t.db.query(sql`SELECT version FROM actors WHERE id = ${id}`);
  return (row as { version: number } | undefined)?.version;
}

test('transitions of many actors arriving together are written in a few statements, each answered', async () => {
  const sizes: number[] = [];
  const batcher = new ApplyBatcher(t.db, { onBatch: (n) => sizes.push(n) });
  const results = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      batcher.apply(write(`probe:many-${i}`, 0, 1), { updateId: 1000 + i }),
    ),
  );
  assert.ok(
    results.every((r) => r.status === 'applied' && r.effects.length === 1),
    'every one applied with its outbox row',
  );
  assert.is(
    sizes.reduce((a, b) => a + b, 0),
    40,
  );
  assert.ok(sizes.length <= 3, `40 transitions in ${sizes.length} statements`);
  const [{ n }] = (await t.db.query(
    sql`SELECT count(*)::int AS n FROM actor_events WHERE actor_id LIKE 'probe:many-%'`,
  )) as [{ n: number }];
  assert.is(n, 40);
  const keys = results.flatMap((r) => (r.status === 'applied' ? r.effects.map((e) => e.key) : []));
  assert.is(new Set(keys).size, 40, 'each outbox row its own idempotency key');
});

test('in one statement, an actor that moved on and an update already applied hold back no one else', async () => {
  const batcher = new ApplyBatcher(t.db);
  await Promise.all([
    batcher.apply(write('probe:a', 0, 1)),
    batcher.apply(write('probe:b', 0, 1)),
    batcher.apply(write('probe:c', 0, 1), { updateId: 2001 }),
  ]);
  const sizes: number[] = [];
  const second = new ApplyBatcher(t.db, { onBatch: (n) => sizes.push(n) });
  const outcomes = await Promise.allSettled([
    second.apply(write('probe:a', 1, 2)), // fresh
    second.apply(write('probe:b', 5, 2)), // read a version long gone
    second.apply(write('probe:c', 1, 2), { updateId: 2001 }), // the same update again
    second.apply(write('probe:d', 0, 1), { updateId: 2002 }), // a new actor
  ]);
  assert.equal(sizes, [4], 'one statement');
  assert.is(outcomes[0].status === 'fulfilled' && outcomes[0].value.status, 'applied');
  assert.ok(outcomes[1].status === 'rejected' && outcomes[1].reason instanceof ActorConflictError);
  assert.is(outcomes[2].status === 'fulfilled' && outcomes[2].value.status, 'duplicate');
  assert.is(outcomes[3].status === 'fulfilled' && outcomes[3].value.status, 'applied');
  assert.equal(
    [await version('probe:a'), await version('probe:b'), await version('probe:c'), await version('probe:d')],
    [2, 1, 1, 1],
  );
  // Nothing of the refused ones was written: no log row, no timer, no outbox row at version 2.
  const leftovers = await t.db.query(sql`
    SELECT actor_id FROM actor_events WHERE actor_id IN ('probe:b', 'probe:c') AND version = 2
    UNION ALL SELECT actor_id FROM outbox WHERE idempotency_key IN ('probe:b:2:0', 'probe:c:2:0')`);
  assert.equal(leftovers, []);
});

test('a statement that fails as a whole is retried transition by transition: nothing lost, nothing doubled', async () => {
  const sizes: number[] = [];
  const batcher = new ApplyBatcher(t.db, { onBatch: (n) => sizes.push(n) });
  // probe:e is created under the batch's feet: its insert finds the row and the statement raises.
  await t.db.query(sql`
    CREATE OR REPLACE FUNCTION probe_race() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.update_id = 3002 THEN
        INSERT INTO actors (id, machine, machine_version, version, snapshot, state)
        VALUES ('probe:e', 'probe', 1, 1, '{}', 'on') ON CONFLICT DO NOTHING;
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER probe_race BEFORE INSERT ON processed_updates FOR EACH ROW EXECUTE FUNCTION probe_race();`);
  try {
    const outcomes = await Promise.allSettled([
      batcher.apply(write('probe:f', 0, 1), { updateId: 3001 }),
      batcher.apply(write('probe:e', 0, 1), { updateId: 3002 }),
      batcher.apply(write('probe:g', 0, 1), { updateId: 3003 }),
    ]);
    assert.is(outcomes[0].status === 'fulfilled' && outcomes[0].value.status, 'applied');
    assert.ok(outcomes[1].status === 'rejected' && outcomes[1].reason instanceof ActorConflictError);
    assert.is(outcomes[2].status === 'fulfilled' && outcomes[2].value.status, 'applied');
    assert.equal(sizes, [], 'no statement of the three succeeded as a batch');
    const claimed = await t.db.query(
      sql`SELECT update_id FROM processed_updates WHERE update_id BETWEEN 3001 AND 3003 ORDER BY update_id`,
    );
    assert.equal(
      claimed.map((r: { update_id: number }) => Number(r.update_id)),
      [3001, 3003],
      'the update of the refused transition stays unclaimed, for its retry',
    );
  } finally {
    await t.db.query(sql`DROP TRIGGER probe_race ON processed_updates; DROP FUNCTION probe_race();`);
  }
});

test('a statement whose answer is lost is not written again: its transitions fail as single ones would', async () => {
  // The real pool, but the answer to the batch is lost after Postgres committed it (a connection
  // cut at the wrong moment): nothing tells the client whether it was written.
  const lost = Object.assign(new Error('Connection terminated unexpectedly'), { code: undefined });
  const pool = new Proxy(t.db, {
    get(target, key) {
      if (key !== 'query') return Reflect.get(target, key);
      return async (q: Parameters<typeof target.query>[0]) => {
        const result = await target.query(q as never);
        if (/lucien_apply_(many|set)/.test(JSON.stringify(q))) throw lost;
        return result;
      };
    },
  });
  const batcher = new ApplyBatcher(pool);
  const outcomes = await Promise.allSettled([
    batcher.apply(write('probe:lost-1', 0, 1)),
    batcher.apply(write('probe:lost-2', 0, 1)),
  ]);
  assert.ok(outcomes.every((o) => o.status === 'rejected' && o.reason === lost));
  assert.equal(
    [await version('probe:lost-1'), await version('probe:lost-2')],
    [1, 1],
    'written once, by the lost statement',
  );
});

test.run();
