import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import databasesPg, { sql } from '@databases/pg';
import type { Logger } from '../../../log.ts';
import type { Owner } from './postgres-user.ts';
import { SHUTDOWN_TIMEOUT_MS, shutDown } from './processes.ts';
import { type OutputLines, spawnBinary } from './programs.ts';

/* The server process: start it on a free port, wait until it is ready, create the database, stop it. */

const READY_TIMEOUT_MS = 60_000;
const PORT_ATTEMPTS = 3;
// @databases/pg is CommonJS: under NodeNext its default import is the module object, whose `default`
// is createConnectionPool (calling the default import directly does not type-check).
const createConnectionPool = databasesPg.default;

export interface PostgresProcess {
  port: number;
  stop(): Promise<void>;
}

export async function startServer(
  postgres: string,
  pgDir: string,
  owner: Owner | undefined,
  port: number | undefined,
  log: Logger,
): Promise<PostgresProcess> {
  for (let attempt = 1; ; attempt++) {
    const chosen = port ?? (await freePort());
    try {
      return await spawnServer(postgres, pgDir, owner, chosen, log);
    } catch (error) {
      // A free port can be taken between picking and binding; only then is another one tried.
      const taken = error instanceof Error && /could not (bind|create listen socket)/i.test(error.message);
      if (port !== undefined || !taken || attempt >= PORT_ATTEMPTS) throw error;
    }
  }
}

/** Creates the database `name` unless it exists, connected as the superuser to `adminUrl`. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const pool = createConnectionPool({
    connectionString: adminUrl,
    ssl: 'disable',
    bigIntMode: 'bigint',
    poolSize: 1,
  });
  try {
    const found = await pool.query(sql`SELECT 1 FROM pg_database WHERE datname = ${name}`);
    if (found.length === 0) await pool.query(sql`CREATE DATABASE ${sql.ident(name)}`);
  } finally {
    await pool.dispose();
  }
}

async function spawnServer(
  postgres: string,
  pgDir: string,
  owner: Owner | undefined,
  port: number,
  log: Logger,
): Promise<PostgresProcess> {
  const settings = ['listen_addresses=127.0.0.1', 'unix_socket_directories=', 'lc_messages=C'];
  const args = ['-D', pgDir, '-p', String(port), ...settings.flatMap((setting) => ['-c', setting])];
  // Detached: a Ctrl-C in the terminal reaches the app, which drains its work and then stops Postgres.
  const { child, output } = spawnBinary(postgres, args, { owner, detached: true, log });
  // If the app exits without stop() (a crash, process.exit), Postgres must not outlive it.
  const stopOnExit = () => child.kill('SIGINT');
  process.on('exit', stopOnExit);
  let stopping = false;
  let running = true;
  child.on('error', (error) => log.error({ err: error }, 'embedded Postgres process error'));
  child.once('exit', (code, signal) => {
    running = false;
    process.off('exit', stopOnExit);
    if (!stopping) log.error({ code, signal }, 'embedded Postgres exited unexpectedly');
  });

  const stop = async () => {
    stopping = true;
    if (!running || child.pid === undefined) return;
    const exited = once(child, 'exit');
    await shutDown(child.pid, (timeoutMs = SHUTDOWN_TIMEOUT_MS) => settlesWithin(exited, timeoutMs));
  };
  try {
    await waitUntilReady(child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, stop };
}

function waitUntilReady(child: ChildProcess, output: OutputLines): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => fail(`was not ready within ${READY_TIMEOUT_MS / 1000} s`),
      READY_TIMEOUT_MS,
    );
    const onLine = (line: string) => {
      if (!line.includes('database system is ready to accept connections')) return;
      cleanup();
      resolve();
    };
    const onExit = (code: number | null) => fail(`exited with ${code}`);
    const onError = (error: Error) => fail(`could not be started (${error.message})`);
    const fail = (why: string) => {
      cleanup();
      reject(new Error(`Embedded Postgres ${why}:\n${output.recent.slice(-20).join('\n')}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      output.off('line', onLine);
      child.off('exit', onExit);
      child.off('error', onError);
    };
    output.on('line', onLine);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('Could not pick a free port');
  return address.port;
}
