/**
 * `npm run coverage [-- filter...]`: runs the test suite (or the files matching the filters)
 * with V8 coverage switched on for every process it starts, then writes an HTML report to
 * artifacts/coverage and prints line, branch and function coverage per area of src/.
 * Exits with the test run's code, so a failing suite still yields its report.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const reportsDir = join(root, 'artifacts', 'coverage');
const rawDir = join(root, 'artifacts', 'coverage-v8');

/** Runs a command with inherited output; resolves with its exit code. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: 'inherit' });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

interface Counts {
  total: number;
  covered: number;
}
type Metric = 'lines' | 'branches' | 'functions';
type Summary = Record<string, Record<Metric, Counts>>;

/** The area of a file: its first directory under src/ (or the file itself at the top). */
function areaOf(file: string): string {
  const parts = relative(root, file).split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : 'src (top level)';
}

const percent = (c: Counts) => (c.total === 0 ? '100.0' : ((100 * c.covered) / c.total).toFixed(1));

/** Sums the per-file summary by area and prints it as a table. */
function printTable(summary: Summary): void {
  const areas = new Map<string, Record<Metric, Counts> & { files: number }>();
  for (const [file, counts] of Object.entries(summary)) {
    if (file === 'total') continue;
    const area = areaOf(file);
    const sum = areas.get(area) ?? {
      files: 0,
      lines: { total: 0, covered: 0 },
      branches: { total: 0, covered: 0 },
      functions: { total: 0, covered: 0 },
    };
    sum.files++;
    for (const metric of ['lines', 'branches', 'functions'] as const) {
      sum[metric].total += counts[metric].total;
      sum[metric].covered += counts[metric].covered;
    }
    areas.set(area, sum);
  }
  const rows = [...areas.entries()].sort(([a], [b]) => a.localeCompare(b));
  const total = summary.total;
  const line = (name: string, files: string, c: Record<Metric, Counts>) =>
    `| ${name.padEnd(18)} | ${files.padStart(5)} | ${percent(c.lines).padStart(6)} | ${percent(c.branches).padStart(8)} | ${percent(c.functions).padStart(9)} |`;
  console.log('\n| area               | files | lines% | branches% | functions% |');
  console.log('| ------------------ | ----: | -----: | --------: | ---------: |');
  for (const [area, sum] of rows) console.log(line(area, String(sum.files), sum));
  if (total) console.log(line('all of src', String(Object.keys(summary).length - 1), total));
  console.log(`\nHTML report: ${relative(root, join(reportsDir, 'index.html'))}`);
}

rmSync(rawDir, { recursive: true, force: true });
mkdirSync(rawDir, { recursive: true });
// Every process the runner starts inherits NODE_V8_COVERAGE and writes its coverage there; Node
// keeps the source maps tsx produces with it, so the report speaks of the .ts sources.
const testCode = await run(process.execPath, ['--import', 'tsx', 'tests/run.ts', ...process.argv.slice(2)], {
  ...process.env,
  NODE_V8_COVERAGE: rawDir,
});
const c8 = join(root, 'node_modules', 'c8', 'bin', 'c8.js');
const reportCode = await run(process.execPath, [
  c8,
  'report',
  '--temp-directory',
  rawDir,
  '--reports-dir',
  reportsDir,
  '--reporter',
  'html',
  '--reporter',
  'json-summary',
  '--all',
  '--src',
  'src',
  '--include',
  'src/**/*.ts',
  '--exclude-after-remap',
]);
const summaryFile = join(reportsDir, 'coverage-summary.json');
if (reportCode !== 0 || !existsSync(summaryFile)) {
  console.error('the coverage report could not be made');
  process.exit(reportCode || 1);
}
printTable(JSON.parse(readFileSync(summaryFile, 'utf8')) as Summary);
rmSync(rawDir, { recursive: true, force: true });
process.exit(testCode);
