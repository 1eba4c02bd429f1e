import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assign, setup } from 'xstate';
import { SnapshotRestoreError, TransitionError, UnknownMachineError } from '../../src/runtime/errors.ts';
import { actorId, MachineRegistry } from '../../src/runtime/registry.ts';
import { restoreSnapshot } from '../../src/runtime/restore.ts';
import type { MachineDefinition } from '../../src/runtime/types.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { createTestHost, type TestHost } from '../helpers/host.ts';
import { probeDefinition } from '../helpers/machines.ts';

/**
 * The runtime's refusals, which the journeys never reach: a machine that throws, a db effect
 * nobody handles, an inline action, a bad runtime.send, snapshots whose migration fails, and
 * registry misuse. Each must refuse clearly and write nothing.
 */
const faulty = setup({
  types: {} as {
    context: { n: number };
    events: { type: 'BOOM' } | { type: 'DB' } | { type: 'INLINE' } | { type: 'FORWARD'; to: unknown };
  },
  actions: {
    'db.nobody': (_, _params: Record<string, never>) => {},
    'runtime.send': (_, _params: { to: unknown; event: unknown }) => {},
    'test.ask': (_, _params: { replyEvent: string }) => {},
  },
}).createMachine({
  id: 'faulty',
  context: { n: 0 },
  on: {
    BOOM: {
      actions: assign({
        n: () => {
          throw new Error('a bug in an assign');
        },
      }),
    },
    DB: { actions: [assign({ n: ({ context }) => context.n + 1 }), { type: 'db.nobody', params: {} }] },
    INLINE: { actions: [assign({ n: ({ context }) => context.n + 1 }), () => {}] },
    ASK: { actions: { type: 'test.ask', params: { replyEvent: 'BOOM' } } },
    FORWARD: {
      actions: { type: 'runtime.send', params: ({ event }) => ({ to: event.to, event: { no: 'type' } }) },
    },
  },
});
const faultyDefinition: MachineDefinition = { name: 'faulty', version: 3, machine: faulty };

let database: TestDatabase;
let t: TestHost;
test.before(async () => {
  database = await createTestDatabase();
  t = await createTestHost(database.db, {
    definitions: [faultyDefinition, probeDefinition],
    effects: { 'test.ask': async () => ({ answered: true }) },
  });
});
test.after(async () => {
  await t.close();
  await database.drop();
});

const row = async (id: string) =>
  (await database.db.query(sql`SELECT version FROM actors WHERE id = ${id}`))[0] as
    | { version: number }
    | undefined;

test('a machine that throws: TransitionError naming actor and event, nothing written', async () => {
  await t.host.send('faulty:1', { type: 'DB_NOT_HANDLED_YET' });
  const before = await row('faulty:1');
  const error = await t.host.send('faulty:1', { type: 'BOOM' }).catch((e: unknown) => e);
  assert.instance(error, TransitionError);
  assert.is((error as TransitionError).actorId, 'faulty:1');
  assert.is((error as TransitionError).eventType, 'BOOM');
  assert.equal(await row('faulty:1'), before);
});

test('a db effect without a handler: TransitionError, the transition rolled back', async () => {
  const before = await row('faulty:1');
  const error = await t.host.send('faulty:1', { type: 'DB' }).catch((e: unknown) => e);
  assert.instance(error, TransitionError);
  assert.match(String((error as Error).cause), /no db effect db\.nobody/);
  assert.equal(await row('faulty:1'), before);
});

test('an inline function action is ignored (logged), the transition still applies', async () => {
  const before = (await row('faulty:1'))?.version ?? 0;
  const result = await t.host.send('faulty:1', { type: 'INLINE' });
  assert.is(result.status, 'applied');
  assert.is((await row('faulty:1'))?.version, before + 1);
});

test('runtime.send without a target or event type fails for good, delivering nothing', async () => {
  await t.host.send('faulty:2', { type: 'FORWARD', to: 42 });
  await t.host.executor.drain();
  const [effect] = await database.db.query(
    sql`SELECT status, last_error FROM outbox WHERE actor_id = 'faulty:2' AND effect_type = 'runtime.send'`,
  );
  assert.is(effect?.status, 'failed');
  assert.match(String(effect?.last_error), /runtime\.send needs/);
});

test('an effect whose reply the machine cannot apply is marked failed once, not retried forever', async () => {
  await t.host.send('faulty:3', { type: 'ASK' });
  await t.host.executor.drain();
  const [effect] = await database.db.query(
    sql`SELECT status, last_error, attempts FROM outbox WHERE actor_id = 'faulty:3' AND effect_type = 'test.ask'`,
  );
  assert.is(effect?.status, 'failed');
  assert.match(String(effect?.last_error), /reply not applied/);
  assert.is((await row('faulty:3'))?.version, 1, 'the reply changed nothing');
});

test('registry: bad names, duplicates and unknown actor ids are refused', () => {
  assert.throws(() => new MachineRegistry([{ ...probeDefinition, name: '9lives' }]), /invalid machine name/);
  assert.throws(() => new MachineRegistry([probeDefinition, probeDefinition]), /registered twice/);
  const registry = new MachineRegistry([probeDefinition]);
  for (const id of ['nope:1', 'probe:', 'probe', ':1', '']) {
    assert.throws(
      () => registry.resolve(id),
      (e: unknown) => e instanceof UnknownMachineError,
    );
  }
  assert.equal(registry.resolve(actorId('probe', 'a:b')).key, 'a:b', 'the key may itself hold colons');
  assert.is(registry.get('probe'), probeDefinition);
  assert.is(registry.all().length, 1);
});

test('restore: a failing migration, a reset policy, a newer version and a non-snapshot are told apart', () => {
  const good = probeDefinition.machine.getPersistedSnapshot(
    probeDefinition.machine.resolveState({
      value: 'idle',
      context: { count: 1, key: 'k', replies: 0, lastReply: null },
    }),
  ) as never;
  const reason = (definition: MachineDefinition, stored: { machineVersion: number; snapshot: unknown }) => {
    try {
      restoreSnapshot(definition, { version: 1, ...stored } as never, 'probe:k');
      return 'restored';
    } catch (error) {
      assert.instance(error, SnapshotRestoreError);
      return (error as SnapshotRestoreError).reason;
    }
  };
  const v2 = (migrate?: MachineDefinition['migrate']): MachineDefinition => ({
    ...probeDefinition,
    version: 2,
    migrate,
  });
  assert.match(
    reason(
      v2(() => {
        throw new Error('bad data');
      }),
      { machineVersion: 1, snapshot: good },
    ),
    /migration from version 1 failed: Error: bad data/,
  );
  assert.match(
    reason(
      v2(() => undefined),
      { machineVersion: 1, snapshot: good },
    ),
    /reset by policy/,
  );
  assert.match(reason(v2(), { machineVersion: 1, snapshot: good }), /reset by policy/);
  assert.match(reason(probeDefinition, { machineVersion: 2, snapshot: good }), /newer machine version 2/);
  assert.match(reason(probeDefinition, { machineVersion: 1, snapshot: 'text' }), /not a machine snapshot/);
  assert.is(
    reason(
      v2((s) => s),
      { machineVersion: 1, snapshot: good },
    ),
    'restored',
  );
});

test.run();
