import { readdirSync } from 'node:fs';
import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { migrate, migrationsDir } from '../../src/adapters/postgres/migrations.ts';
import { createPool } from '../../src/adapters/postgres/pool.ts';
import { rootLogger } from '../../src/log.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import {
  audit,
  describeAudit,
  effectsSettled,
  type FaultRig,
  greetedPeople,
  startFaultRig,
} from '../helpers/fault-rig.ts';
import { TEST_REDIS_URL } from '../helpers/host.ts';

const PEOPLE = 20;
let t: TestDatabase;
let rig: FaultRig | undefined;

test.before(async () => {
  t = await createTestDatabase({ migrate: false });
});
test.after(async () => {
  await rig?.close();
  await t.drop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const count = async (query: ReturnType<typeof sql>) => (await t.db.query(query))[0].n as number;

test('two instances migrating a fresh database at the same moment apply each migration once', async () => {
  const pools = [createPool(t.url, { log: rootLogger }), createPool(t.url, { log: rootLogger })];
  const applied = await Promise.all(pools.map((pool) => migrate(pool, rootLogger)));
  await Promise.all(pools.map((pool) => pool.dispose()));
  const files = readdirSync(migrationsDir).filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f));
  assert.is(applied.flat().length, files.length, 'each file applied by one of the two');
  const migrations = await t.db.query(
    sql`SELECT name, count(*)::int AS n FROM schema_migrations GROUP BY name`,
  );
  assert.is(migrations.length, files.length, 'every migration recorded');
  assert.ok(
    migrations.every((m: { n: number }) => m.n === 1),
    'each once',
  );
});

test('two instances on one database: each update and each timer applied once', async () => {
  rig = await startFaultRig({
    db: t.db,
    databaseUrl: t.url,
    redisUrl: TEST_REDIS_URL,
    instances: 2,
    fanOut: 'all',
  });

  const { sandbox, deliverer } = rig;
  // The same updates to both instances (a duplicate delivery), then different ones spread.
  const people = await greetedPeople(rig, PEOPLE, 'S');
  for (let round = 0; round < 3; round++) for (const id of people) sandbox.sendText(id, `doble ${round}`);
  await deliverer.idle();
  deliverer.fanOut = 'spread';
  for (let round = 0; round < 3; round++) for (const id of people) sandbox.sendText(id, `reparto ${round}`);
  for (const id of people) sandbox.requestJoin(id, sandbox.freeChannelId);
  await deliverer.idle();
  const until = Date.now() + 30_000;
  const pending = sql`SELECT count(*)::int AS n FROM free_requests WHERE status = 'pending'`;
  while ((await count(pending)) < PEOPLE && Date.now() < until) await sleep(50);

  // Time passes on both replicas: both fire due timers, and both queues hold their jobs.
  await Promise.all(rig.apps.map((app) => app.advanceClock(5 * 60 + 20)));
  const approved = sql`SELECT count(*)::int AS n FROM free_requests WHERE status = 'approved'`;
  const untilApproved = Date.now() + 30_000;
  while ((await count(approved)) < PEOPLE && Date.now() < untilApproved) await sleep(100);
  await effectsSettled(t.db);

  const result = await audit(t.db, rig);
  console.log(describeAudit('two instances', result));
  assert.is(result.processed, result.sent);
  assert.equal(result.transitionMismatches, []);
  assert.is(result.lost, 0);
  assert.is(result.doubled, 0, 'no effect sent twice');
  assert.is(result.effectsUndone + result.effectsLost, 0);
  assert.is(await count(approved), PEOPLE);
  const approvals = sandbox.calls({ method: 'approveChatJoinRequest' }).filter((c) => c.ok);
  assert.is(approvals.length, PEOPLE, 'each timer fired once: one approval per person');
  assert.is(
    await count(sql`SELECT count(*)::int AS n FROM actor_events
      WHERE actor_id LIKE 'freeAccess:%' AND to_state = 'approving'`),
    PEOPLE,
  );
});

test.run();
