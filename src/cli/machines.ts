/**
 * `npm run machines`: draws every registered machine as Mermaid in docs/machines/<name>.mmd.
 * `npm run machines -- --check`: changes nothing; exits 1 naming each stale file (CI runs it).
 * `--dir <path>` writes or checks another directory.
 */
import { mkdir } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type StaleDiagram, staleDiagrams, writeDiagrams } from '../dev/statechart-files.ts';
import { machineDefinitions } from '../machines/registry.ts';

const DEFAULT_DIR = fileURLToPath(new URL('../../docs/machines/', import.meta.url));

const DESCRIBE: Record<StaleDiagram['problem'], string> = {
  missing: 'missing',
  differs: 'differs from its machine',
  orphan: 'belongs to no registered machine',
};

async function run(): Promise<number> {
  const { values } = parseArgs({
    options: { check: { type: 'boolean', default: false }, dir: { type: 'string', default: DEFAULT_DIR } },
  });
  const dir = values.dir;
  const shown = (file: string) => relative(process.cwd(), `${dir}/${file}`);
  if (values.check) {
    const stale = await staleDiagrams(dir, machineDefinitions);
    for (const { file, problem } of stale) console.error(`stale: ${shown(file)} (${DESCRIBE[problem]})`);
    if (stale.length > 0) console.error('Run `npm run machines` and commit the result.');
    else console.log(`${machineDefinitions.length} machine diagrams are up to date.`);
    return stale.length > 0 ? 1 : 0;
  }
  await mkdir(dir, { recursive: true });
  const changed = await writeDiagrams(dir, machineDefinitions);
  for (const { file, problem } of changed) {
    console.log(`${problem === 'orphan' ? 'removed' : 'wrote'} ${shown(file)}`);
  }
  if (changed.length === 0) console.log(`${machineDefinitions.length} machine diagrams are up to date.`);
  return 0;
}

run().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
