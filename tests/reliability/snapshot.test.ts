import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createCache, type SnapshotCache } from '../../src/adapters/cache/index.ts';
import { domainDbEffects } from '../../src/domain/db-effects.ts';
import { interestKey } from '../../src/machines/interest.ts';
import { machineDefinitions } from '../../src/machines/registry.ts';
import { Clock } from '../../src/runtime/clock.ts';
import { ActorHost } from '../../src/runtime/host.ts';
import { MachineRegistry } from '../../src/runtime/registry.ts';
import type { MachineDefinition, PersistedSnapshot } from '../../src/runtime/types.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { TEST_REDIS_URL } from '../helpers/host.ts';
import { LogCapture } from '../helpers/logged-journey.ts';

let database: TestDatabase;
let cache: SnapshotCache;
let host: ActorHost;
const logs = new LogCapture();
const clock = new Clock();
const prefix = `lucien-test:${Math.random().toString(36).slice(2)}:`;

test.before(async () => {
  database = await createTestDatabase();
  cache = await createCache({ redisUrl: TEST_REDIS_URL, prefix, log: logs.logger('silent') });
  host = new ActorHost({
    db: database.db,
    cache,
    clock,
    registry: new MachineRegistry(machineDefinitions),
    dbEffects: domainDbEffects({ clock, adminIds: [1] }),
    log: logs.logger('warn'),
  });
});
test.after(async () => {
  await host.executor.drain();
  await cache.close();
  await database.drop();
});

/** A key each machine accepts for a fresh actor. */
const keyFor = (name: string, n: number): string => (name === 'interest' ? interestKey(n, 7) : String(n));

/** Stores a snapshot as an actor row at version 3 and as the same cache entry. */
async function plant(id: string, machine: string, machineVersion: number, snapshot: unknown): Promise<void> {
  const json = JSON.stringify(snapshot);
  await database.db.query(sql`
    INSERT INTO actors (id, machine, machine_version, version, snapshot, state, created_at, updated_at)
    VALUES (${id}, ${machine}, ${machineVersion}, 3, ${json}::jsonb, 'planted', now(), now())`);
  await cache.set(`actor:${id}`, `{"v":3,"mv":${machineVersion},"s":${json}}`, 600);
}

const quarantined = async (id: string): Promise<{ reason: string; version: number }[]> =>
  (await database.db.query(
    sql`SELECT reason, version FROM quarantined_snapshots WHERE actor_id = ${id}`,
  )) as { reason: string; version: number }[];

/** The initial state of a machine, as a new actor of it would be. */
async function initialState(definition: MachineDefinition, n: number): Promise<string> {
  const id = `${definition.name}:${keyFor(definition.name, n)}`;
  const result = await host.send(id, { type: 'SNAPSHOT_TEST_PING' });
  assert.is(result.status, 'applied');
  return result.status === 'applied' ? result.state : '';
}

/** What each stored snapshot is, and why it cannot be restored as it is. */
const unfit: {
  label: string;
  version: (d: MachineDefinition) => number;
  snapshot: (good: PersistedSnapshot) => unknown;
  reason: RegExp;
}[] = [
  {
    label: 'garbage',
    version: (d) => d.version,
    snapshot: () => ({ nonsense: true }),
    reason: /not a machine snapshot/,
  },
  {
    label: 'a state that no longer exists',
    version: (d) => d.version,
    snapshot: (good) => ({ ...good, value: 'aStateRenamedLongAgo' }),
    reason: /./,
  },
  {
    label: 'a newer machine version',
    version: (d) => d.version + 1,
    snapshot: (good) => good,
    reason: /newer machine version/,
  },
];

let n = 5000;
for (const definition of machineDefinitions) {
  for (const kind of unfit) {
    test(`${definition.name}: ${kind.label} is quarantined and the actor restarts, logged`, async () => {
      const initial = await initialState(definition, n++);
      const good = (await host.read(`${definition.name}:${keyFor(definition.name, n - 1)}`))?.snapshot;
      const id = `${definition.name}:${keyFor(definition.name, n++)}`;
      await plant(id, definition.name, kind.version(definition), kind.snapshot(good as PersistedSnapshot));
      const linesBefore = logs.lines.length;

      const result = await host.send(id, { type: 'SNAPSHOT_TEST_PING' });
      assert.is(result.status, 'applied');
      if (result.status !== 'applied') return;
      assert.is(result.state, initial, 'restarted from the initial state');
      assert.is(result.version, 4, 'the row moved on from the planted version');
      const [row] = await quarantined(id);
      assert.ok(row, 'the old snapshot is kept in quarantined_snapshots');
      assert.match(row.reason, kind.reason);
      assert.is(Number(row.version), 3);
      const logged = logs.lines.slice(linesBefore).map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.ok(
        logged.some((l) => l.actorId === id && /quarantined/.test(String(l.msg)) && l.level === 50),
        'one clear error line naming the actor',
      );
      // The next event reads the new row (and cache): nothing is quarantined twice.
      await host.send(id, { type: 'SNAPSHOT_TEST_PING' });
      assert.is((await quarantined(id)).length, 1);
    });
  }

  test(`${definition.name}: a snapshot of version ${definition.version - 1} follows the machine's policy`, async () => {
    await initialState(definition, n++);
    const good = (await host.read(`${definition.name}:${keyFor(definition.name, n - 1)}`))?.snapshot;
    const id = `${definition.name}:${keyFor(definition.name, n++)}`;
    const old = definition.version - 1;
    const lifted = definition.migrate?.(good as PersistedSnapshot, old);
    await plant(id, definition.name, old, good);
    const result = await host.send(id, { type: 'SNAPSHOT_TEST_PING' });
    assert.is(result.status, 'applied');
    if (lifted) {
      assert.is((await quarantined(id)).length, 0, 'migrated, not quarantined');
    } else {
      const [row] = await quarantined(id);
      assert.match(row?.reason ?? '', /reset by policy/, 'reset by the documented policy');
    }
  });
}

test('conversation: a version 1 snapshot in the help screen is migrated, keeps its place and gains the admin fields', async () => {
  const id = 'conversation:4242';
  await plant(id, 'conversation', 1, {
    status: 'active',
    value: { menu: 'help' },
    context: { userId: 4242, visits: 3, menuMessageId: 10 },
    children: {},
    historyValue: {},
  });
  const result = await host.send(id, { type: 'SNAPSHOT_TEST_PING' });
  assert.is(result.status, 'applied');
  if (result.status !== 'applied') return;
  assert.is(result.state, 'menu.help');
  const context = (await host.read(id))?.snapshot.context as Record<string, unknown>;
  assert.is(context.visits, 3, 'what version 1 knew is kept');
  assert.equal(context.draft, {}, 'the admin fields are added');
  assert.is((await quarantined(id)).length, 0);
  const [row] = await database.db.query(sql`SELECT machine_version FROM actors WHERE id = ${id}`);
  assert.is(row.machine_version, 2, 'stored again as version 2');
});

test('a corrupt cache entry over a good row: the actor keeps its state (Postgres is the truth)', async () => {
  const id = 'conversation:4343';
  await plant(id, 'conversation', 2, {
    status: 'active',
    value: { menu: 'about' },
    context: { userId: 4343, visits: 1, menuMessageId: null, draft: {}, editing: null },
    children: {},
    historyValue: {},
  });
  await host.send(id, { type: 'SNAPSHOT_TEST_PING' });
  await cache.set(`actor:${id}`, '{"v":4,"mv":2,"s":{"broken":', 600);
  const result = await host.send(id, { type: 'SNAPSHOT_TEST_PING' });
  assert.is(result.status, 'applied');
  if (result.status === 'applied')
    assert.is(result.state, 'menu.about', 'unreadable JSON: read from Postgres');
});

test.run();
