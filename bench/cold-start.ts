/**
 * Seconds from `npm start` to /health 200 on the embedded Postgres (no DATABASE_URL, REDIS_URL,
 * BOT_TOKEN or WEBHOOK_URL, so the sandbox and the in-process cache): the first run initialises
 * the cluster in an empty DATA_DIR, later runs reuse it. Baseline in the same run: Node with the
 * TypeScript loader starting and exiting, the floor of any start.
 * Usage: npm run bench -- cold-start [--runs 3]
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { firstStartEnv, freePort } from '../tests/helpers/journey.ts';
import { fixed, printTable, sleep } from './support/format.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const RUNS = Math.max(2, Number(values.runs));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TIMEOUT_MS = 120_000;

/** Resolves when the process has exited. */
function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** One `npm start`: seconds until /health answered 200, and seconds until it exited after SIGTERM. */
async function timeStart(dataDir: string): Promise<{ healthy: number; stopped: number }> {
  const port = await freePort();
  const output: string[] = [];
  const started = performance.now();
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    env: firstStartEnv(dataDir, port, 'warn'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => output.push(String(chunk)));
  child.stderr?.on('data', (chunk) => output.push(String(chunk)));
  try {
    while (performance.now() - started < TIMEOUT_MS && child.exitCode === null) {
      const status = await fetch(`http://127.0.0.1:${port}/health`)
        .then((r) => r.status)
        .catch(() => 0);
      if (status === 200) break;
      await sleep(100);
    }
    const healthy = (performance.now() - started) / 1000;
    if (child.exitCode !== null || healthy * 1000 >= TIMEOUT_MS) {
      throw new Error(`no /health 200 after ${fixed(healthy)} s:\n${output.join('').slice(-2000)}`);
    }
    const stopping = performance.now();
    // To the app itself (npm's child, `exec node ...`): SIGTERM given to npm leaves the embedded Postgres running.
    const app = Number(
      execFileSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' })
        .trim()
        .split('\n')[0],
    );
    process.kill(app, 'SIGTERM');
    await exited(child);
    // Stopped means the embedded Postgres is down too: its postmaster.pid is removed last.
    while (existsSync(join(dataDir, 'pg', 'postmaster.pid')) && performance.now() - stopping < 15_000) {
      await sleep(50);
    }
    if (existsSync(join(dataDir, 'pg', 'postmaster.pid')))
      throw new Error('the embedded Postgres outlived the app');
    return { healthy, stopped: (performance.now() - stopping) / 1000 };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** The floor: Node and the TypeScript loader, starting and exiting. */
async function timeBareNode(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', 'process.exit(0)'], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  await exited(child);
  return (performance.now() - started) / 1000;
}

console.log('cold start: npm start to /health 200, embedded Postgres, in-process cache, the sandbox');
const dataDir = mkdtempSync(join(tmpdir(), 'lucien-cold-'));
// As root the embedded Postgres runs as the system user postgres, who must reach DATA_DIR.
chmodSync(dataDir, 0o755);
const rows: string[][] = [];
try {
  rows.push(['baseline: node + loader, exit', fixed(await timeBareNode(), 2), '-']);
  for (let run = 1; run <= RUNS; run++) {
    const { healthy, stopped } = await timeStart(dataDir);
    console.log(`  run ${run}: /health 200 after ${fixed(healthy, 2)} s`);
    rows.push([
      run === 1 ? 'first run (initdb)' : `run ${run} (data reused)`,
      fixed(healthy, 2),
      fixed(stopped, 2),
    ]);
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
printTable(['start', 'to /health 200 s', 'SIGTERM to all stopped s'], rows);
console.log(
  '\nSIGTERM to all stopped: until the app exited and the embedded Postgres removed its postmaster.pid.',
);
