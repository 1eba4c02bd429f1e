/**
 * A system under test: the plain grammY menu bot behind `webhookCallback(bot, 'std/http')` on
 * a node:http server on loopback, talking over HTTP to a Telegram emulator of its own, with
 * sessions in Postgres (@grammyjs/storage-psql, a database of its own) or in memory.
 * Run by bench/webhook.ts: `--storage psql|memory --people N`.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { PsqlAdapter } from '@grammyjs/storage-psql';
import { webhookCallback } from 'grammy';
import pg from 'pg';
import { createBotApiHandler, Sandbox, serveFetchHandler } from '../../src/sandbox/index.ts';
import type { QueryCounts } from '../support/query-counter.ts';
import { createMenuBot } from './menu-bot.ts';
import { primePeople } from './people.ts';
import { serveTarget } from './target-ipc.ts';

const { values } = parseArgs({
  options: { storage: { type: 'string', default: 'memory' }, people: { type: 'string', default: '400' } },
});
const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECRET = 'baseline-secret-0123456789';

const sandbox = new Sandbox({ flood: { enabled: false } });
const emulator = await serveFetchHandler(createBotApiHandler(sandbox, { basePath: '' }), { port: 0 });

const counts: QueryCounts = { statements: 0, transactions: 0 };
let database: string | null = null;
let pool: pg.Pool | undefined;
let storage: PsqlAdapter<{ screen: string; presses: number }> | undefined;
if (values.storage === 'psql') {
  database = `lucien_bench_psql_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  const url = new URL(SERVER);
  url.pathname = `/${database}`;
  // A pool of the same size as Lucien's; the adapter only calls `query`, which a Pool has too.
  pool = new pg.Pool({ connectionString: url.toString(), max: 20 });
  countPoolQueries(pool);
  storage = (await PsqlAdapter.create({
    tableName: 'sessions',
    client: pool as unknown as pg.Client,
  })) as PsqlAdapter<{ screen: string; presses: number }>;
}

/** The adapter's statements: it only calls `pool.query`, each an autocommit statement (no transactions). */
function countPoolQueries(target: pg.Pool): void {
  const query = target.query.bind(target) as (...args: unknown[]) => unknown;
  (target as unknown as { query: (...args: unknown[]) => unknown }).query = (...args) => {
    counts.statements++;
    return query(...args);
  };
}

const bot = createMenuBot({ token: sandbox.token, apiRoot: emulator.url, storage });
await bot.init();
const server = await serveFetchHandler(webhookCallback(bot, 'std/http', { secretToken: SECRET }), {
  port: 0,
});
const webhookUrl = `${server.url}/webhook`;
await bot.api.setWebhook(webhookUrl, { secret_token: SECRET });
const people = await primePeople(sandbox, Number(values.people));

serveTarget(
  { webhookUrl, secret: SECRET, database, people },
  {
    sandbox,
    queries: pool ? () => ({ ...counts }) : undefined,
    async stop() {
      await server.close();
      await pool?.end();
      sandbox.close();
      await emulator.close();
    },
  },
);
