import { type ConnectionPool, sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type Claim, type TransitionWrite, transitionItem } from '../../src/runtime/store.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

/**
 * lucien_apply_set (013) writes a batch table by table; lucien_apply_many (009) wrote it item by
 * item. The same batch on two identical databases must give the same answers and leave the same
 * rows, for every kind of item: new and existing actors, a conflict, claims of updates and of
 * effects, duplicates of both, cancelled and new timers, outbox rows.
 */
let byItem: TestDatabase;
let bySet: TestDatabase;
test.before(async () => {
  [byItem, bySet] = await Promise.all([createTestDatabase(), createTestDatabase()]);
});
test.after(async () => {
  await Promise.all([byItem.drop(), bySet.drop()]);
});

const at = new Date('2026-12-05T10:00:00Z');
const TIMER_A1 = '00000000-0000-4000-8000-0000000000a1';
const TIMER_A2 = '00000000-0000-4000-8000-0000000000a2';

/** The same rows in both databases: actors at known versions, a claimed update, two outbox rows. */
async function fixture(db: ConnectionPool): Promise<void> {
  await db.query(sql`
    INSERT INTO actors (id, machine, machine_version, version, snapshot, state, created_at, updated_at)
    VALUES ('p:a', 'probe', 1, 3, '{"n": 3}', 'on', ${at}, ${at}),
           ('p:b', 'probe', 1, 5, '{"n": 5}', 'asking', ${at}, ${at}),
           ('p:c', 'probe', 1, 2, '{"n": 2}', 'on', ${at}, ${at}),
           ('p:d', 'probe', 1, 2, '{"n": 2}', 'on', ${at}, ${at}),
           ('p:e', 'probe', 1, 1, '{"n": 1}', 'asking', ${at}, ${at});
    INSERT INTO actor_timers (id, actor_id, send_id, event, due_at)
    VALUES (${TIMER_A1}, 'p:a', 's1', '{"type": "T1"}', ${at}),
           (${TIMER_A2}, 'p:a', 's2', '{"type": "T2"}', ${at});
    INSERT INTO processed_updates (update_id) VALUES (900);
    INSERT INTO outbox (id, actor_id, idempotency_key, effect_type, params, status, available_at, done_at)
    VALUES (7001, 'p:b', 'p:b:5:0', 'probe.ask', '{}', 'pending', ${at}, NULL),
           (7002, 'p:e', 'p:e:1:0', 'probe.ask', '{}', 'done', ${at}, ${at});
    SELECT setval('outbox_id_seq', 8000);`);
}

function write(actorId: string, expected: number, extra: Partial<TransitionWrite> = {}): TransitionWrite {
  return {
    actorId,
    machine: 'probe',
    machineVersion: 1,
    expectedVersion: expected,
    snapshotJson: JSON.stringify({ n: expected + 1 }),
    state: 'on',
    at,
    eventType: 'GO',
    from: expected === 0 ? null : 'on',
    cancels: [],
    timers: [],
    effects: [],
    leaseSeconds: 30,
    ...extra,
  };
}

const batch: [TransitionWrite, Claim | undefined][] = [
  [
    write('p:a', 3, {
      cancels: ['s1'],
      timers: [
        { id: '00000000-0000-4000-8000-0000000000b1', sendId: 's3', event: { type: 'T3' }, dueAt: at },
      ],
      effects: [
        { type: 'probe.say', params: { n: 1 }, replyEvent: null },
        { type: 'probe.ask', params: { n: 2 }, replyEvent: 'ANSWERED' },
      ],
    }),
    { updateId: 901 },
  ],
  [write('p:b', 5, { eventType: 'ANSWERED' }), { effectId: 7001 }],
  [write('p:c', 1), { updateId: 902 }],
  [write('p:d', 2), { updateId: 900 }],
  [write('p:e', 1, { eventType: 'ANSWERED' }), { effectId: 7002, error: 'too late' }],
  [
    write('p:new', 0, { effects: [{ type: 'probe.say', params: { hello: true }, replyEvent: null }] }),
    { updateId: 903 },
  ],
];

async function apply(db: ConnectionPool, fn: 'lucien_apply_many' | 'lucien_apply_set'): Promise<unknown> {
  const items = `[${batch.map(([w, c]) => transitionItem(w, c)).join(',')}]`;
  const [row] = await db.query(sql`SELECT ${sql.ident(fn)}(${items}::jsonb) AS r`);
  return (row as { r: unknown }).r;
}

/** Every row the functions write, without the columns Postgres fills with the clock. */
async function rows(db: ConnectionPool): Promise<unknown> {
  return {
    actors: await db.query(sql`SELECT id, version, snapshot, state, updated_at FROM actors ORDER BY id`),
    events: await db.query(
      sql`SELECT actor_id, version, event_type, from_state, to_state FROM actor_events ORDER BY actor_id, version`,
    ),
    timers: await db.query(sql`SELECT id, actor_id, send_id, event FROM actor_timers ORDER BY id`),
    updates: await db.query(sql`SELECT update_id FROM processed_updates ORDER BY update_id`),
    outbox: await db.query(sql`
      SELECT id, actor_id, idempotency_key, effect_type, params, reply_event, status, attempts, last_error,
             done_at IS NOT NULL AS finished
      FROM outbox ORDER BY id`),
  };
}

test('the set-based batch answers and writes exactly what the item-by-item one does', async () => {
  await Promise.all([fixture(byItem.db), fixture(bySet.db)]);
  const expected = await apply(byItem.db, 'lucien_apply_many');
  const answered = await apply(bySet.db, 'lucien_apply_set');
  assert.equal(answered, expected);
  assert.equal(
    (answered as { status: string }[]).map((r) => r.status),
    ['applied', 'applied', 'conflict', 'duplicate', 'duplicate', 'applied'],
  );
  const [a] = answered as { cancelled: string[]; effects: [number, string][] }[];
  assert.equal(a?.cancelled, [TIMER_A1]);
  assert.equal(
    a?.effects.map(([, key]) => key),
    ['p:a:4:0', 'p:a:4:1'],
  );
  assert.equal(await rows(bySet.db), await rows(byItem.db));
});

test('an actor given twice in one batch: the second is a conflict, the first is written', async () => {
  const items = `[${[transitionItem(write('p:twice', 0)), transitionItem(write('p:twice', 1))].join(',')}]`;
  const [row] = await bySet.db.query(sql`SELECT lucien_apply_set(${items}::jsonb) AS r`);
  assert.equal(
    (row as { r: { status: string }[] }).r.map((r) => r.status),
    ['applied', 'conflict'],
  );
  const [actor] = await bySet.db.query(sql`SELECT version FROM actors WHERE id = 'p:twice'`);
  assert.is(actor.version, 1);
});

test.run();
