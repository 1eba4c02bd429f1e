import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isProcessAlive } from '../../src/adapters/postgres/embedded/processes.ts';
import { firstStartEnv, freePort } from '../helpers/journey.ts';

/*
 * `npm start` as a user runs it (no DATABASE_URL: the embedded Postgres; no BOT_TOKEN: the
 * sandbox), stopped by a signal. Whenever the signal comes, the app stops cleanly and takes its
 * Postgres with it.
 */

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
let root: string;

test.before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lucien-start-signals-'));
  // As root the embedded Postgres runs as the postgres user, who must enter the directory.
  await chmod(root, 0o755);
});

test.after(async () => {
  await rm(root, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  messages: string[];
  /** Resolves with the first log line whose message is `msg`. */
  logged: (msg: string) => Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startMain(dataDir: string, port: number): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: repoRoot,
    env: firstStartEnv(dataDir, port, 'info'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const exited = once(child, 'exit').then(([code, signal]) => {
    process.off('exit', killOnExit);
    return { code: code as number | null, signal: signal as NodeJS.Signals | null };
  });
  const messages: string[] = [];
  const waiting: { msg: string; resolve: () => void }[] = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    let msg: string;
    try {
      msg = String((JSON.parse(line) as { msg?: unknown }).msg);
    } catch {
      return;
    }
    messages.push(msg);
    for (const w of waiting.filter((w) => msg.startsWith(w.msg))) w.resolve();
  });
  child.stderr?.resume();
  const logged = (msg: string) =>
    messages.some((m) => m.startsWith(msg))
      ? Promise.resolve()
      : Promise.race([
          new Promise<void>((resolve) => waiting.push({ msg, resolve })),
          exited.then(({ code, signal }) => {
            throw new Error(
              `the app exited (${code ?? signal}) before logging "${msg}": ${messages.join(' | ')}`,
            );
          }),
        ]);
  return { child, messages, logged, exited };
}

/** The embedded Postgres's postmaster pid, from its pid file. */
function postmasterPid(dataDir: string): number {
  return Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

async function assertStoppedWithPostgres(started: Started, dataDir: string, postgres: number): Promise<void> {
  const { code, signal } = await started.exited;
  assert.equal({ code, signal }, { code: 0, signal: null }, started.messages.join(' | '));
  assert.ok(started.messages.includes('stopped'), started.messages.join(' | '));
  assert.not.ok(existsSync(path.join(dataDir, 'pg', 'postmaster.pid')), 'the embedded Postgres is down');
  assert.not.ok(isProcessAlive(postgres), 'no Postgres process left behind');
}

test('SIGTERM while the app is still starting: it finishes starting, stops, and its Postgres stops too', async () => {
  const dataDir = path.join(root, 'during-start');
  const started = startMain(dataDir, await freePort());
  // Logged once Postgres runs, before the migrations, the queue and the bot start.
  await started.logged('embedded Postgres ready');
  const postgres = postmasterPid(dataDir);
  started.child.kill('SIGTERM');
  await assertStoppedWithPostgres(started, dataDir, postgres);
  assert.ok(
    started.messages.some((m) => m.startsWith('sandbox mode')),
    'the start went on to the end before stopping',
  );
});

test('SIGINT once started (Ctrl-C): the app stops and its Postgres stops too', async () => {
  const dataDir = path.join(root, 'after-start');
  const started = startMain(dataDir, await freePort());
  await started.logged('sandbox mode');
  const postgres = postmasterPid(dataDir);
  started.child.kill('SIGINT');
  await assertStoppedWithPostgres(started, dataDir, postgres);
});

test.run();
