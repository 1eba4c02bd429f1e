import { Redis } from 'ioredis';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import {
  audit,
  describeAudit,
  effectsSettled,
  type FaultRig,
  greetedPeople,
  startFaultRig,
} from '../helpers/fault-rig.ts';
import { type RedisServer, redisServerTests, startRedisServer } from '../helpers/redis-server.ts';

const PEOPLE = 20;
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

/** Hits and misses Redis itself counted since it started. */
async function keyspaceStats(url: string): Promise<{ hits: number; misses: number }> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  const info = await client.info('stats');
  client.disconnect();
  const read = (name: string) => Number(new RegExp(`${name}:(\\d+)`).exec(info)?.[1] ?? 0);
  return { hits: read('keyspace_hits'), misses: read('keyspace_misses') };
}

redisTests.test(
  'Redis killed and restarted under load: every answer 200, every reply sent, the cache back',
  async () => {
    redis = await startRedisServer();
    rig = await startFaultRig({ db: t.db, databaseUrl: t.url, redisUrl: redis.url });
    const { sandbox, deliverer } = rig;
    const people = await greetedPeople(rig, PEOPLE, 'R');
    const server = redis;

    for (let round = 0; round < 9; round++) {
      for (const id of people) sandbox.sendText(id, `ronda ${round}`);
      if (round === 3) await server.kill();
      if (round === 6) await server.restart();
      await sleep(100);
    }
    await deliverer.idle();
    // Once Redis is back, the cache serves again: the second text of each person reads a snapshot
    // the first one wrote.
    const before = await keyspaceStats(server.url);
    for (let round = 0; round < 2; round++) {
      for (const id of people) sandbox.sendText(id, `de vuelta ${round}`);
      await deliverer.idle();
    }
    await effectsSettled(t.db);
    const after = await keyspaceStats(server.url);
    const hits = after.hits - before.hits;
    const misses = after.misses - before.misses;
    const hitRate = hits / Math.max(1, hits + misses);

    const result = await audit(t.db, rig);
    console.log(
      describeAudit('Redis killed and restarted', result, { 'hit rate after': hitRate.toFixed(2) }),
    );
    const d = result.deliveries;
    assert.is(d.refused + d.unanswered, 0, 'every webhook post answered 200 the first time');
    assert.is(result.processed, result.sent);
    assert.equal(result.transitionMismatches, []);
    assert.is(result.effectsUndone + result.effectsLost + result.doubled, 0, 'every reply sent once');
    const texts = d.updates - PEOPLE;
    const replies = people.reduce(
      (n, id) => n + sandbox.messages(id).filter((m) => m.from?.id === sandbox.bot.id).length,
      0,
    );
    assert.ok(replies >= texts, `a reply for every text (${replies} for ${texts})`);
    assert.ok(hitRate >= 0.4, `the cache serves again (hit rate ${hitRate.toFixed(2)})`);
  },
);

test.run();
