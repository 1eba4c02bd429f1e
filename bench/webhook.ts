/**
 * Webhook throughput and latency of the whole app (real Postgres, Redis, pg-boss, h3 and the
 * Telegram emulator), beside two baselines measured in the same run on the same updates:
 *  - the same menu as a plain grammY bot with sessions in Postgres (@grammyjs/storage-psql),
 *  - the same bot with in-memory sessions (the ceiling of this harness).
 * Each system runs in a child process of its own; this process only generates load.
 * `--variant cache` runs Lucien three times instead: Redis, the in-process cache, no cache.
 * `--variant lucien` runs Lucien alone; BENCH_CHILD_ARGS adds Node options to each system's
 * process (to profile it: BENCH_CHILD_ARGS='--cpu-prof --cpu-prof-dir=prof').
 * Usage: npm run bench:webhook [-- --updates 4000 --people 400 --concurrency 32 --variant baselines|cache|lucien]
 * Needs Postgres on 127.0.0.1:5432 (BENCH_DATABASE_URL) and Redis on 6379 (BENCH_REDIS_URL).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg, { sql } from '@databases/pg';
import type { BenchPerson } from './baseline/people.ts';
import type { TargetReady, TargetStats } from './baseline/target-ipc.ts';
import { type QueryCounts, roundTrips } from './support/query-counter.ts';
import { processCpuMs } from './support/server-cpu.ts';

const { values } = parseArgs({
  options: {
    updates: { type: 'string', default: '4000' },
    people: { type: 'string', default: '400' },
    concurrency: { type: 'string', default: '32' },
    variant: { type: 'string', default: 'baselines' },
    serve: { type: 'string' },
    cache: { type: 'string', default: 'redis' },
  },
});
const UPDATES = Number(values.updates);
const PEOPLE = Number(values.people);
const CONCURRENCY = Number(values.concurrency);
const WARMUP = Math.min(1000, Math.floor(UPDATES / 10));
const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

if (values.serve === 'lucien') await serveLucien();
else await main();

/** The child that runs Lucien in webhook mode (flood control off) with the cache of `--cache`. */
async function serveLucien(): Promise<void> {
  const { startLucien } = await import('./support/lucien.ts');
  const { primePeople } = await import('./baseline/people.ts');
  const { serveTarget } = await import('./baseline/target-ipc.ts');
  const cache = values.cache === 'memory' || values.cache === 'off' ? values.cache : 'redis';
  const lucien = await startLucien({ mode: 'webhook', cache });
  const people = await primePeople(lucien.sandbox, PEOPLE);
  await lucien.app.host.executor.drain();
  serveTarget(
    { webhookUrl: lucien.webhookUrl, secret: lucien.secret, database: lucien.database.name, people },
    {
      sandbox: lucien.sandbox,
      cache: () => lucien.app.cache.stats(),
      queries: lucien.queries,
      drain: () => lucien.app.host.executor.drain(),
      // The database is dropped by the parent, after it has read pg_stat_database.
      stop: () => lucien.stop({ keepDatabase: true }),
    },
  );
}

type Kind = 'start' | 'press' | 'text';

/** A deterministic mix: 20% /start, 40% menu button presses, 40% free text. */
function planUpdates(people: number): Array<{ kind: Kind; person: number; screen: string }> {
  let seed = 0x2545f491;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  return Array.from({ length: UPDATES }, () => {
    const r = random();
    const kind: Kind = r < 0.2 ? 'start' : r < 0.6 ? 'press' : 'text';
    return { kind, person: Math.floor(random() * people), screen: random() < 0.5 ? 'about' : 'home' };
  });
}

function updateFor(
  plan: { kind: Kind; person: number; screen: string },
  person: BenchPerson,
  updateId: number,
  botId: number,
) {
  const from = { id: person.id, is_bot: false, first_name: person.firstName };
  const chat = { id: person.id, type: 'private' as const, first_name: person.firstName };
  const date = Math.floor(Date.now() / 1000);
  if (plan.kind === 'press') {
    return {
      update_id: updateId,
      callback_query: {
        id: `bench-${updateId}`,
        from,
        chat_instance: `ci-${person.id}`,
        data: `1:nav:${plan.screen}`,
        message: {
          message_id: person.menuMessageId,
          from: { id: botId, is_bot: true, first_name: 'Lucien' },
          chat,
          date,
          text: 'menu',
        },
      },
    };
  }
  const text = plan.kind === 'start' ? '/start' : `Buenas noches, Lucien. Mensaje ${updateId}.`;
  const entities = plan.kind === 'start' ? [{ type: 'bot_command', offset: 0, length: 6 }] : undefined;
  return {
    update_id: updateId,
    message: { message_id: 1_000_000 + updateId, from, chat, date, text, ...(entities ? { entities } : {}) },
  };
}

interface Target {
  child: ChildProcess;
  ready: TargetReady;
  request<T>(message: unknown, reply: string): Promise<T>;
}

function startTarget(label: string, file: string, args: string[]): Promise<Target> {
  const child = fork(file, args, {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_CHILD_ARGS?.split(' ').filter(Boolean) ?? [])],
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const request = <T>(message: unknown, reply: string) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${label}: no '${reply}' within 180 s`)), 180_000);
      const onMessage = (m: { type: string }) => {
        if (m.type !== reply) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(m as T);
      };
      child.on('message', onMessage);
      if (message) child.send(message as never);
    });
  return request<TargetReady>(null, 'ready').then((ready) => ({ child, ready, request }));
}

async function xactCount(admin: pg.ConnectionPool, database: string | null): Promise<number | null> {
  if (!database) return null;
  const [row] = await admin.query(
    sql`SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = ${database}`,
  );
  return row ? Number(row.n) : null;
}

/** POSTs the bodies to the webhook, `CONCURRENCY` at a time; the HTTP round trip of each. */
async function post(ready: TargetReady, bodies: string[]): Promise<{ latencies: number[]; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const t0 = performance.now();
        const response = await fetch(ready.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': ready.secret },
          body,
        }).catch(() => undefined);
        await response?.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (!response?.ok) errors++;
      }
    }),
  );
  return { latencies, errors };
}

interface Result {
  label: string;
  rate: number;
  completedRate: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  xactPerUpdate: number | null;
  statementsPerUpdate: number | null;
  roundTripsPerUpdate: number | null;
  hitRate: number | null;
  rssMiB: number;
  maxRssMiB: number;
  /** CPU time of the system's process per update during the measured run, ms. */
  cpuPerUpdate: number;
  /** CPU time of the Postgres server's processes per update during the measured run, ms (null without /proc). */
  pgCpuPerUpdate: number | null;
  /** The same for Redis (null without /proc). */
  redisCpuPerUpdate: number | null;
  /** CPU time of this load-generating process per update, ms: it shares the machine too. */
  loadCpuPerUpdate: number;
  apiCallsPerUpdate: number;
  recentCalls: Record<string, string>;
}

async function measure(
  label: string,
  file: string,
  args: string[],
  admin: pg.ConnectionPool,
): Promise<Result> {
  const target = await startTarget(label, file, args);
  const { ready } = target;
  try {
    const plan = planUpdates(ready.people.length);
    const body = (p: (typeof plan)[number], updateId: number) =>
      JSON.stringify(updateFor(p, ready.people[p.person] as BenchPerson, updateId, 0));
    // An unmeasured warm-up (JIT, connection pools), then the measured run, on other update ids.
    await post(
      ready,
      plan.slice(0, WARMUP).map((p, i) => body(p, 40_000_000 + i)),
    );
    const before = await target.request<TargetStats>({ type: 'stats', drain: true }, 'stats');
    const xactBefore = await xactCount(admin, ready.database);
    const pgCpuBefore = processCpuMs('postgres');
    const redisCpuBefore = processCpuMs('redis-server');
    const loadCpuBefore = process.cpuUsage();
    const started = performance.now();
    const { latencies, errors } = await post(
      ready,
      plan.map((p, i) => body(p, 50_000_000 + i)),
    );
    const acked = performance.now() - started;
    const after = await target.request<TargetStats>({ type: 'stats', drain: true }, 'stats');
    const pgCpuAfter = processCpuMs('postgres');
    const redisCpuAfter = processCpuMs('redis-server');
    const loadCpu = process.cpuUsage(loadCpuBefore);
    const completed = acked + after.drainMs;
    // Stopping closes the system's connections, which flushes their pg_stat counters.
    await target.request({ type: 'stop' }, 'stopped');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const xactAfter = await xactCount(admin, ready.database);
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
    const perUpdate = (pick: (q: QueryCounts) => number) =>
      after.queries && before.queries ? (pick(after.queries) - pick(before.queries)) / UPDATES : null;
    const hits = (after.cache?.hits ?? 0) - (before.cache?.hits ?? 0);
    const misses = (after.cache?.misses ?? 0) - (before.cache?.misses ?? 0);
    return {
      label,
      rate: UPDATES / (acked / 1000),
      completedRate: UPDATES / (completed / 1000),
      p50: pct(0.5),
      p95: pct(0.95),
      p99: pct(0.99),
      errors,
      xactPerUpdate: xactBefore === null || xactAfter === null ? null : (xactAfter - xactBefore) / UPDATES,
      statementsPerUpdate: perUpdate((q) => q.statements),
      roundTripsPerUpdate: perUpdate(roundTrips),
      hitRate: after.cache ? hits / Math.max(1, hits + misses) : null,
      rssMiB: after.rssMiB,
      maxRssMiB: after.maxRssMiB,
      cpuPerUpdate: (after.cpuMs - before.cpuMs) / UPDATES,
      pgCpuPerUpdate:
        pgCpuBefore === null || pgCpuAfter === null || !ready.database
          ? null
          : (pgCpuAfter - pgCpuBefore) / UPDATES,
      redisCpuPerUpdate:
        redisCpuBefore === null || redisCpuAfter === null ? null : (redisCpuAfter - redisCpuBefore) / UPDATES,
      loadCpuPerUpdate: (loadCpu.user + loadCpu.system) / 1000 / UPDATES,
      apiCallsPerUpdate: (after.apiCalls - before.apiCalls) / UPDATES,
      recentCalls: after.recentCalls,
    };
  } finally {
    if (target.child.exitCode === null) target.child.kill();
    if (ready.database) {
      await admin.query(sql`DROP DATABASE IF EXISTS ${sql.ident(ready.database)} WITH (FORCE)`);
    }
  }
}

async function main(): Promise<void> {
  console.log(
    `webhook benchmark: ${UPDATES} updates (20% /start, 40% button presses, 40% text) from ${PEOPLE} people, concurrency ${CONCURRENCY}, after ${WARMUP} unmeasured warm-up updates, all on 127.0.0.1`,
  );
  const admin = pg.default({ connectionString: SERVER, ssl: 'disable', bigIntMode: 'number' });
  const self = fileURLToPath(import.meta.url);
  const grammy = fileURLToPath(new URL('./baseline/grammy-target.ts', import.meta.url));
  const size = ['--people', String(PEOPLE)];
  const lucien = (cache: string) => ['--serve', 'lucien', '--cache', cache, ...size];
  try {
    const results: Result[] = [];
    if (values.variant === 'cache') {
      results.push(await measure('Lucien, Redis cache', self, lucien('redis'), admin));
      results.push(await measure('Lucien, in-process cache', self, lucien('memory'), admin));
      results.push(await measure('Lucien, no cache (CACHE=off)', self, lucien('off'), admin));
      printTable(results);
      printCacheEffect(results);
      return;
    }
    results.push(await measure('Lucien (webhook, Postgres + Redis)', self, lucien('redis'), admin));
    if (values.variant === 'lucien') {
      printTable(results);
      return;
    }
    results.push(await measure('grammY + storage-psql', grammy, ['--storage', 'psql', ...size], admin));
    results.push(await measure('grammY + memory sessions', grammy, ['--storage', 'memory', ...size], admin));
    printTable(results);
    printTargets(results);
  } finally {
    await admin.dispose();
  }
}

/** A fixed-point figure (declared as a function so the top-level `await main()` can use it). */
function f(n: number, d = 1): string {
  return n.toFixed(d);
}

/** A figure, or n/a when the system has none. */
function orNa(n: number | null, d: number): string {
  return n === null ? 'n/a' : f(n, d);
}

/** One row per system: throughput, latency, Postgres work, cache and memory. */
function printTable(results: Result[]): void {
  console.log(
    `\n${'system'.padEnd(36)} ${'acked/s'.padStart(8)} ${'done/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'errors'.padStart(6)} ${'xact/upd'.padStart(8)} ${'stmt/upd'.padStart(8)} ${'rt/upd'.padStart(6)} ${'cache hit'.padStart(9)} ${'cpu ms'.padStart(6)} ${'pg cpu'.padStart(6)} ${'redis'.padStart(5)} ${'load'.padStart(5)} ${'RSS MiB'.padStart(7)} ${'peak'.padStart(5)}`,
  );
  for (const r of results) {
    console.log(
      `${r.label.padEnd(36)} ${f(r.rate, 0).padStart(8)} ${f(r.completedRate, 0).padStart(8)} ${f(r.p50).padStart(7)} ${f(r.p95).padStart(7)} ${f(r.p99).padStart(7)} ${String(r.errors).padStart(6)} ${orNa(r.xactPerUpdate, 2).padStart(8)} ${orNa(r.statementsPerUpdate, 2).padStart(8)} ${orNa(r.roundTripsPerUpdate, 2).padStart(6)} ${(r.hitRate === null ? 'n/a' : `${f(100 * r.hitRate)}%`).padStart(9)} ${f(r.cpuPerUpdate, 2).padStart(6)} ${orNa(r.pgCpuPerUpdate, 2).padStart(6)} ${orNa(r.redisCpuPerUpdate, 2).padStart(5)} ${f(r.loadCpuPerUpdate, 2).padStart(5)} ${f(r.rssMiB, 0).padStart(7)} ${f(r.maxRssMiB, 0).padStart(5)}`,
    );
  }
  console.log(
    '\nBot API calls per update, and per method ok/failed over the last 2,000 calls (a check that each system did the work):',
  );
  for (const r of results) {
    const methods = Object.entries(r.recentCalls)
      .map(([m, c]) => `${m} ${c}`)
      .join(', ');
    console.log(`  ${r.label.padEnd(36)} ${r.apiCallsPerUpdate.toFixed(2)}/update   ${methods}`);
  }
  console.log(
    '\nacked/s: updates / time until the last webhook answered. done/s: until every reply was also sent to the emulator' +
      " (Lucien sends replies after commit, outside the webhook's answer; grammY sends them inside it)." +
      "\nxact/upd: (xact_commit + xact_rollback) delta of pg_stat_database for the system's own database, per update, including background work (pg-boss) during the run." +
      "\nstmt/upd: statements sent through the system's own pool (not pg-boss's), per update; rt/upd: those plus BEGIN and COMMIT of each transaction, i.e. Postgres round trips.",
  );
  console.log(
    "cpu ms: CPU time (user + system) of the system's own process per update during the measured run; the emulator runs in that process for every system. pg cpu: CPU time of the Postgres server's processes on this machine per update (all its work during the run, pg-boss included). redis: the same for the Redis server (every system's run is counted; only Lucien uses it). load: CPU time of the load generator (this process) per update; all of these share the machine's cores.",
  );
}

/** The issue's three targets, each met or not met. */
function printTargets(results: Result[]): void {
  const [lucien, psql, memory] = results as [Result, Result, Result];
  const line = (what: string, value: string, target: string, met: boolean) =>
    console.log(
      `${what.padEnd(52)} ${value.padStart(8)}   target ${target.padEnd(22)} ${met ? 'met' : 'NOT met'}`,
    );
  console.log('');
  line(
    'Lucien / storage-psql throughput (acked)',
    `${f(lucien.rate / psql.rate, 2)}x`,
    '>= 1.3x',
    lucien.rate / psql.rate >= 1.3,
  );
  line(
    'Lucien / storage-psql throughput (done)',
    `${f(lucien.completedRate / psql.completedRate, 2)}x`,
    '>= 1.3x',
    lucien.completedRate / psql.completedRate >= 1.3,
  );
  line(
    'Lucien / in-memory throughput (acked)',
    `${f((100 * lucien.rate) / memory.rate)}%`,
    '>= 85%',
    lucien.rate / memory.rate >= 0.85,
  );
  line(
    'Lucien / in-memory throughput (done)',
    `${f((100 * lucien.completedRate) / memory.completedRate)}%`,
    '>= 85%',
    lucien.completedRate / memory.completedRate >= 0.85,
  );
  line('Lucien p99 vs storage-psql p99', `${f(lucien.p99)} ms`, `< ${f(psql.p99)} ms`, lucien.p99 < psql.p99);
  printHeadroom(lucien, psql, memory);
}

/** Everything the machine spent per update on a system: its process, Postgres, Redis, the load generator. */
function machineCpu(r: Result): number {
  return r.cpuPerUpdate + (r.pgCpuPerUpdate ?? 0) + (r.redisCpuPerUpdate ?? 0) + r.loadCpuPerUpdate;
}

/**
 * Where the targets stand against this run's own ceiling: 1.3x storage-psql beside the in-memory
 * bot's throughput, and what each system cost the machine per update above the in-memory bot.
 */
function printHeadroom(lucien: Result, psql: Result, memory: Result): void {
  const wanted = 1.3 * psql.rate;
  console.log(
    `\n1.3x storage-psql is ${f(wanted, 0)} updates/s; the in-memory bot, which keeps nothing, reached ${f(memory.rate, 0)}/s in this run` +
      (wanted > memory.rate ? ' (the target is above the ceiling of this run).' : '.'),
  );
  const base = machineCpu(memory);
  const over = (r: Result) => `${f(machineCpu(r), 2)} ms (+${f(machineCpu(r) - base, 2)})`;
  console.log(
    `Machine CPU per update (process + Postgres + Redis + load generator): in-memory ${f(base, 2)} ms, storage-psql ${over(psql)}, Lucien ${over(lucien)}.`,
  );
}

/** Each cache mode's throughput and p99 against the Redis run's. */
function printCacheEffect(results: Result[]): void {
  const [redis] = results as [Result];
  console.log('');
  for (const r of results) {
    console.log(
      `${r.label.padEnd(36)} throughput ${f((100 * r.rate) / redis.rate).padStart(6)}% of Redis's   p99 ${f(r.p99).padStart(7)} ms (Redis ${f(redis.p99)} ms)   rt/upd ${orNa(r.roundTripsPerUpdate, 2)}`,
    );
  }
}
