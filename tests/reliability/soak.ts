/**
 * The soak: a mixed load (texts, join requests, time passing) for --minutes minutes (default 3)
 * with a kill -9 of the app and a Redis restart in turn every --fault-seconds (default 30), then
 * the audit: sent / processed / lost / doubled, and which doubles the kills explain.
 * Usage: npm run soak -- --minutes 5 [--people 40] [--fault-seconds 30]
 * Needs Postgres on 127.0.0.1:5432 and redis-server on PATH.
 */
import { parseArgs } from 'node:util';
import { sql } from '@databases/pg';
import { createTestDatabase } from '../helpers/db.ts';
import {
  audit,
  describeAudit,
  effectsSettled,
  expireEffectLeases,
  greetedPeople,
  pendingEffectKeys,
  startFaultRig,
} from '../helpers/fault-rig.ts';
import { startRedisServer } from '../helpers/redis-server.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '3' },
    people: { type: 'string', default: '40' },
    'fault-seconds': { type: 'string', default: '30' },
  },
});
const minutes = Number(values.minutes);
const peopleCount = Number(values.people);
const faultEveryMs = Number(values['fault-seconds']) * 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const t = await createTestDatabase();
const redis = await startRedisServer();
const rig = await startFaultRig({ db: t.db, databaseUrl: t.url, redisUrl: redis.url });
const app = rig.apps[0];
if (!app) throw new Error('no app');
const { sandbox } = rig;
console.log(`soak: ${minutes} min, ${peopleCount} people, a fault every ${faultEveryMs / 1000} s`);

const people = await greetedPeople(rig, peopleCount);
const inFlightAtKills = new Set<string>();
let kills = 0;
let redisRestarts = 0;
let joins = 0;
const ends = Date.now() + minutes * 60_000;
let nextFault = Date.now() + faultEveryMs;
let tick = 0;
while (Date.now() < ends) {
  tick++;
  for (const id of people) sandbox.sendText(id, `soak ${tick}`);
  // Now and then someone asks to join the free channel (or asks again: an anti-spam refusal).
  const joiner = people[tick % people.length] as number;
  if (sandbox.member(sandbox.freeChannelId, joiner).status !== 'member') {
    try {
      sandbox.requestJoin(joiner, sandbox.freeChannelId);
      joins++;
    } catch {
      // A request already pending: Telegram's app would not send another.
    }
  }
  if (tick % 10 === 0) await app.advanceClock(60).catch(() => undefined);
  if (Date.now() >= nextFault) {
    nextFault = Date.now() + faultEveryMs;
    if ((kills + redisRestarts) % 2 === 0) {
      await app.kill();
      kills++;
      for (const key of await pendingEffectKeys(t.db)) inFlightAtKills.add(key);
      await expireEffectLeases(t.db);
      await app.start();
    } else {
      await redis.restart();
      redisRestarts++;
    }
  }
  await sleep(250);
}
await rig.deliverer.idle(120_000);
await app.advanceClock(10 * 60);
await effectsSettled(t.db, 120_000);

const result = await audit(t.db, rig);
const unexplained = result.doubledKeys.filter((key) => !inFlightAtKills.has(key));
const [free] = await t.db.query(
  sql`SELECT count(*) FILTER (WHERE status = 'approved')::int AS approved, count(*)::int AS n FROM free_requests`,
);
console.log(
  describeAudit('soak', result, {
    kills,
    'Redis restarts': redisRestarts,
    'join requests': joins,
    'requests approved': `${free.approved}/${free.n}`,
    'effects in flight at the kills': inFlightAtKills.size,
    'doubles not in flight at a kill': unexplained.length,
  }),
);
const healthy =
  result.lost === 0 && result.effectsUndone === 0 && result.effectsLost === 0 && unexplained.length === 0;
console.log(healthy ? 'soak: OK' : 'soak: FAILED');
await rig.close();
await redis.kill();
await t.drop();
process.exit(healthy ? 0 : 1);
