import { sql } from '@databases/pg';
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

/** Waits until the app's /health reports its cache ok again. */
async function waitForCacheOk(appUrl: string): Promise<void> {
  const started = Date.now();
  for (;;) {
    const report = (await (await fetch(`${appUrl}/health`)).json().catch(() => ({}))) as {
      checks?: { cache?: { status?: string } };
    };
    if (report.checks?.cache?.status === 'ok') return;
    if (Date.now() - started > 15_000) assert.unreachable('the cache did not come back within 15 s');
    await sleep(100);
  }
}

/** How many of these people's conversation snapshots Redis holds at the version Postgres has. */
async function cachedVersionsCurrent(url: string, db: TestDatabase['db'], people: number[]): Promise<number> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  try {
    let current = 0;
    for (const id of people) {
      const [key] = await client.keys(`*actor:conversation:${id}`);
      const cached = key ? (JSON.parse((await client.get(key)) ?? '{}') as { v?: number }) : {};
      const [row] = await db.query(sql`SELECT version FROM actors WHERE id = ${`conversation:${id}`}`);
      if (cached.v !== undefined && cached.v === (row as { version: number } | undefined)?.version) current++;
    }
    return current;
  } finally {
    client.disconnect();
  }
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
    // Once Redis is back, it is written again: after two more texts from each person, Redis
    // holds every person's conversation at the version Postgres has (reads are served by the
    // near cache of the process that wrote them, so Redis's own hit counter says nothing here).
    // The app's cache reconnects on its own (with a backoff of up to 2 s): /health says when.
    await waitForCacheOk(rig.apps[0]?.url ?? '');
    for (let round = 0; round < 2; round++) {
      for (const id of people) sandbox.sendText(id, `de vuelta ${round}`);
      await deliverer.idle();
    }
    await effectsSettled(t.db);
    const current = await cachedVersionsCurrent(server.url, t.db, people);
    const result = await audit(t.db, rig);
    console.log(
      describeAudit('Redis killed and restarted', result, {
        'snapshots current in Redis after': `${current}/${people.length}`,
      }),
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
    assert.is(current, people.length, 'Redis holds every conversation again, at its current version');
  },
);

test.run();
