import { Api } from 'grammy';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createBotApiHandler, Sandbox, serveFetchHandler } from '../../src/sandbox/index.ts';

async function startMounted() {
  const sandbox = new Sandbox({ flood: { enabled: false } });
  const served = await serveFetchHandler(createBotApiHandler(sandbox, { basePath: '/sandbox' }), { port: 0 });
  const root = `${served.url}/sandbox`;
  const client = async <T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await fetch(`${root}/client${path}`, {
      method,
      ...(body !== undefined
        ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
        : {}),
    });
    return {
      status: response.status,
      body: (await response.json()) as { ok: boolean; result: T; error?: string },
    };
  };
  return {
    sandbox,
    root,
    client,
    api: new Api(sandbox.token, { apiRoot: root }),
    close: async () => {
      sandbox.close();
      await served.close();
    },
  };
}

test('the client API over HTTP drives a conversation with a bot', async () => {
  const { api, client, close } = await startMounted();
  try {
    const created = await client<{ id: number }>('POST', '/users', { first_name: 'Ana', username: 'ana' });
    assert.is(created.status, 200);
    const ana: number = created.body.result.id;
    await client('POST', `/users/${ana}/start`, { payload: 'promo' });

    const [update] = await api.getUpdates({ timeout: 0 });
    assert.is(update?.message?.text, '/start promo');

    const waiting = client<{ message_id: number }>('POST', `/users/${ana}/wait-message`, {
      text_includes: 'Bienvenida',
      timeout_ms: 2000,
    });
    const menu = await api.sendMessage(ana, 'Bienvenida, Ana', {
      reply_markup: { inline_keyboard: [[{ text: 'Ver VIP', callback_data: 'vip' }]] },
    });
    assert.is((await waiting).body.result.message_id, menu.message_id);

    const pressing = client<{ answer?: unknown }>('POST', `/users/${ana}/button-presses`, {
      message_id: menu.message_id,
      callback_data: 'vip',
      wait_ms: 2000,
    });
    const [query] = await api.getUpdates({ offset: (update?.update_id ?? 0) + 1, timeout: 2 });
    await api.answerCallbackQuery(query?.callback_query?.id ?? '', { text: 'Con gusto' });
    const pressed = await pressing;
    assert.equal(pressed.body.result.answer, { text: 'Con gusto', show_alert: false });

    const chat = await client<{ messages: Array<{ text: string }> }>('GET', `/users/${ana}/chat`);
    assert.equal(
      chat.body.result.messages.map((m) => m.text),
      ['/start promo', 'Bienvenida, Ana'],
    );

    const badLink = await client('POST', `/users/${ana}/joins`, { invite_link: 'https://t.me/+nope' });
    assert.equal([badLink.status, badLink.body.ok, badLink.body.error], [400, false, 'INVITE_HASH_INVALID']);

    const link = await api.createChatInviteLink(-1001000000001);
    const joined = await client('POST', `/users/${ana}/joins`, { invite_link: link.invite_link });
    assert.equal(joined.body.result, { outcome: 'joined' });
    const members = await client<Array<{ user: { id: number } }>>('GET', '/chats/-1001000000001/members');
    assert.ok(members.body.result.some((m) => m.user.id === ana));

    const unknown = await client('GET', '/no-such-route');
    assert.is(unknown.status, 404);
  } finally {
    await close();
  }
});

test('the call log records X-Idempotency-Key, and form and query parameters work', async () => {
  const { sandbox, root, client, close } = await startMounted();
  try {
    const ana = sandbox.createUser({ first_name: 'Ana' }).id;
    sandbox.start(ana);
    const form = new URLSearchParams({
      chat_id: String(ana),
      text: 'Hola',
      reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] }),
    });
    const response = await fetch(`${root}/bot${sandbox.token}/sendMessage`, {
      method: 'POST',
      headers: { 'x-idempotency-key': 'subscription:42:7:0' },
      body: form,
    });
    const sent = (await response.json()) as { ok: boolean; result: { reply_markup?: unknown } };
    assert.is(sent.ok, true);
    assert.ok(sent.result.reply_markup, 'reply_markup given as form JSON text is parsed');

    const me = await fetch(`${root}/bot${sandbox.token}/getMe?unused=1`);
    assert.is(((await me.json()) as { result: { id: number } }).result.id, sandbox.bot.id);

    const calls = await client<Array<{ idempotencyKey?: string; ok: boolean }>>(
      'GET',
      '/calls?method=sendMessage',
    );
    assert.is(calls.body.result.length, 1);
    assert.is(calls.body.result[0]?.idempotencyKey, 'subscription:42:7:0');
    assert.is(calls.body.result[0]?.ok, true);

    const preflight = await fetch(`${root}/client/users`, { method: 'OPTIONS' });
    assert.is(preflight.status, 204);
    assert.is(preflight.headers.get('access-control-allow-origin'), '*');
  } finally {
    await close();
  }
});

test.run();
