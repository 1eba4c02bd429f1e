import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import databasesPg, { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  type EmbeddedPostgres,
  EmbeddedPostgresLockedError,
  embeddedPostgresLockFile,
  startEmbeddedPostgres,
} from '../../src/adapters/postgres/embedded.ts';

const createConnectionPool = databasesPg.default;
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const embeddedModule = fileURLToPath(new URL('../../src/adapters/postgres/embedded.ts', import.meta.url));

let root: string;
let dataDir: string;
const running = new Set<EmbeddedPostgres>();

async function start(dir = dataDir, port?: number): Promise<{ pg: EmbeddedPostgres; seconds: number }> {
  const started = performance.now();
  const pg = await startEmbeddedPostgres({ dataDir: dir, port });
  running.add(pg);
  return { pg, seconds: (performance.now() - started) / 1000 };
}

async function stop(pg: EmbeddedPostgres): Promise<void> {
  await pg.stop();
  running.delete(pg);
}

async function query<T>(url: string, text: ReturnType<typeof sql>): Promise<T[]> {
  const pool = createConnectionPool({
    connectionString: url,
    ssl: 'disable',
    bigIntMode: 'bigint',
    poolSize: 1,
  });
  try {
    return (await pool.query(text)) as T[];
  } finally {
    await pool.dispose();
  }
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  if (child.pid === undefined) throw new Error('no pid');
  return child.pid;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** Alive and not a zombie waiting to be reaped. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

test.before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lucien-embedded-pg-'));
  // mkdtemp makes it private (0700); as root, Postgres runs as the postgres user, who must enter it.
  await chmod(root, 0o755);
  dataDir = path.join(root, 'data');
});

test.after(async () => {
  for (const pg of running) await pg.stop();
  await rm(root, { recursive: true, force: true });
});

test('first start initialises the cluster and a query works', async () => {
  const { pg, seconds } = await start();
  console.log(`    embedded Postgres first start (initdb): ${seconds.toFixed(2)} s`);
  assert.match(pg.url, /^postgres:\/\/lucien:[^@]+@127\.0\.0\.1:\d+\/lucien$/);
  const [row] = await query<{ db: string; encoding: string; upper: string }>(
    pg.url,
    sql`SELECT current_database() AS db, current_setting('server_encoding') AS encoding, upper('señor ñandú') AS upper`,
  );
  assert.equal(row, { db: 'lucien', encoding: 'UTF8', upper: 'SEÑOR ÑANDÚ' });
  await query(pg.url, sql`CREATE TABLE kept (note text)`);
  await query(pg.url, sql`INSERT INTO kept VALUES ('from the first run')`);
  assert.ok(existsSync(path.join(dataDir, 'pg', 'PG_VERSION')));
  await stop(pg);
  assert.not.ok(existsSync(embeddedPostgresLockFile(dataDir)), 'stop releases the lock');
});

test('a second start reuses the data on the given port', async () => {
  const port = await freePort();
  const { pg, seconds } = await start(dataDir, port);
  console.log(`    embedded Postgres second start (reuse): ${seconds.toFixed(2)} s`);
  assert.ok(pg.url.includes(`:${port}/`));
  assert.equal(await query(pg.url, sql`SELECT note FROM kept`), [{ note: 'from the first run' }]);
  await stop(pg);
});

test('a second concurrent start on the same directory is refused before touching the cluster', async () => {
  const { pg } = await start();
  const pgVersion = await readFile(path.join(dataDir, 'pg', 'PG_VERSION'), 'utf8');
  try {
    await startEmbeddedPostgres({ dataDir });
    assert.unreachable('the second start should have been refused');
  } catch (error) {
    assert.instance(error, EmbeddedPostgresLockedError);
    assert.ok((error as Error).message.includes(dataDir), (error as Error).message);
    assert.match((error as Error).message, /DATA_DIR/);
  }
  assert.equal(await query(pg.url, sql`SELECT count(*)::int AS n FROM kept`), [{ n: 1 }]);
  assert.is(await readFile(path.join(dataDir, 'pg', 'PG_VERSION'), 'utf8'), pgVersion);
  await stop(pg);
  await pg.stop();
});

test('a stale lock left by a dead process is taken over', async () => {
  await writeFile(embeddedPostgresLockFile(dataDir), JSON.stringify({ pid: await deadPid(), started: '1' }));
  const { pg } = await start();
  assert.equal(await query(pg.url, sql`SELECT note FROM kept`), [{ note: 'from the first run' }]);
  await stop(pg);
});

test('a lock whose pid now belongs to another process (pid reuse after a restart) is taken over', async () => {
  await writeFile(embeddedPostgresLockFile(dataDir), JSON.stringify({ pid: process.ppid, started: '1' }));
  const { pg } = await start();
  await stop(pg);
});

/** Another Lucien process: starts the embedded Postgres on dataDir in a child and waits there. */
async function startAppInChild(): Promise<{ url: string; killHard(): Promise<void> }> {
  const script = `
    import { startEmbeddedPostgres } from ${JSON.stringify(embeddedModule)};
    const pg = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} });
    console.log(JSON.stringify({ url: pg.url }));
    setInterval(() => {}, 1000);
  `;
  const app = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  const exited = once(app, 'exit');
  const firstLine = once(createInterface({ input: app.stdout }), 'line') as Promise<[string]>;
  const died = exited.then(([code]): never => {
    throw new Error(`the app exited with ${code} before it was ready`);
  });
  const [line] = await Promise.race([firstLine, died]);
  const { url } = JSON.parse(line) as { url: string };
  return {
    url,
    killHard: async () => {
      app.kill('SIGKILL');
      await exited;
    },
  };
}

async function postmasterPid(): Promise<number> {
  return Number((await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

test('after a kill -9 of the app, the next start stops its orphaned Postgres and starts again', async () => {
  const app = await startAppInChild();
  await query(app.url, sql`INSERT INTO kept VALUES ('written before the app was killed')`);
  await app.killHard();
  const orphan = await postmasterPid();
  assert.ok(isAlive(orphan), 'Postgres outlives a kill -9 of its app');

  const { pg } = await start();
  assert.not.ok(isAlive(orphan), 'the orphan was stopped');
  assert.equal(await query(pg.url, sql`SELECT note FROM kept ORDER BY note`), [
    { note: 'from the first run' },
    { note: 'written before the app was killed' },
  ]);
  await stop(pg);
});

test('after a kill -9 of both the app and its Postgres, the cluster starts again and recovers', async () => {
  const app = await startAppInChild();
  await query(app.url, sql`INSERT INTO kept VALUES ('written before both were killed')`);
  const postmaster = await postmasterPid();
  await app.killHard();
  process.kill(postmaster, 'SIGKILL');

  const { pg } = await start();
  assert.equal(await query(pg.url, sql`SELECT count(*)::int AS n FROM kept`), [{ n: 3 }]);
  await stop(pg);
});

test('a directory that is not a cluster is never initialised over', async () => {
  const other = path.join(root, 'not-a-cluster');
  await mkdir(path.join(other, 'pg'), { recursive: true });
  await writeFile(path.join(other, 'pg', 'precious.txt'), 'keep me');
  try {
    await startEmbeddedPostgres({ dataDir: other });
    assert.unreachable('should refuse');
  } catch (error) {
    assert.match((error as Error).message, /not a Postgres cluster/);
  }
  assert.is(await readFile(path.join(other, 'pg', 'precious.txt'), 'utf8'), 'keep me');
  assert.not.ok(existsSync(embeddedPostgresLockFile(other)), 'a failed start releases the lock');
});

test.run();
