/**
 * The expiry wave: N active VIP memberships all due within one second, expired through the
 * production path (pg-boss jobs calling host.fireTimer, the app's own 1 s polling), with the
 * emulator's flood limits off, then on (30 messages/s overall, 1/s per chat).
 * Measures the time from the due moment until every expiry committed and every removal
 * (banChatMember for a minute) and expiry message reached the emulator, beside baselines from
 * the same run: a bare loop of N single-row UPDATE transactions plus the same Bot API calls,
 * and the minimum time the flood limit allows.
 * Usage: npm run bench -- timers [--members 10000] [--flood off|on|both]
 * Needs Postgres on 127.0.0.1:5432 (TEST_DATABASE_URL) and Redis on 6379 (BENCH_REDIS_URL).
 */
import { parseArgs } from 'node:util';
import { sql } from '@databases/pg';
import { REMOVAL_BAN_SECONDS } from '../src/adapters/telegram/vip-effects.ts';
import type { Sandbox } from '../src/sandbox/index.ts';
import { fixed, printTable, printTarget, sleep } from './support/format.ts';
import { type BenchLucien, startLucien } from './support/lucien.ts';
import { seedPeople, stillInVip } from './support/sandbox-people.ts';
import { processCpuMs } from './support/server-cpu.ts';
import { activateMembership } from './support/subscription-template.ts';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '10000' },
    flood: { type: 'string', default: 'both' },
    'timeout-minutes': { type: 'string', default: '15' },
  },
});
const MEMBERS = Number(values.members);
const TIMEOUT_MS = Number(values['timeout-minutes']) * 60_000;
/** Telegram's (and the emulator's) overall limit on messages a bot sends. */
const FLOOD_PER_SECOND = 30;
const TEMPLATE_ID = 2_000_000;
const FIRST_MEMBER = TEMPLATE_ID + 1;
const DAY_MS = 86_400_000;

interface WaveResult {
  label: string;
  members: number;
  firstCommitS: number;
  commitsDoneS: number;
  removalsDoneS: number;
  messagesDoneS: number;
  totalS: number;
  calls429: number;
  undelivered: number;
  outboxFailed: number;
  outboxPending: number;
  stillInVip: number;
  lostLog: boolean;
  cpu: CpuPerItem;
}

/** CPU per expiry (ms): this process (the app, its emulator and the watcher) and the Postgres server. */
interface CpuPerItem {
  process: number;
  postgres: number | null;
}

/** Starts counting CPU; the function returned gives the CPU per item since then. */
function cpuMeter(): (items: number) => CpuPerItem {
  const process0 = process.cpuUsage();
  const pg0 = processCpuMs('postgres');
  return (items) => {
    const used = process.cpuUsage(process0);
    const pg1 = processCpuMs('postgres');
    return {
      process: (used.user + used.system) / 1000 / items,
      postgres: pg0 === null || pg1 === null ? null : (pg1 - pg0) / items,
    };
  };
}

/** Copies the template's rows for `count` members expiring from `dueAt` within one second. */
async function cloneMemberships(lucien: BenchLucien, count: number, dueAt: number): Promise<void> {
  const template = `subscription:${TEMPLATE_ID}`;
  const last = FIRST_MEMBER + count - 1;
  // due(g): the expiry in ms of member g, spread evenly over one second.
  const due = sql`(${dueAt}::bigint + ((g - ${FIRST_MEMBER}) * 1000 / ${count})::bigint)`;
  await lucien.app.db.tx(async (tx) => {
    await tx.query(sql`
      INSERT INTO users (user_id, username, first_name, last_name, role, created_at, updated_at)
      SELECT g, NULL, 'Miembro ' || g, NULL, u.role, u.created_at, u.updated_at
      FROM users u, generate_series(${FIRST_MEMBER}::bigint, ${last}::bigint) g WHERE u.user_id = ${TEMPLATE_ID}`);
    await tx.query(sql`
      INSERT INTO role_changes (user_id, previous_role, new_role, changed_by, reason, source, metadata, changed_at)
      SELECT g, r.previous_role, r.new_role, r.changed_by, r.reason, r.source, r.metadata, r.changed_at
      FROM role_changes r, generate_series(${FIRST_MEMBER}::bigint, ${last}::bigint) g WHERE r.user_id = ${TEMPLATE_ID}`);
    await tx.query(sql`
      INSERT INTO vip_memberships (user_id, plan_id, status, started_at, expires_at, ritual_step, updated_at)
      SELECT g, m.plan_id, m.status, m.started_at, to_timestamp(${due} / 1000.0), m.ritual_step, m.updated_at
      FROM vip_memberships m, generate_series(${FIRST_MEMBER}::bigint, ${last}::bigint) g WHERE m.user_id = ${TEMPLATE_ID}`);
    // Past both reminders: the state a membership is in during its last day.
    await tx.query(sql`
      INSERT INTO actors (id, machine, machine_version, version, snapshot, state, created_at, updated_at)
      SELECT 'subscription:' || g, a.machine, a.machine_version, a.version,
        jsonb_set(jsonb_set(jsonb_set(jsonb_set(jsonb_set(a.snapshot,
          '{context,userId}', to_jsonb(g)),
          '{context,firstName}', to_jsonb('Miembro ' || g)),
          '{context,expiresAt}', to_jsonb(${due})),
          '{context,reminderDueAt}', to_jsonb(${due} - ${DAY_MS})),
          '{value}', '{"active": "quiet"}'::jsonb),
        'active.quiet', a.created_at, a.updated_at
      FROM actors a, generate_series(${FIRST_MEMBER}::bigint, ${last}::bigint) g WHERE a.id = ${template}`);
    await tx.query(sql`
      INSERT INTO actor_timers (id, actor_id, send_id, event, due_at)
      SELECT gen_random_uuid(), 'subscription:' || g, t.send_id, t.event, to_timestamp(${due} / 1000.0)
      FROM actor_timers t, generate_series(${FIRST_MEMBER}::bigint, ${last}::bigint) g
      WHERE t.actor_id = ${template}
        AND t.due_at = (SELECT expires_at FROM vip_memberships WHERE user_id = ${TEMPLATE_ID})`);
  });
  const [timers] = await lucien.app.db.query(
    sql`SELECT count(*)::int AS n FROM actor_timers WHERE actor_id <> ${template}`,
  );
  if (timers?.n !== count) throw new Error(`expected ${count} expiry timers, found ${timers?.n}`);
}

/** Follows the emulator's call log (it keeps the last 2,000 calls) between polls. */
class CallWatcher {
  #seq = 0;
  bans = 0;
  messages = 0;
  tooMany = 0;
  lostLog = false;
  lastBanAt = 0;
  lastMessageAt = 0;

  constructor(
    private readonly sandbox: Sandbox,
    private readonly chats: Set<number>,
  ) {
    this.#seq = sandbox.calls().at(-1)?.seq ?? 0;
  }

  poll(): void {
    const calls = this.sandbox.calls({ sinceSeq: this.#seq });
    if (calls.length > 0 && (calls[0]?.seq ?? 0) > this.#seq + 1) this.lostLog = true;
    const now = performance.now();
    for (const call of calls) {
      this.#seq = call.seq;
      if (call.error?.error_code === 429) this.tooMany++;
      if (!call.ok || !this.chats.has(Number(call.params.chat_id ?? call.params.user_id))) continue;
      if (call.method === 'banChatMember') {
        this.bans++;
        this.lastBanAt = now;
      } else if (call.method === 'sendMessage') {
        this.messages++;
        this.lastMessageAt = now;
      }
    }
  }
}

/** Seeds the wave, waits for its due moment, and follows it until everything is done. */
async function runWave(label: string, flood: boolean, count: number): Promise<WaveResult> {
  const lucien = await startLucien({ mode: 'webhook', cache: 'redis', flood: { enabled: flood } });
  try {
    const { app, sandbox } = lucien;
    seedPeople(sandbox, [TEMPLATE_ID], { inVipChannel: false, firstName: () => 'Plantilla' });
    await activateMembership(app, TEMPLATE_ID);

    const ids = Array.from({ length: count }, (_, i) => FIRST_MEMBER + i);
    seedPeople(sandbox, ids, { inVipChannel: true, firstName: (id) => `Miembro ${id}` });
    const dueAt = app.clock.now() + 15_000 + count;
    await cloneMemberships(lucien, count, dueAt);
    // What the reconciler does at start and every minute: a job for every timer due soon.
    const scheduled = await app.host.reconcileTimers(10 * 60_000);
    if (scheduled < count) throw new Error(`only ${scheduled} timer jobs scheduled`);
    const lead = dueAt - app.clock.now();
    console.log(`  ${label}: ${count} memberships seeded, due in ${fixed(lead / 1000)} s`);
    if (lead < 0) throw new Error('seeding took longer than the lead; the wave would start early');
    await sleep(lead);

    const t0 = performance.now();
    const cpu = cpuMeter();
    const watcher = new CallWatcher(sandbox, new Set(ids));
    // Commits as the host reports them once they are durable: no polling query competing with
    // the wave for Postgres. The table is counted once at the end to confirm.
    const expired = new Set<string>();
    let firstCommit = 0;
    let commitsDone = 0;
    const members = new Set(ids.map((id) => `subscription:${id}`));
    const stopListening = app.host.onCommit((c) => {
      // Later transitions of an expired membership (the chat_member update of its removal) stay
      // in `expired`: each membership counts once.
      if (c.state !== 'expired' || !members.has(c.actorId)) return;
      expired.add(c.actorId);
      if (!firstCommit) firstCommit = performance.now();
      if (expired.size >= count && !commitsDone) commitsDone = performance.now();
    });
    let removalsDone = 0;
    const deadline = t0 + TIMEOUT_MS;
    while (performance.now() < deadline) {
      watcher.poll();
      // A removal follows its commit: the channel is looked at once every expiry has committed.
      if (commitsDone && !removalsDone && stillInVip(sandbox, ids) === 0) removalsDone = performance.now();
      if (commitsDone && removalsDone && watcher.messages >= count) break;
      await sleep(100);
    }
    const used = cpu(count);
    stopListening();
    const [row] = await app.db.query(
      sql`SELECT count(*)::int AS n FROM actors WHERE machine = 'subscription' AND state = 'expired' AND id <> ${`subscription:${TEMPLATE_ID}`}`,
    );
    if (row.n !== expired.size)
      console.log(`  (the table holds ${row.n} expired memberships, the host reported ${expired.size})`);
    await app.host.executor.drain();
    watcher.poll();
    const [outbox] = await app.db.query(sql`
      SELECT count(*) FILTER (WHERE status = 'failed')::int AS failed,
             count(*) FILTER (WHERE status = 'pending')::int AS pending
      FROM outbox WHERE actor_id LIKE 'subscription:%' AND actor_id <> ${`subscription:${TEMPLATE_ID}`}`);
    const undelivered = ids.filter(
      (id) => !sandbox.messages(id).some((m) => m.from?.id === sandbox.bot.id),
    ).length;
    const seconds = (at: number) => (at ? (at - t0) / 1000 : Number.NaN);
    const messagesDone = watcher.messages >= count ? watcher.lastMessageAt : 0;
    return {
      label,
      members: count,
      firstCommitS: seconds(firstCommit),
      commitsDoneS: seconds(commitsDone),
      removalsDoneS: seconds(removalsDone),
      messagesDoneS: seconds(messagesDone),
      totalS: Math.max(seconds(commitsDone), seconds(removalsDone), seconds(messagesDone)),
      calls429: watcher.tooMany,
      undelivered,
      outboxFailed: outbox.failed,
      outboxPending: outbox.pending,
      stillInVip: stillInVip(sandbox, ids),
      lostLog: watcher.lostLog,
      cpu: used,
    };
  } finally {
    await lucien.stop();
  }
}

/**
 * The floor without the runtime: `count` single-row UPDATE transactions on the app's pool, each
 * followed by the Bot API calls of a removal (over HTTP, as the bot makes them: a ban of a minute
 * and the message), 10 at a time.
 */
async function bareLoop(count: number): Promise<{ seconds: number; cpu: CpuPerItem }> {
  const lucien = await startLucien({ mode: 'webhook', cache: 'redis', flood: { enabled: false } });
  try {
    const { app, sandbox } = lucien;
    const ids = Array.from({ length: count }, (_, i) => FIRST_MEMBER + i);
    seedPeople(sandbox, ids, { inVipChannel: true, firstName: (id) => `Miembro ${id}` });
    await app.db.query(
      sql`CREATE TABLE bench_wave (id bigint PRIMARY KEY, version bigint NOT NULL, state text)`,
    );
    await app.db.query(
      sql`INSERT INTO bench_wave SELECT g, 0, 'active' FROM generate_series(${FIRST_MEMBER}::bigint, ${FIRST_MEMBER + count - 1}::bigint) g`,
    );
    const api = `${app.url}/sandbox/bot${sandbox.token}`;
    const call = (method: string, body: unknown) =>
      fetch(`${api}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.arrayBuffer());
    let next = 0;
    const started = performance.now();
    const cpu = cpuMeter();
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < count) {
          const id = ids[next++] as number;
          await app.db.tx((tx) =>
            tx.query(sql`UPDATE bench_wave SET version = version + 1, state = 'expired' WHERE id = ${id}`),
          );
          await call('banChatMember', {
            chat_id: sandbox.vipChannelId,
            user_id: id,
            until_date: Math.floor(app.clock.now() / 1000) + REMOVAL_BAN_SECONDS,
          });
          await call('sendMessage', { chat_id: id, text: 'Su membresía ha concluido.' });
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    // The chat_member updates the bans bring back have reached the webhook by now, or nearly.
    return { seconds, cpu: cpu(count) };
  } finally {
    await lucien.stop();
  }
}

const s = (n: number) => (Number.isNaN(n) ? 'not done' : fixed(n, 1));

/** One row per wave and the targets: 500 expiries/s without flood limits, within 10% of the limit's minimum with them. */
function report(results: WaveResult[], bare: { seconds: number; cpu: CpuPerItem } | undefined): void {
  printTable(
    [
      'wave',
      'members',
      'first s',
      'commits s',
      'removals s',
      'messages s',
      'total s',
      'expiries/s',
      '429s',
      'lost',
      'outbox failed/pending',
      'cpu ms',
      'pg cpu',
    ],
    results.map((r) => [
      r.label,
      String(r.members),
      s(r.firstCommitS),
      s(r.commitsDoneS),
      s(r.removalsDoneS),
      s(r.messagesDoneS),
      s(r.totalS),
      fixed(r.members / r.totalS, 0),
      String(r.calls429),
      String(r.undelivered + r.stillInVip),
      `${r.outboxFailed}/${r.outboxPending}`,
      fixed(r.cpu.process, 2),
      r.cpu.postgres === null ? 'n/a' : fixed(r.cpu.postgres, 2),
    ]),
  );
  console.log(
    '\nSeconds from the due moment: first expiry committed, all committed, all removed from the VIP channel, all expiry messages sent.' +
      '\nlost: members never told or never removed. 429s: answers "Too Many Requests" the emulator gave (retried if handled).' +
      '\ncpu ms / pg cpu: CPU time per expiry of this process (the app, its emulator, the watcher) and of the Postgres server, from the due moment until all was done.',
  );
  if (results.some((r) => r.lostLog))
    console.log('(the emulator call log overflowed between polls: 429s undercounted)');
  console.log('');
  const off = results.find((r) => r.label.includes('off'));
  if (off && bare !== undefined) {
    const pg = bare.cpu.postgres === null ? 'n/a' : fixed(bare.cpu.postgres, 2);
    console.log(
      `baseline: bare loop of ${off.members} UPDATE transactions + banChatMember (a minute), sendMessage: ${fixed(bare.seconds)} s (${fixed(off.members / bare.seconds, 0)}/s), cpu ${fixed(bare.cpu.process, 2)} ms and pg cpu ${pg} ms per item; Lucien ${fixed(off.totalS / bare.seconds, 2)}x its time`,
    );
    printTarget(
      'expiries/s, flood limits off',
      fixed(off.members / off.totalS, 0),
      '>= 500/s',
      off.members / off.totalS >= 500,
    );
  }
  const on = results.find((r) => r.label.includes('on'));
  if (on) {
    const minimum = Math.max(0, on.members - FLOOD_PER_SECOND) / FLOOD_PER_SECOND;
    console.log(`baseline: the flood limit allows ${on.members} messages in ${fixed(minimum)} s at best`);
    printTarget(
      'total time vs the minimum, flood limits on',
      `${fixed(on.totalS)} s`,
      `<= ${fixed(minimum * 1.1)} s`,
      on.totalS <= minimum * 1.1,
    );
    printTarget(
      'nothing lost, no 429 left unhandled',
      String(on.undelivered + on.stillInVip + on.outboxFailed + on.outboxPending),
      '0',
      on.undelivered + on.stillInVip + on.outboxFailed + on.outboxPending === 0,
    );
  }
}

console.log(
  `expiry wave: ${MEMBERS} active memberships due within one second, fired by pg-boss jobs (production path), Postgres + Redis, all on 127.0.0.1`,
);
const results: WaveResult[] = [];
let bare: { seconds: number; cpu: CpuPerItem } | undefined;
if (values.flood !== 'on') {
  bare = await bareLoop(MEMBERS);
  results.push(await runWave('flood limits off', false, MEMBERS));
}
if (values.flood !== 'off') results.push(await runWave('flood limits on (30/s)', true, MEMBERS));
report(results, bare);
process.exit(0);
