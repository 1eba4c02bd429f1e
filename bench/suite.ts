/**
 * Every benchmark, one after the other, each in a process of its own; each prints its figures
 * beside a baseline measured in the same run. `--quick` runs smaller sizes (a few minutes in all).
 * Usage: npm run bench [-- --quick] [-- <name> ...]   names: host webhook cache timers memory cold-start
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface Bench {
  name: string;
  file: string;
  what: string;
  full: string[];
  quick: string[];
  nodeOptions?: string[];
}

const BENCHES: Bench[] = [
  {
    name: 'host',
    file: 'host.ts',
    what: 'host.send events/s vs a bare UPDATE transaction',
    full: ['--events', '4000'],
    quick: ['--events', '1000'],
  },
  {
    name: 'webhook',
    file: 'webhook.ts',
    what: 'the whole bot in webhook mode vs grammY + storage-psql and grammY + memory sessions',
    full: ['--updates', '20000', '--people', '2000', '--concurrency', '32'],
    quick: ['--updates', '2000', '--people', '200', '--concurrency', '32'],
  },
  {
    name: 'cache',
    file: 'webhook.ts',
    what: 'the same load with the Redis cache, the in-process cache and no cache',
    full: ['--variant', 'cache', '--updates', '20000', '--people', '2000', '--concurrency', '32'],
    quick: ['--variant', 'cache', '--updates', '2000', '--people', '200', '--concurrency', '32'],
  },
  {
    name: 'timers',
    file: 'timer-wave.ts',
    what: 'an expiry wave, flood limits off and on',
    full: ['--members', '10000'],
    quick: ['--members', '300'],
  },
  {
    name: 'memory',
    file: 'memory.ts',
    what: 'RSS with 0, 10k and 100k people in Postgres',
    full: ['--actors', '10000,100000', '--touch', '3000'],
    quick: ['--actors', '1000,10000', '--touch', '300'],
    nodeOptions: ['--expose-gc'],
  },
  {
    name: 'cold-start',
    file: 'cold-start.ts',
    what: 'npm start to /health 200 on the embedded Postgres',
    full: ['--runs', '3'],
    quick: ['--runs', '2'],
  },
];

const { values, positionals } = parseArgs({
  options: { quick: { type: 'boolean', default: false } },
  allowPositionals: true,
});
const unknown = positionals.filter((p) => !BENCHES.some((b) => b.name === p));
if (unknown.length > 0) {
  console.error(
    `unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.name).join(', ')}`,
  );
  process.exit(2);
}
const chosen = positionals.length > 0 ? BENCHES.filter((b) => positionals.includes(b.name)) : BENCHES;

/** Runs one benchmark in a child process with its output shown as it comes; its exit code. */
function run(bench: Bench): Promise<number> {
  const file = fileURLToPath(new URL(`./${bench.file}`, import.meta.url));
  const args = values.quick ? bench.quick : bench.full;
  const child = spawn(process.execPath, [...(bench.nodeOptions ?? []), '--import', 'tsx', file, ...args], {
    stdio: 'inherit',
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
const outcomes: string[] = [];
for (const bench of chosen) {
  console.log(
    `\n=== ${bench.name}: ${bench.what}${values.quick ? ' (quick)' : ''} — load average ${load()} ===\n`,
  );
  const started = performance.now();
  const code = await run(bench);
  const minutes = ((performance.now() - started) / 60_000).toFixed(1);
  outcomes.push(`${bench.name.padEnd(11)} ${code === 0 ? 'ok' : `failed (exit ${code})`} in ${minutes} min`);
}
console.log(`\n=== done — load average ${load()} ===`);
for (const line of outcomes) console.log(line);
process.exit(outcomes.some((line) => line.includes('failed')) ? 1 : 0);
