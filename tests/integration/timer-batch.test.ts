import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assign, setup } from 'xstate';
import type { MachineDefinition } from '../../src/runtime/types.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { createTestHost, type TestHost } from '../helpers/host.ts';

/**
 * A batch of due timers is written together: one statement for all the transitions, one per
 * kind of domain write that can take many. These tests check that nothing of what each single
 * transition would have done is lost or reordered on the way, and what happens when an actor
 * moves on while its batch is being written.
 */
const ledgerMachine = setup({
  types: {} as {
    context: { key: string; n: number };
    events: { type: 'WAIT' } | { type: 'INC' };
    input: { key: string };
  },
  actions: {
    'db.test.note': (_, _params: { key: string; n: number }) => {},
    'db.test.tally': (_, _params: { key: string }) => {},
  },
}).createMachine({
  id: 'ledger',
  context: ({ input }) => ({ key: input.key, n: 0 }),
  initial: 'idle',
  on: { INC: { actions: assign({ n: ({ context }) => context.n + 1 }) } },
  states: {
    idle: { on: { WAIT: 'waiting' } },
    waiting: {
      after: {
        1000: {
          target: 'rang',
          actions: [
            { type: 'db.test.note', params: ({ context }) => ({ key: context.key, n: context.n }) },
            { type: 'db.test.tally', params: ({ context }) => ({ key: context.key }) },
          ],
        },
      },
    },
    rang: {},
  },
});

const ledger: MachineDefinition = {
  name: 'ledger',
  version: 1,
  machine: ledgerMachine,
  input: (key) => ({ key }),
};

let t: TestDatabase;
test.before(async () => {
  t = await createTestDatabase();
  await t.db.query(
    sql`CREATE TABLE test_ledger (seq bigserial PRIMARY KEY, actor text NOT NULL, kind text NOT NULL, n integer)`,
  );
});
test.after(async () => {
  await t.drop();
});

interface Calls {
  noteBatches: number[];
  singles: string[];
  /** Runs inside the first note batch, once (a concurrent writer). */
  during?: () => Promise<void>;
}

/** A note row; the actor column holds the machine's key. */
function noteRow(p: Record<string, unknown>) {
  return sql`(${String(p.key)}, 'note', ${Number(p.n)})`;
}

async function ledgerHost(calls: Calls): Promise<TestHost> {
  return createTestHost(t.db, {
    definitions: [ledger],
    dbEffects: {
      'db.test.note': async (tx, p) => {
        calls.singles.push(`note:${String(p.key)}`);
        await tx.query(sql`INSERT INTO test_ledger (actor, kind, n) VALUES ${noteRow(p)}`);
      },
      'db.test.tally': async (tx, p) => {
        calls.singles.push(`tally:${String(p.key)}`);
        await tx.query(sql`INSERT INTO test_ledger (actor, kind) VALUES (${String(p.key)}, 'tally')`);
      },
    },
    dbEffectBatches: {
      'db.test.note': async (tx, items) => {
        calls.noteBatches.push(items.length);
        const during = calls.during;
        calls.during = undefined;
        await during?.();
        await tx.query(
          sql`INSERT INTO test_ledger (actor, kind, n) VALUES ${sql.join(
            items.map((i) => noteRow(i.params)),
            ', ',
          )}`,
        );
      },
    },
  });
}

async function waitingLedgers(a: TestHost, prefix: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `ledger:${prefix}-${String(i).padStart(2, '0')}`);
  for (const id of ids) await a.host.send(id, { type: 'WAIT' });
  const rows = await t.db.query(
    sql`SELECT id FROM actor_timers WHERE actor_id LIKE ${`ledger:${prefix}-%`} ORDER BY actor_id`,
  );
  assert.is(rows.length, count);
  return rows.map((r: { id: string }) => r.id);
}

async function ledgerRows(prefix: string): Promise<{ actor: string; kind: string; n: number | null }[]> {
  return t.db.query(
    sql`SELECT 'ledger:' || actor AS actor, kind, n FROM test_ledger WHERE actor LIKE ${`${prefix}-%`} ORDER BY seq`,
  );
}

test('ten timers with domain writes: one batch write per kind that has one, the rest in order', async () => {
  const calls: Calls = { noteBatches: [], singles: [] };
  const a = await ledgerHost(calls);
  const timers = await waitingLedgers(a, 'wave', 10);
  let statements = 0;
  const pool = t.db as unknown as { tx: typeof t.db.tx };
  const tx = t.db.tx.bind(t.db);
  pool.tx = ((work: Parameters<typeof tx>[0], options?: Parameters<typeof tx>[1]) =>
    tx((inner) => {
      const query = inner.query.bind(inner);
      (inner as unknown as { query: typeof query }).query = ((q: Parameters<typeof query>[0]) => {
        statements++;
        return query(q);
      }) as typeof query;
      return work(inner);
    }, options)) as typeof t.db.tx;
  try {
    assert.is(await a.host.fireTimers(timers), 10);
  } finally {
    pool.tx = tx;
    await a.close();
  }
  assert.equal(calls.noteBatches, [10], 'the ten notes in one call');
  assert.is(calls.singles.filter((s) => s.startsWith('note')).length, 0);
  assert.is(calls.singles.length, 10, 'the tallies one by one');
  // take the timers, read the actors, the notes, ten tallies, the transitions
  assert.is(statements, 1 + 1 + 1 + 10 + 1);
  const rows = await ledgerRows('wave');
  assert.is(rows.length, 20);
  for (let i = 0; i < 10; i++) {
    const actor = `ledger:wave-${String(i).padStart(2, '0')}`;
    const mine = rows.filter((r) => r.actor === actor).map((r) => r.kind);
    assert.equal(mine, ['note', 'tally'], `${actor}: its writes in the order its machine gave them`);
    const stored = await a.host.read(actor);
    assert.is(stored?.state, 'rang');
    assert.is(stored?.version, 2);
  }
  const [left] = await t.db.query(
    sql`SELECT count(*)::int AS n FROM actor_timers WHERE actor_id LIKE 'ledger:wave-%'`,
  );
  assert.is(left.n, 0);
});

test('an actor that moves on while its batch is written: nothing written twice, every timer fires', async () => {
  const calls: Calls = { noteBatches: [], singles: [] };
  const a = await ledgerHost(calls);
  const timers = await waitingLedgers(a, 'race', 10);
  const moved = 'ledger:race-04';
  // Another writer commits an event to one of the batch's actors between its read and its write.
  calls.during = async () => {
    const result = await a.host.send(moved, { type: 'INC' });
    assert.is(result.status, 'applied');
  };
  try {
    assert.is(await a.host.fireTimers(timers), 10);
  } finally {
    await a.close();
  }
  assert.equal(calls.noteBatches, [10], 'the batch was tried once');
  const rows = await ledgerRows('race');
  assert.is(rows.length, 20, 'the rolled-back batch left no row behind');
  const notes = rows.filter((r) => r.kind === 'note');
  assert.is(new Set(notes.map((r) => r.actor)).size, 10);
  assert.equal(notes.find((r) => r.actor === moved)?.n, 1, 'the timer fired on top of the concurrent event');
  const stored = await a.host.read(moved);
  assert.is(stored?.state, 'rang');
  assert.is(stored?.version, 3);
  const events = await t.db.query(
    sql`SELECT event_type FROM actor_events WHERE actor_id = ${moved} ORDER BY version`,
  );
  assert.equal(
    events.map((e: { event_type: string }) => e.event_type),
    ['WAIT', 'INC', 'xstate.after.1000.ledger.waiting'],
  );
});

test('two timers of one actor in a batch fire in their order', async () => {
  const calls: Calls = { noteBatches: [], singles: [] };
  const a = await ledgerHost(calls);
  const timers = await waitingLedgers(a, 'twice', 3);
  // A second timer row for the first actor, due later, carrying an INC.
  const [extra] = await t.db.query(sql`
    INSERT INTO actor_timers (id, actor_id, send_id, event, due_at)
    VALUES (gen_random_uuid(), 'ledger:twice-00', 'extra', '{"type":"INC"}', now() + interval '1 minute')
    RETURNING id`);
  try {
    assert.is(await a.host.fireTimers([extra.id, ...timers]), 4);
  } finally {
    await a.close();
  }
  const stored = await a.host.read('ledger:twice-00');
  assert.is(stored?.version, 3);
  assert.is(stored?.state, 'rang');
  const events = await t.db.query(
    sql`SELECT event_type FROM actor_events WHERE actor_id = 'ledger:twice-00' ORDER BY version`,
  );
  assert.equal(
    events.map((e: { event_type: string }) => e.event_type),
    ['WAIT', 'xstate.after.1000.ledger.waiting', 'INC'],
  );
  assert.is((await ledgerRows('twice')).length, 6);
});

test.run();
