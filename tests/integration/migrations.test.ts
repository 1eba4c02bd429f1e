import { spawnSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { migrate, migrationsDir } from '../../src/adapters/postgres/migrations.ts';
import { createPool } from '../../src/adapters/postgres/pool.ts';
import { rootLogger } from '../../src/log.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let t: TestDatabase;
test.before(async () => {
  t = await createTestDatabase({ migrate: false });
});
test.after(async () => {
  await t.drop();
});

test('two instances migrating together apply each file exactly once', async () => {
  const other = createPool(t.url, { log: rootLogger });
  try {
    const [a, b, c] = await Promise.all([
      migrate(t.db, rootLogger),
      migrate(other, rootLogger),
      migrate(other, rootLogger),
    ]);
    const names = [...a, ...b, ...c].map((m) => m.name).sort();
    const files = (await readdir(migrationsDir)).filter((f) => f.endsWith('.sql')).sort();
    assert.ok(files.length >= 5 && files[0] === '001_init.sql');
    assert.equal(names, files);
    const rows = await t.db.query(sql`SELECT name FROM schema_migrations ORDER BY name`);
    assert.equal(
      rows.map((r: { name: string }) => r.name),
      files,
    );
    assert.equal(await migrate(t.db, rootLogger), [], 'a later start applies nothing');
  } finally {
    await other.dispose();
  }
});

test('npm run migrate applies nothing to an up-to-date database and says so', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/migrate.ts'], {
    env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, /Database is up to date/);
});

test.run();
