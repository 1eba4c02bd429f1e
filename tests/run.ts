/**
 * The test command: every `*.test.ts` file under tests/ runs in a process of its own (uvu
 * inside), two at a time, each with a time limit, so that one file's leftovers or hang cannot
 * affect another. Prints one closing line "N passed, N failed, N skipped".
 * Usage: tsx tests/run.ts [filter...]   (filters match parts of the file path)
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('.', import.meta.url).pathname;
const FILE_TIMEOUT_MS = Number(process.env.TEST_FILE_TIMEOUT_MS ?? 180_000);
const CONCURRENCY = Number(process.env.TEST_CONCURRENCY ?? 2);

function findTests(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === 'helpers' ? [] : findTests(path);
      return name.endsWith('.test.ts') ? [path] : [];
    })
    .sort();
}

interface FileResult {
  file: string;
  passed: number;
  failed: number;
  skipped: number;
  output: string;
  code: number | null;
  ms: number;
}

function runFile(file: string): Promise<FileResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      env: { ...process.env, NODE_ENV: 'test', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    const timer = setTimeout(() => {
      output += `\n[runner] timed out after ${FILE_TIMEOUT_MS} ms; killed\n`;
      child.kill('SIGKILL');
    }, FILE_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      const count = (label: string) => {
        const m = output.match(new RegExp(`${label}:\\s+(\\d+)`));
        return m ? Number(m[1]) : 0;
      };
      const total = count('Total');
      const passed = count('Passed');
      const skipped = count('Skipped') + (output.match(/^SKIPPED: /gm)?.length ?? 0);
      const failed =
        code === 0 ? total - passed - count('Skipped') : Math.max(1, total - passed - count('Skipped'));
      resolve({
        file: relative(root, file),
        passed,
        failed,
        skipped,
        output,
        code,
        ms: Date.now() - started,
      });
    });
  });
}

const filters = process.argv.slice(2);
const files = findTests(root).filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
const results: FileResult[] = [];
let next = 0;
async function worker(): Promise<void> {
  while (next < files.length) {
    const file = files[next++] as string;
    const result = await runFile(file);
    results.push(result);
    const mark = result.failed > 0 ? 'FAIL' : 'ok  ';
    console.log(
      `${mark} ${result.file}  ${result.passed} passed${result.skipped ? `, ${result.skipped} skipped` : ''}  (${(result.ms / 1000).toFixed(1)} s)`,
    );
    if (result.failed > 0 || result.skipped > 0) console.log(result.output.replace(/^/gm, '     '));
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));

const sum = (k: 'passed' | 'failed' | 'skipped') => results.reduce((n, r) => n + r[k], 0);
const failed = sum('failed');
const skipped = sum('skipped');
if (files.length === 0) console.log('no test files matched');
if (process.env.CI === 'true' && skipped > 0)
  console.log(`CI=true: ${skipped} skipped test(s) count as failures`);
console.log(`${sum('passed')} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || files.length === 0 || (process.env.CI === 'true' && skipped > 0) ? 1 : 0);
