/**
 * Events per second through `host.send`, on real Postgres and Redis:
 *  - one hot actor (every event serialised on one row),
 *  - 1,000 actors receiving events concurrently,
 * beside a baseline measured in the same run: a bare transaction doing one UPDATE of a
 * versioned row on the same pool (the floor cost of any durable state change).
 * Usage: npm run bench [-- --events 4000 --concurrency 32]
 * Needs Postgres on 127.0.0.1:5432 (BENCH_DATABASE_URL) and Redis on 6379 (BENCH_REDIS_URL).
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg, { sql } from '@databases/pg';
import { assign, setup } from 'xstate';
import { createCache } from '../src/adapters/cache/index.ts';
import { migrate } from '../src/adapters/postgres/migrations.ts';
import { createPool } from '../src/adapters/postgres/pool.ts';
import { rootLogger } from '../src/log.ts';
import { Clock } from '../src/runtime/clock.ts';
import { ActorHost } from '../src/runtime/host.ts';
import { MachineRegistry } from '../src/runtime/registry.ts';

const { values } = parseArgs({
  options: { events: { type: 'string', default: '4000' }, concurrency: { type: 'string', default: '32' } },
});
const EVENTS = Number(values.events);
const CONCURRENCY = Number(values.concurrency);
const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

const counter = setup({
  types: {} as { context: { n: number }; events: { type: 'INC' } },
}).createMachine({
  id: 'counter',
  context: { n: 0 },
  initial: 'counting',
  states: { counting: { on: { INC: { actions: assign({ n: ({ context }) => context.n + 1 }) } } } },
});

async function timed(label: string, total: number, work: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        await work(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    (latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0).toFixed(1);
  const rate = total / seconds;
  console.log(
    `${label.padEnd(44)} ${rate.toFixed(0).padStart(7)} events/s   p50 ${pct(0.5)} ms   p99 ${pct(0.99)} ms`,
  );
  return rate;
}

const name = `lucien_bench_${randomBytes(4).toString('hex')}`;
const admin = pg.default({ connectionString: SERVER, ssl: 'disable', bigIntMode: 'number' });
await admin.query(sql`CREATE DATABASE ${sql.ident(name)}`);
const url = new URL(SERVER);
url.pathname = `/${name}`;
const db = createPool(url.toString(), { log: rootLogger, poolSize: 20 });
const cache = await createCache({ redisUrl: REDIS, prefix: `lucien-bench:${name}:`, log: rootLogger });
try {
  await migrate(db, rootLogger);
  const host = new ActorHost({
    db,
    cache,
    clock: new Clock(),
    registry: new MachineRegistry([{ name: 'counter', version: 1, machine: counter }]),
    log: rootLogger,
  });
  console.log(
    `host.send benchmark: ${EVENTS} events, concurrency ${CONCURRENCY}, Postgres + Redis (${cache.health().kind})`,
  );

  await db.query(
    sql`CREATE TABLE bench_rows (id text PRIMARY KEY, version bigint NOT NULL, body jsonb NOT NULL)`,
  );
  await db.query(sql`INSERT INTO bench_rows SELECT 'row:' || g, 0, '{}' FROM generate_series(0, 999) g`);
  const baseline = await timed('baseline: bare UPDATE transaction, 1,000 rows', EVENTS, (i) =>
    db.tx((tx) =>
      tx.query(
        sql`UPDATE bench_rows SET version = version + 1, body = ${JSON.stringify({ i })}::jsonb WHERE id = ${`row:${i % 1000}`}`,
      ),
    ),
  );
  const hot = await timed('host.send, one hot actor', Math.min(EVENTS, 2000), () =>
    host.send('counter:hot', { type: 'INC' }),
  );
  const spread = await timed('host.send, 1,000 actors', EVENTS, (i) =>
    host.send(`counter:${i % 1000}`, { type: 'INC' }),
  );
  const stats = cache.stats();
  console.log(
    `1,000 actors vs baseline: ${(spread / baseline).toFixed(2)}x; hot actor vs baseline: ${(hot / baseline).toFixed(2)}x`,
  );
  console.log(
    `cache: ${stats.hits} hits, ${stats.misses} misses (hit rate ${((100 * stats.hits) / Math.max(1, stats.hits + stats.misses)).toFixed(1)}%)`,
  );
  console.log(`RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB`);
} finally {
  await cache.close();
  await db.dispose();
  await admin.query(sql`DROP DATABASE IF EXISTS ${sql.ident(name)} WITH (FORCE)`);
  await admin.dispose();
}
