import { Writable } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { Sandbox } from '../../src/sandbox/index.ts';
import { startSandboxMode } from '../../src/sandbox-mode.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { TEST_REDIS_URL } from '../helpers/host.ts';
import { freePort } from '../helpers/journey.ts';

/** A Lucien logger at debug whose JSON lines land in `lines`. */
function capturedLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(line);
      done();
    },
  });
  const log = createLogger({ level: 'debug', destination });
  const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { log, lines, parsed };
}

test('in the running app, lines logged for an update, even by its effects, carry its updateId', async () => {
  const { log, lines, parsed } = capturedLogger();
  const database = await createTestDatabase({ migrate: false });
  const config = loadConfig({
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    PORT: String(await freePort()),
    ADMIN_IDS: '1001',
    NODE_ENV: 'test',
  });
  const sandbox = new Sandbox({ flood: { enabled: false } });
  const app = await startSandboxMode(config, { log, sandbox, pollingIntervalSeconds: 0.5 });
  try {
    const ana = sandbox.createUser({ first_name: 'Ana' });
    // The first answer fails once with a short 429, so the effect logs a retry.
    sandbox.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests', retry_after: 1 });
    const reply = sandbox.waitForMessage(ana.id, () => true, 10_000);
    const message = sandbox.sendText(ana.id, 'hola');
    await reply;
    await app.host.executor.drain();
    const update = sandbox
      .calls({ method: 'getUpdates' })
      .flatMap((c) => (c.result as { update_id: number; message?: { message_id: number } }[]) ?? []);
    const updateId = update.find((u) => u.message?.message_id === message.message_id)?.update_id;
    assert.type(updateId, 'number');
    const retried = parsed().find((l) => l.msg === 'effect will be retried');
    assert.ok(retried, 'the retry was logged');
    assert.is(retried?.updateId, updateId, 'the effect is traced to the update that caused it');
    assert.match(String(retried?.effect), new RegExp(`^conversation:${ana.id}:`));
    assert.is(retried?.actorId, `conversation:${ana.id}`, 'the line names the actor');
    const applied = parsed().find((l) => l.msg === 'update applied' && l.updateId === updateId);
    assert.ok(applied, "the router's line carries the update id");
    assert.is(applied?.userId, ana.id);
    const raw = lines.filter((l) => l.includes('"effect will be retried"') || l.includes('"update applied"'));
    for (const line of raw) assert.is(line.match(/"updateId"/g)?.length, 1, `a key twice in ${line}`);
  } finally {
    await app.stop();
    sandbox.close();
    await database.drop();
  }
});

test.run();
