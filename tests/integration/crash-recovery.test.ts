import { spawn } from 'node:child_process';
import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { createTestHost } from '../helpers/host.ts';

let t: TestDatabase;
test.before(async () => {
  t = await createTestDatabase();
});
test.after(async () => {
  await t.drop();
});

function runCrashingChild(actorId: string): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tests/helpers/crash-child.ts', t.url, actorId],
      {
        stdio: 'inherit',
        env: { ...process.env, NODE_ENV: 'test' },
      },
    );
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve(signal));
  });
}

test('a crash between commit and effect: the sweeper executes the effect exactly once', async () => {
  const signal = await runCrashingChild('probe:crash');
  assert.equal(signal, 'SIGKILL');
  const [pending] = await t.db.query(
    sql`SELECT status, idempotency_key FROM outbox WHERE actor_id = 'probe:crash'`,
  );
  assert.equal(pending.status, 'pending', 'the transition committed but its effect did not run');

  const calls: string[] = [];
  const b = await createTestHost(t.db, {
    effects: {
      'test.ping': async (_params, ctx) => {
        calls.push(ctx.idempotencyKey);
      },
    },
  });
  assert.equal(await b.host.executor.sweep(), 0, 'the crashed process still holds the lease');
  // The lease of the dead process runs out (2 minutes in real time).
  await t.db.query(
    sql`UPDATE outbox SET available_at = now() - interval '1 second' WHERE actor_id = 'probe:crash'`,
  );
  const [first, second] = await Promise.all([b.host.executor.sweep(), b.host.executor.sweep()]);
  await b.host.executor.drain();
  assert.equal(first + second, 1);
  assert.equal(await b.host.executor.sweep(), 0);
  await b.close();
  assert.equal(calls, ['probe:crash:1:0']);
  const [done] = await t.db.query(sql`SELECT status FROM outbox WHERE actor_id = 'probe:crash'`);
  assert.equal(done.status, 'done');
});

test.run();
