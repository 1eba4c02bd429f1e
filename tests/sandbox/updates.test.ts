import { setTimeout as delay } from 'node:timers/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { serveFetchHandler } from '../../src/sandbox/index.ts';
import { apiError, startSandbox } from './harness.ts';

test('getMe answers the bot user', async () => {
  const { api, sandbox, close } = await startSandbox({ botUsername: 'lucien_test_bot' });
  try {
    const me = await api.getMe();
    assert.is(me.is_bot, true);
    assert.is(me.username, 'lucien_test_bot');
    assert.is(me.id, sandbox.bot.id);
  } finally {
    await close();
  }
});

test('wrong token answers 401 Unauthorized and an unknown method 404 Not Found', async () => {
  const { url, sandbox, close } = await startSandbox();
  try {
    const wrongToken = await fetch(`${url}/bot123:wrong/getMe`);
    assert.is(wrongToken.status, 401);
    assert.equal(await wrongToken.json(), { ok: false, error_code: 401, description: 'Unauthorized' });
    const unknown = await fetch(`${url}/bot${sandbox.token}/sendTelepathy`, { method: 'POST' });
    assert.is(unknown.status, 404);
    assert.equal(await unknown.json(), { ok: false, error_code: 404, description: 'Not Found' });
  } finally {
    await close();
  }
});

test('getUpdates long polling honours timeout and offset', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const user = sandbox.createUser({ first_name: 'Ana' });
    const startedAt = Date.now();
    assert.equal(await api.getUpdates({ timeout: 1 }), []);
    assert.ok(Date.now() - startedAt >= 950, 'an empty poll waits for its timeout');

    const waiting = api.getUpdates({ timeout: 10 });
    setTimeout(() => sandbox.sendText(user.id, 'hola'), 100);
    const arrivedAt = Date.now();
    const [first] = await waiting;
    assert.ok(Date.now() - arrivedAt < 2000, 'a poll answers as soon as an update arrives');
    assert.is(first?.message?.text, 'hola');

    const unconfirmed = await api.getUpdates({ timeout: 0 });
    assert.is(unconfirmed[0]?.update_id, first?.update_id, 'without offset the update is served again');

    sandbox.sendText(user.id, 'dos');
    sandbox.sendText(user.id, 'tres');
    const next = await api.getUpdates({ offset: (first?.update_id ?? 0) + 1, limit: 1, timeout: 0 });
    assert.equal(
      next.map((u) => u.message?.text),
      ['dos'],
    );
    const rest = await api.getUpdates({ offset: (next[0]?.update_id ?? 0) + 1, timeout: 0 });
    assert.equal(
      rest.map((u) => u.message?.text),
      ['tres'],
    );
    assert.ok((rest[0]?.update_id ?? 0) > (next[0]?.update_id ?? 0), 'update_id increases');
  } finally {
    await close();
  }
});

test('a second concurrent getUpdates ends the first with 409 Conflict', async () => {
  const { api, close } = await startSandbox();
  try {
    const first = api.getUpdates({ timeout: 10 });
    await delay(100);
    const second = api.getUpdates({ timeout: 0 });
    const error = await apiError(first);
    assert.is(error.error_code, 409);
    assert.is(
      error.description,
      'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    );
    assert.equal(await second, []);
  } finally {
    await close();
  }
});

test('chat_member updates arrive only when allowed_updates asks for them', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const link = await api.createChatInviteLink(sandbox.vipChannelId);
    const ana = sandbox.createUser({ first_name: 'Ana' });
    sandbox.joinByLink(ana.id, link.invite_link);
    assert.equal(await api.getUpdates({ timeout: 0 }), [], 'chat_member is not a default update type');

    await api.getUpdates({ timeout: 0, allowed_updates: ['chat_member', 'message'] });
    const ben = sandbox.createUser({ first_name: 'Ben' });
    sandbox.joinByLink(ben.id, link.invite_link);
    const [update] = await api.getUpdates({ timeout: 0 });
    assert.is(update?.chat_member?.new_chat_member.user.id, ben.id);
  } finally {
    await close();
  }
});

test('webhook delivery retries on 500 and sends the secret header', async () => {
  const received: Array<{ secret: string | null; text: string | undefined; status: number }> = [];
  let failuresLeft = 1;
  const receiver = await serveFetchHandler(
    async (request) => {
      const update = (await request.json()) as { message?: { text?: string } };
      const status = failuresLeft-- > 0 ? 500 : 200;
      received.push({
        secret: request.headers.get('x-telegram-bot-api-secret-token'),
        text: update.message?.text,
        status,
      });
      return new Response('', { status });
    },
    { port: 0 },
  );
  const { api, sandbox, close } = await startSandbox({ webhook: { retryDelayMs: 20, maxRetryDelayMs: 50 } });
  try {
    await api.setWebhook(`${receiver.url}/telegram/webhook`, { secret_token: 'lucien-secret' });
    const user = sandbox.createUser({ first_name: 'Ana' });
    sandbox.sendText(user.id, 'uno');
    sandbox.sendText(user.id, 'dos');
    await sandbox.waitFor(() => received.length >= 3, 3000, 'three webhook deliveries');
    assert.equal(received, [
      { secret: 'lucien-secret', text: 'uno', status: 500 },
      { secret: 'lucien-secret', text: 'uno', status: 200 },
      { secret: 'lucien-secret', text: 'dos', status: 200 },
    ]);
    await sandbox.waitFor(() => sandbox.pendingUpdateCount() === 0, 1000, 'an empty queue');
    const info = await api.getWebhookInfo();
    assert.is(info.url, `${receiver.url}/telegram/webhook`);
    assert.is(info.pending_update_count, 0);
    assert.is(info.last_error_message, 'Wrong response from the webhook: 500 Internal Server Error');
    assert.type(info.last_error_date, 'number');
  } finally {
    await close();
    await receiver.close();
  }
});

test('getUpdates while a webhook is set answers 409 until deleteWebhook', async () => {
  const { api, close } = await startSandbox();
  try {
    await api.setWebhook('https://example.org/telegram/webhook');
    const error = await apiError(api.getUpdates({ timeout: 0 }));
    assert.is(error.error_code, 409);
    assert.is(
      error.description,
      "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    );
    await api.deleteWebhook();
    assert.equal(await api.getUpdates({ timeout: 0 }), []);
    assert.is((await api.getWebhookInfo()).url, '');
  } finally {
    await close();
  }
});

test('a plain-http webhook outside loopback is refused as on Telegram', async () => {
  const { api, close } = await startSandbox();
  try {
    const error = await apiError(api.setWebhook('http://example.org/hook'));
    assert.is(error.description, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
  } finally {
    await close();
  }
});

test('setMyCommands stores commands per scope', async () => {
  const { api, close } = await startSandbox();
  try {
    await api.setMyCommands([{ command: 'start', description: 'Comenzar' }]);
    await api.setMyCommands([{ command: 'admin', description: 'Panel' }], {
      scope: { type: 'chat', chat_id: 42 },
    });
    assert.equal(await api.getMyCommands(), [{ command: 'start', description: 'Comenzar' }]);
    assert.equal(await api.getMyCommands({ scope: { type: 'chat', chat_id: 42 } }), [
      { command: 'admin', description: 'Panel' },
    ]);
    assert.equal(await api.getMyCommands({ scope: { type: 'all_private_chats' } }), []);
    const error = await apiError(api.setMyCommands([{ command: 'Bad Command', description: 'x' }]));
    assert.is(error.description, 'Bad Request: BOT_COMMAND_INVALID');
  } finally {
    await close();
  }
});

test.run();
