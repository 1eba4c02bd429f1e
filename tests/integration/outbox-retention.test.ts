import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rootLogger } from '../../src/log.ts';
import { runMaintenance } from '../../src/runtime/maintenance.ts';
import { markEffectDone } from '../../src/runtime/outbox.ts';
import { claimUpdate } from '../../src/runtime/store.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { createTestHost } from '../helpers/host.ts';

let t: TestDatabase;
test.before(async () => {
  t = await createTestDatabase();
});
test.after(async () => {
  await t.drop();
});

/** The index names a plan reads, from EXPLAIN's JSON. */
async function indexesOf(statement: ReturnType<typeof sql>): Promise<string[]> {
  const [row] = await t.db.query(sql`EXPLAIN (FORMAT JSON) ${statement}`);
  const found: string[] = [];
  const walk = (node: Record<string, unknown>) => {
    if (typeof node['Index Name'] === 'string') found.push(node['Index Name']);
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk((row['QUERY PLAN'] as { Plan: Record<string, unknown> }[])[0]?.Plan ?? {});
  return found;
}

test('with a long history of done effects, marking one done reads it by its key, not the pending index', async () => {
  // A bot that has run a while: many done effects, a few pending, statistics up to date. The
  // pending index then looks tiny to the planner but holds every effect written since the last
  // vacuum; reading it for one id made each done-mark slower as traffic grew.
  await t.db.query(sql`
    INSERT INTO outbox (actor_id, idempotency_key, effect_type, params, status, done_at, available_at)
    SELECT 'probe:' || (g % 500), 'probe:' || g || ':1:0', 'test.noop', '{}', 'done', now(), now()
    FROM generate_series(1, 20000) AS g`);
  const pending = (await t.db.query(sql`
    INSERT INTO outbox (actor_id, idempotency_key, effect_type, params, available_at)
    SELECT 'probe:p' || g, 'probe:p' || g || ':1:0', 'test.noop', '{}', now() - interval '1 hour'
    FROM generate_series(1, 5) AS g RETURNING id`)) as { id: number }[];
  await t.db.query(sql`ANALYZE outbox`);

  const id = pending[0]?.id ?? 0;
  const doneMark = sql`UPDATE outbox SET status = 'done', done_at = now() WHERE id = ${id} AND status = 'pending'`;
  assert.equal(await indexesOf(doneMark), ['outbox_pkey']);
  const manyDone = sql`UPDATE outbox SET status = 'done', done_at = now() WHERE id = ANY(${[id]}) AND status = 'pending'`;
  assert.equal(await indexesOf(manyDone), ['outbox_pkey']);
  const sweep = sql`SELECT id FROM outbox WHERE done_at IS NULL AND available_at <= now() ORDER BY id LIMIT 10`;
  assert.ok(
    (await indexesOf(sweep)).includes('outbox_pending'),
    'the sweeper still finds pending effects by index',
  );

  assert.ok(await markEffectDone(t.db, id), 'a pending effect is marked done');
  assert.not.ok(await markEffectDone(t.db, id), 'and only once');
});

test('a row cannot be pending with a done time, nor done without one', async () => {
  for (const [status, doneAt] of [
    ['pending', sql`now()`],
    ['done', sql`NULL`],
  ] as const) {
    let refused = false;
    try {
      await t.db.query(sql`
        INSERT INTO outbox (actor_id, idempotency_key, effect_type, params, status, done_at, available_at)
        VALUES ('probe:bad', ${`probe:bad:${status}`}, 'test.noop', '{}', ${status}, ${doneAt}, now())`);
    } catch (error) {
      refused = /outbox_pending_has_no_done_at/.test(String(error));
    }
    assert.ok(refused, `${status} refused`);
  }
});

test('maintenance deletes update ids and done effects older than a week by the database clock, and nothing else', async () => {
  await t.db.query(sql`DELETE FROM outbox`);
  await t.db.query(sql`
    INSERT INTO processed_updates (update_id, processed_at) VALUES
      (1, now() - interval '8 days'), (2, now() - interval '8 days'), (3, now() - interval '1 day')`);
  await t.db.query(sql`
    INSERT INTO outbox (actor_id, idempotency_key, effect_type, params, status, done_at, created_at, available_at, last_error)
    VALUES
      ('probe:r', 'probe:r:1:0', 'test.noop', '{}', 'done', now() - interval '8 days', now() - interval '8 days', now(), NULL),
      ('probe:r', 'probe:r:2:0', 'test.noop', '{}', 'done', now() - interval '1 day', now() - interval '1 day', now(), NULL),
      ('probe:r', 'probe:r:3:0', 'test.noop', '{}', 'failed', now() - interval '8 days', now() - interval '8 days', now(), 'refused'),
      ('probe:r', 'probe:r:4:0', 'test.noop', '{}', 'pending', NULL, now() - interval '8 days', now() + interval '1 hour', NULL)`);
  const app = await createTestHost(t.db, { redis: false });
  // The sandbox's time travel moves the app's clock; retention goes by Postgres's own.
  app.clock.advance(30 * 86_400_000);
  try {
    await runMaintenance(app.host, rootLogger);
  } finally {
    await app.close();
  }
  const updates = await t.db.query(sql`SELECT update_id FROM processed_updates ORDER BY update_id`);
  assert.equal(
    updates.map((r: { update_id: number }) => Number(r.update_id)),
    [3],
  );
  const effects = await t.db.query(sql`SELECT idempotency_key FROM outbox ORDER BY id`);
  assert.equal(
    effects.map((r: { idempotency_key: string }) => r.idempotency_key),
    ['probe:r:2:0', 'probe:r:3:0', 'probe:r:4:0'],
    'the recent done effect, the failed one and the pending one stay',
  );
  assert.not.ok(await claimUpdate(t.db, 3), 'an update of yesterday is still recognised as applied');
});

test.run();
