import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type Config, loadConfig } from '../../src/config.ts';
import { rootLogger } from '../../src/log.ts';
import { Clock } from '../../src/runtime/clock.ts';
import { Sandbox } from '../../src/sandbox/index.ts';
import { type SandboxApp, startSandboxMode } from '../../src/sandbox-mode.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { TEST_REDIS_URL } from '../helpers/host.ts';
import { freePort, JOURNEY_WEBHOOK_SECRET } from '../helpers/journey.ts';

let database: TestDatabase;
let port: number;
const clock = new Clock();
const sandbox = new Sandbox({ now: () => clock.now(), flood: { enabled: false } });
let app: SandboxApp | undefined;

test.before(async () => {
  database = await createTestDatabase({ migrate: false });
  port = await freePort();
});
test.after(async () => {
  await app?.stop();
  sandbox.close();
  await database.drop();
});

/** Starts the app in webhook mode at `webhookUrl` on the same database, emulator and port. */
async function startAt(webhookUrl: string, secret = JOURNEY_WEBHOOK_SECRET): Promise<void> {
  await app?.stop();
  const config: Config = loadConfig({
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    PORT: String(port),
    ADMIN_IDS: '1001',
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
  });
  // The emulator delivers to plain http on loopback; Telegram itself requires https.
  config.webhookUrl = webhookUrl;
  config.webhookSecret = secret;
  app = await startSandboxMode(config, { log: rootLogger, sandbox, clock, pollingIntervalSeconds: 0.5 });
}

const setWebhookCalls = () => sandbox.calls({ method: 'setWebhook' }).length;
const registeredUrl = async () => ((await sandbox.callBotApi('getWebhookInfo')) as { url: string }).url;

/** A person writes to the bot and gets an answer: updates reach the app through the webhook. */
async function answered(name: string): Promise<void> {
  const user = sandbox.createUser({ first_name: name });
  const reply = sandbox.waitForMessage(user.id, () => true, 10_000);
  sandbox.sendText(user.id, 'hola');
  await reply;
}

test('registered once at the first start, not again on a restart, again when the URL changes', async () => {
  const first = `http://127.0.0.1:${port}/telegram/webhook`;
  await startAt(first);
  assert.is(setWebhookCalls(), 1);
  assert.is(await registeredUrl(), first);
  const [call] = sandbox.calls({ method: 'setWebhook' });
  assert.is(call?.params.secret_token, JOURNEY_WEBHOOK_SECRET);
  await answered('Ana');

  const infoCalls = () => sandbox.calls({ method: 'getWebhookInfo' }).length;
  const comparedBefore = infoCalls();
  await startAt(first);
  assert.is(infoCalls(), comparedBefore + 1, 'the restart compared with what Telegram has');
  assert.is(setWebhookCalls(), 1, 'a restart with the same URL leaves the webhook alone');
  await answered('Bea');

  const moved = `http://localhost:${port}/telegram/webhook`;
  await startAt(moved);
  assert.is(setWebhookCalls(), 2, 'a changed URL is registered');
  assert.is(await registeredUrl(), moved);
  await answered('Caro');

  // Telegram never shows the secret back: a new WEBHOOK_SECRET alone must still register again,
  // or every update would be refused with 401 and the bot would fall silent.
  await startAt(moved, 'another-secret-0123456789abcdef');
  assert.is(setWebhookCalls(), 3, 'a changed secret is registered');
  assert.is(
    sandbox.calls({ method: 'setWebhook' })[2]?.params.secret_token,
    'another-secret-0123456789abcdef',
  );
  await answered('Dora');
});

test.run();
