import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import {
  audit,
  describeAudit,
  effectsSettled,
  expireEffectLeases,
  type FaultRig,
  greetedPeople,
  pendingEffectKeys,
  startFaultRig,
} from '../helpers/fault-rig.ts';
import { type RedisServer, redisServerTests, startRedisServer } from '../helpers/redis-server.ts';

const PEOPLE = 30;
const ROUNDS = 8;
const redisTests = redisServerTests(test);
let t: TestDatabase;
let redis: RedisServer | undefined;
let rig: FaultRig | undefined;

test.before(async () => {
  t = await createTestDatabase();
});
test.after(async () => {
  await rig?.close();
  await redis?.kill();
  await t.drop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

redisTests.test(
  'kill -9 amid updates and due timers: every update and timer applied once, effects at most doubled in flight',
  async () => {
    redis = await startRedisServer();
    rig = await startFaultRig({ db: t.db, databaseUrl: t.url, redisUrl: redis.url });
    const { sandbox, deliverer } = rig;
    const app = rig.apps[0];
    if (!app) throw new Error('no app');
    const people = await greetedPeople(rig, PEOPLE);

    // Join requests to the free channel: each starts a durable 5-minute wait.
    for (const id of people) sandbox.requestJoin(id, sandbox.freeChannelId);
    await deliverer.idle();
    const pending = async () =>
      (await t.db.query(sql`SELECT count(*)::int AS n FROM free_requests WHERE status = 'pending'`))[0].n;
    const until = Date.now() + 30_000;
    while ((await pending()) < PEOPLE && Date.now() < until) await sleep(50);
    assert.is(await pending(), PEOPLE, 'every join request waits');

    // The load: rounds of texts; half-way the clock jumps past every wait and the app is killed
    // while the timers fire and the texts are being answered.
    let killedWith: Set<string> | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      for (const id of people) sandbox.sendText(id, `mensaje ${round}`);
      if (round === ROUNDS / 2) {
        void app.advanceClock(5 * 60 + 20).catch(() => undefined);
        await sleep(150);
        await app.kill();
        killedWith = await pendingEffectKeys(t.db);
        await expireEffectLeases(t.db);
        await sleep(300);
        await app.start();
      }
      await sleep(40);
    }
    await deliverer.idle(60_000);
    await effectsSettled(t.db);
    const untilApproved = Date.now() + 60_000;
    const approved = async () =>
      (await t.db.query(sql`SELECT count(*)::int AS n FROM free_requests WHERE status = 'approved'`))[0].n;
    while ((await approved()) < PEOPLE && Date.now() < untilApproved) await sleep(100);
    await effectsSettled(t.db);

    const result = await audit(t.db, rig);
    const inFlight = killedWith?.size ?? 0;
    console.log(describeAudit('kill -9 under load', result, { 'effects pending at the kill': inFlight }));

    assert.is(result.deliveries.accepted, result.deliveries.updates, 'every update answered 200 in the end');
    assert.is(result.processed, result.sent, 'every accepted update recorded');
    assert.equal(result.transitionMismatches, [], 'every text has exactly one transition');
    assert.is(result.lost, 0);
    assert.is(result.effectsUndone, 0, 'no effect left pending or failed');
    assert.is(result.effectsLost, 0, 'every effect reached Telegram');
    assert.ok(
      result.doubledKeys.every((key) => killedWith?.has(key)),
      `only effects in flight at the kill may be sent twice: ${result.doubledKeys.join(', ')}`,
    );
    assert.ok(result.doubled <= inFlight);

    // Timers: every wait fired once, every person approved once and let in.
    assert.is(await approved(), PEOPLE, 'every request approved');
    const approvals = sandbox.calls({ method: 'approveChatJoinRequest' }).filter((c) => c.ok);
    const perPerson = new Map<string, number>();
    for (const c of approvals)
      perPerson.set(String(c.params.user_id), (perPerson.get(String(c.params.user_id)) ?? 0) + 1);
    assert.is(perPerson.size, PEOPLE, 'one approval per person');
    const fired = await t.db.query(sql`
      SELECT actor_id, count(*)::int AS n FROM actor_events
      WHERE actor_id LIKE 'freeAccess:%' AND to_state = 'approving' GROUP BY actor_id`);
    assert.is(fired.length, PEOPLE);
    assert.ok(
      fired.every((r: { n: number }) => r.n === 1),
      'each wait ended once',
    );
    const [left] = await t.db.query(
      sql`SELECT count(*)::int AS n FROM actor_timers WHERE actor_id LIKE 'freeAccess:%'`,
    );
    assert.is(left.n, 0, 'no wait left behind');
    assert.ok(people.every((id) => sandbox.member(sandbox.freeChannelId, id).status === 'member'));
  },
);

test.run();
