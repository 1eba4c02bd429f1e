import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ConnectionPool, sql } from '@databases/pg';
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../../src/adapters/postgres/embedded.ts';
import { createPool } from '../../src/adapters/postgres/pool.ts';
import {
  audit,
  describeAudit,
  effectsSettled,
  type FaultRig,
  greetedPeople,
  pendingEffectKeys,
  startFaultRig,
} from '../helpers/fault-rig.ts';
import { freePort } from '../helpers/journey.ts';
import { type RedisServer, redisServerTests, startRedisServer } from '../helpers/redis-server.ts';
import type { WebhookDeliverer } from '../helpers/webhook-deliverer.ts';

const PEOPLE = 20;
const ROUNDS = 8;
/** The free channel's default wait before a join request is approved. */
const WAIT_SECONDS = 5 * 60;
/** Postgres stays down at least this long, and until every wait has come due. */
const MIN_OUTAGE_MS = 4_000;
const silent = pino({ level: 'silent' });
const redisTests = redisServerTests(test);

let root: string | undefined;
let postgres: EmbeddedPostgres | undefined;
let db: ConnectionPool | undefined;
let redis: RedisServer | undefined;
let rig: FaultRig | undefined;

test.after(async () => {
  await rig?.close();
  await db?.dispose();
  await postgres?.stop();
  await redis?.kill();
  if (root) await rm(root, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A private Postgres on `dataDir` and `port`: started again on both after a stop, it is a restart. */
async function startPostgres(dataDir: string, port: number): Promise<EmbeddedPostgres> {
  return startEmbeddedPostgres({ dataDir, port, log: silent });
}

/** How many answers of the deliverer's log, per update, satisfy `match` (a snapshot to diff). */
function answersBy(deliverer: WebhookDeliverer, match: (answer: number | 'no answer') => boolean) {
  const counts = new Map<number, number>();
  for (const [id, entry] of deliverer.log) counts.set(id, entry.answers.filter(match).length);
  return counts;
}

/** Updates whose count under `match` grew between two snapshots, and the total growth. */
function grownSince(before: Map<number, number>, after: Map<number, number>) {
  const ids: number[] = [];
  let total = 0;
  for (const [id, n] of after) {
    const grown = n - (before.get(id) ?? 0);
    if (grown > 0) ids.push(id);
    total += grown;
  }
  return { ids, total };
}

const is5xx = (a: number | 'no answer') => typeof a === 'number' && a >= 500;
const is200 = (a: number | 'no answer') => a === 200;

/** The app's /health: its status code and the database and queue checks. */
async function health(url: string): Promise<{ code: number; database?: string; queue?: string }> {
  const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) });
  const body = (await response.json()) as { checks?: Record<string, { status: string }> };
  return {
    code: response.status,
    database: body.checks?.database?.status,
    queue: body.checks?.queue?.status,
  };
}

/** Resolves once /health answers 200 with database and queue ok, or fails after `ms`. */
async function healthyAgain(url: string, ms: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const h = await health(url).catch(() => undefined);
    if (h?.code === 200 && h.database === 'ok' && h.queue === 'ok') return Date.now() - started;
    if (Date.now() - started > ms)
      throw new Error(`/health not ok ${ms} ms after the restart: ${JSON.stringify(h)}`);
    await sleep(100);
  }
}

redisTests.test(
  'Postgres restarted under load: 5xx while down, then every update, effect and due timer applied once',
  async () => {
    root = await mkdtemp(path.join(tmpdir(), 'lucien-pg-restart-'));
    // mkdtemp makes it private (0700); as root, Postgres runs as the postgres user, who must enter it.
    await chmod(root, 0o755);
    const dataDir = path.join(root, 'data');
    const port = await freePort();
    postgres = await startPostgres(dataDir, port);
    const url = postgres.url;
    db = createPool(url, { log: silent, poolSize: 5 });
    redis = await startRedisServer();
    rig = await startFaultRig({ db, databaseUrl: url, redisUrl: redis.url });
    const { sandbox, deliverer } = rig;
    const app = rig.apps[0];
    if (!app) throw new Error('no app');
    const people = await greetedPeople(rig, PEOPLE, 'G');

    // Join requests to the free channel: each starts a durable wait, a pg-boss job.
    for (const id of people) sandbox.requestJoin(id, sandbox.freeChannelId);
    await deliverer.idle();
    const count = async (query: ReturnType<typeof sql>) => (await (db as ConnectionPool).query(query))[0].n;
    const pending = sql`SELECT count(*)::int AS n FROM free_requests WHERE status = 'pending'`;
    const until = Date.now() + 30_000;
    while ((await count(pending)) < PEOPLE && Date.now() < until) await sleep(50);
    assert.is(await count(pending), PEOPLE, 'every join request waits');

    // Time travel up to just after the outage begins: every wait comes due while Postgres is down,
    // so only the job queue, working again after the restart, can fire them.
    const [due] = await db.query(sql`
      SELECT min(due_at) AS first, max(due_at) AS last FROM actor_timers WHERE actor_id LIKE 'freeAccess:%'`);
    // The app's clock is still the wall clock (no travel yet), so due_at reads as wall time.
    const stopAt = Date.now() + 1_500;
    const advance = Math.floor((due.first.getTime() - stopAt - 2_000) / 1000);
    assert.ok(advance > 0 && advance < WAIT_SECONDS, `a jump inside the wait (${advance} s)`);
    await app.advanceClock(advance);
    const firstDueWall = due.first.getTime() - advance * 1000;
    const lastDueWall = due.last.getTime() - advance * 1000;

    let inFlight = new Set<string>();
    let outageMs = 0;
    let fiveXx = 0;
    let okDuringOutage: number[] = [];
    let healthDown: Awaited<ReturnType<typeof health>> | undefined;
    /** When Postgres was started again: nothing could be written before. */
    let restartedAt = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const id of people) sandbox.sendText(id, `mensaje ${round}`);
      await sleep(150);
      if (round !== 2) continue;
      // The outage: a fast shutdown cuts every connection, transactions in flight roll back.
      await sleep(Math.max(0, stopAt - Date.now()));
      inFlight = await pendingEffectKeys(db);
      const errorsBefore = answersBy(deliverer, is5xx);
      const okBefore = answersBy(deliverer, is200);
      const stoppedAt = Date.now();
      await postgres.stop();
      assert.ok(stoppedAt < firstDueWall, 'Postgres went down before the first wait came due');
      for (let r = 0; r < 3; r++) {
        for (const id of people) sandbox.sendText(id, `sin base ${r}`);
        await sleep(600);
      }
      healthDown = await health(app.url).catch(() => undefined);
      await sleep(Math.max(0, stoppedAt + MIN_OUTAGE_MS - Date.now(), lastDueWall + 500 - Date.now()));
      fiveXx = grownSince(errorsBefore, answersBy(deliverer, is5xx)).total;
      okDuringOutage = grownSince(okBefore, answersBy(deliverer, is200)).ids;
      restartedAt = Date.now();
      postgres = await startPostgres(dataDir, port);
      outageMs = Date.now() - stoppedAt;
      assert.is(postgres.url, url, 'the same server is back on the same port');
    }
    const recoveryMs = await healthyAgain(app.url, 20_000);
    await deliverer.idle(30_000);
    await effectsSettled(db, 20_000);
    const approved = sql`SELECT count(*)::int AS n FROM free_requests WHERE status = 'approved'`;
    const untilApproved = Date.now() + 20_000;
    while ((await count(approved)) < PEOPLE && Date.now() < untilApproved) await sleep(100);
    await effectsSettled(db, 20_000);

    const result = await audit(db, rig);
    const timerJobs = (await db.query(sql`
      SELECT state, completed_on FROM pgboss.job WHERE name = 'actor-timer'`)) as {
      state: string;
      completed_on: Date | null;
    }[];
    const firedByQueue = timerJobs.filter(
      (j) => j.state === 'completed' && (j.completed_on?.getTime() ?? 0) >= restartedAt,
    ).length;
    console.log(
      describeAudit('Postgres restarted under load', result, {
        '5xx while down': fiveXx,
        'outage s': (outageMs / 1000).toFixed(1),
        'healthy again after s': (recoveryMs / 1000).toFixed(1),
        'effects pending at the stop': inFlight.size,
        'timers fired by the queue after the restart': `${firedByQueue}/${PEOPLE}`,
      }),
    );

    // While down: Telegram is told to try again, and /health says so.
    assert.ok(fiveXx > 0, 'the webhook answered 5xx while Postgres was down');
    assert.is(healthDown?.code, 503, '/health answers 503 while Postgres is down');
    assert.is(healthDown?.database, 'down');
    const recorded = new Set<number>(
      (
        await db.query(sql`SELECT update_id FROM processed_updates WHERE update_id = ANY(${okDuringOutage})`)
      ).map((r: { update_id: number }) => Number(r.update_id)),
    );
    const claimed = okDuringOutage.filter((id) => {
      const update = deliverer.log.get(id)?.update;
      return update !== undefined && ('message' in update || 'chat_join_request' in update);
    });
    assert.equal(
      claimed.filter((id) => !recorded.has(id)),
      [],
      'an update answered 200 while Postgres was down was committed',
    );

    // Back: nothing lost, nothing applied twice, every effect sent once (doubles only in flight).
    assert.is(result.deliveries.accepted, result.deliveries.updates, 'every update answered 200 in the end');
    assert.is(result.processed, result.sent, 'every accepted update recorded');
    assert.equal(result.transitionMismatches, [], 'every text has exactly one transition');
    assert.is(result.lost, 0);
    assert.is(result.effectsUndone, 0, 'no effect left pending or failed');
    assert.is(result.effectsLost, 0, 'every effect reached Telegram');
    assert.ok(
      result.doubledKeys.every((key) => inFlight.has(key)),
      `only effects in flight at the stop may be sent twice: ${result.doubledKeys.join(', ')}`,
    );
    const texts = [...deliverer.log.values()].filter(
      ({ update }) => update.message?.text !== undefined && !update.message.text.startsWith('/'),
    ).length;
    const replies = people.reduce(
      (n, id) => n + sandbox.messages(id).filter((m) => m.from?.id === sandbox.bot.id).length,
      0,
    );
    assert.ok(replies >= texts + PEOPLE, `a reply for every text and greeting (${replies})`);

    // The job queue resumed: every wait that came due during the outage fired once, after it.
    assert.is(await count(approved), PEOPLE, 'every request approved');
    const approvals = sandbox.calls({ method: 'approveChatJoinRequest' }).filter((c) => c.ok);
    assert.is(new Set(approvals.map((c) => String(c.params.user_id))).size, PEOPLE, 'everyone approved');
    assert.is(approvals.length, PEOPLE, 'each approved once');
    const fired = await db.query(sql`
      SELECT actor_id, count(*)::int AS n FROM actor_events
      WHERE actor_id LIKE 'freeAccess:%' AND to_state = 'approving' GROUP BY actor_id`);
    assert.is(fired.length, PEOPLE);
    assert.ok(
      fired.every((r: { n: number }) => r.n === 1),
      'each wait ended once',
    );
    assert.is(await count(sql`SELECT count(*)::int AS n FROM actor_timers`), 0, 'no wait left behind');
    assert.is(firedByQueue, PEOPLE, 'every timer job completed by the queue after the restart');
    assert.ok(people.every((id) => sandbox.member(sandbox.freeChannelId, id).status === 'member'));
  },
);

test.run();
