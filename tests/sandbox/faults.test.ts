import type { Api } from 'grammy';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BotApiError, type Sandbox, SandboxClientError } from '../../src/sandbox/index.ts';
import { apiError, startSandbox } from './harness.ts';

/** A person who joined the VIP channel through a link (and is known to the free one). */
async function vipMember(sandbox: Sandbox, api: Api, firstName = 'Ana'): Promise<number> {
  const user = sandbox.createUser({ first_name: firstName }).id;
  const link = await api.createChatInviteLink(sandbox.vipChannelId);
  sandbox.joinByLink(user, link.invite_link);
  return user;
}

const clientCall = async (url: string, method: 'POST' | 'DELETE', path: string, body?: unknown) => {
  const response = await fetch(`${url}/client${path}`, {
    method,
    ...(body !== undefined
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
      : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

test('a ban fails once for one chat only; the other chat’s ban and the retry succeed', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const ana = await vipMember(sandbox, api);
    const vip = sandbox.vipChannelId;
    sandbox.failNext(
      'banChatMember',
      { error_code: 500, description: 'Internal Server Error' },
      { when: (params) => params.chat_id === vip },
    );
    assert.is(await api.banChatMember(sandbox.freeChannelId, ana), true, 'the other chat is untouched');
    assert.is(sandbox.member(sandbox.freeChannelId, ana).status, 'kicked');

    const error = await apiError(api.banChatMember(vip, ana));
    assert.equal(
      [error.error_code, error.description, error.method],
      [500, 'Internal Server Error', 'banChatMember'],
    );
    assert.is(sandbox.member(vip, ana).status, 'member', 'the failed call did not run');

    assert.is(await api.banChatMember(vip, ana), true, 'once only');
    assert.is(sandbox.member(vip, ana).status, 'kicked');

    const calls = sandbox.calls({ method: 'banChatMember' });
    assert.equal(
      calls.map((c) => [c.params.chat_id, c.ok, c.injected ?? false]),
      [
        [sandbox.freeChannelId, true, false],
        [vip, false, true],
        [vip, true, false],
      ],
    );
    assert.equal(calls[1]?.error, { error_code: 500, description: 'Internal Server Error' });
  } finally {
    await close();
  }
});

test('times: 2 fails the next two calls, then the method runs again', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const ana = await vipMember(sandbox, api);
    sandbox.failNext('banChatMember', { error_code: 502, description: 'Bad Gateway' }, { times: 2 });
    for (let i = 0; i < 2; i++) {
      const error = await apiError(api.banChatMember(sandbox.vipChannelId, ana));
      assert.equal([error.error_code, error.description], [502, 'Bad Gateway'], `call ${i + 1}`);
    }
    assert.is(await api.banChatMember(sandbox.vipChannelId, ana), true);
    assert.equal(
      sandbox.calls({ method: 'banChatMember' }).map((c) => c.ok),
      [false, false, true],
    );
  } finally {
    await close();
  }
});

test('retry_after reaches grammY as parameters.retry_after, with Telegram’s JSON and status', async () => {
  const { api, sandbox, url, close } = await startSandbox();
  try {
    const ana = await vipMember(sandbox, api);
    const flood = { error_code: 429, description: 'Too Many Requests: retry after 7', retry_after: 7 };
    sandbox.failNext('banChatMember', flood);
    const error = await apiError(api.banChatMember(sandbox.vipChannelId, ana));
    assert.is(error.error_code, 429);
    assert.is(error.description, 'Too Many Requests: retry after 7');
    assert.equal(error.parameters, { retry_after: 7 });

    // The same on the wire, method names matching case-insensitively as Telegram's do.
    sandbox.failNext('BANCHATMEMBER', flood);
    const response = await fetch(`${url}/bot${sandbox.token}/banchatmember`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: sandbox.vipChannelId, user_id: ana }),
    });
    assert.is(response.status, 429);
    assert.equal(await response.json(), {
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 7',
      parameters: { retry_after: 7 },
    });

    // Without HTTP too, as a BotApiError.
    sandbox.failNext('banChatMember', { error_code: 403, description: 'Forbidden: bot was kicked' });
    try {
      await sandbox.callBotApi('banChatMember', { chat_id: sandbox.vipChannelId, user_id: ana });
      assert.unreachable('the injected failure should have been thrown');
    } catch (caught) {
      assert.instance(caught, BotApiError);
      assert.equal((caught as BotApiError).toJSON(), {
        ok: false,
        error_code: 403,
        description: 'Forbidden: bot was kicked',
      });
    }
    assert.is(sandbox.member(sandbox.vipChannelId, ana).status, 'member');
  } finally {
    await close();
  }
});

test('other methods are untouched and clearing forgets failures not yet used', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const ana = await vipMember(sandbox, api);
    sandbox.failNext(
      'banChatMember',
      { error_code: 500, description: 'Internal Server Error' },
      { times: 5 },
    );
    await api.unbanChatMember(sandbox.freeChannelId, ana, { only_if_banned: true });
    await api.getChatMember(sandbox.vipChannelId, ana);
    await apiError(api.banChatMember(sandbox.vipChannelId, ana));
    sandbox.clearFaults();
    assert.is(await api.banChatMember(sandbox.vipChannelId, ana), true);
  } finally {
    await close();
  }
});

test('asking for a failure of an unknown method or with a malformed error throws', async () => {
  const { sandbox, close } = await startSandbox();
  try {
    const fails = (action: () => void) => {
      try {
        action();
      } catch (error) {
        if (error instanceof SandboxClientError) return error.code;
        throw error;
      }
      return 'no error';
    };
    const error = { error_code: 400, description: 'Bad Request: chat not found' };
    assert.is(
      fails(() => sandbox.failNext('banChatMembr', error)),
      'METHOD_INVALID',
    );
    assert.is(
      fails(() => sandbox.failNext('banChatMember', { ...error, error_code: 200 })),
      'PARAMETER_INVALID',
    );
    assert.is(
      fails(() => sandbox.failNext('banChatMember', { ...error, description: '' })),
      'PARAMETER_INVALID',
    );
    assert.is(
      fails(() => sandbox.failNext('banChatMember', { ...error, retry_after: 0 })),
      'PARAMETER_INVALID',
    );
    assert.is(
      fails(() => sandbox.failNext('banChatMember', error, { times: 0 })),
      'PARAMETER_INVALID',
    );
  } finally {
    await close();
  }
});

// --- over HTTP -------------------------------------------------------------------------------

test('POST /client/faults fails the next call for one chat_id; DELETE clears', async () => {
  const { api, sandbox, url, close } = await startSandbox();
  try {
    const ana = await vipMember(sandbox, api);
    const ben = await vipMember(sandbox, api, 'Ben');
    const vip = sandbox.vipChannelId;
    const asked = await clientCall(url, 'POST', '/faults', {
      method: 'banChatMember',
      error_code: 429,
      description: 'Too Many Requests: retry after 3',
      retry_after: 3,
      times: 2,
      chat_id: vip,
    });
    assert.equal(asked, { status: 200, body: { ok: true, result: true } });

    assert.is(await api.banChatMember(sandbox.freeChannelId, ana), true, 'another chat succeeds');
    const first = await apiError(api.banChatMember(vip, ana));
    assert.equal([first.error_code, first.parameters], [429, { retry_after: 3 }]);
    const second = await apiError(api.banChatMember(vip, ben));
    assert.equal([second.error_code, second.description], [429, 'Too Many Requests: retry after 3']);
    assert.is(await api.banChatMember(vip, ana), true, 'two times, then it runs');

    await clientCall(url, 'POST', '/faults', {
      method: 'banChatMember',
      error_code: 400,
      description: 'Bad Request: PARTICIPANT_ID_INVALID',
    });
    assert.equal(await clientCall(url, 'DELETE', '/faults'), {
      status: 200,
      body: { ok: true, result: true },
    });
    assert.is(await api.banChatMember(vip, ben), true, 'cleared before it was used');
    assert.equal(
      sandbox.calls({ method: 'banChatMember' }).map((c) => [c.params.chat_id, c.ok]),
      [
        [sandbox.freeChannelId, true],
        [vip, false],
        [vip, false],
        [vip, true],
        [vip, true],
      ],
    );
  } finally {
    await close();
  }
});

test('POST /client/faults refuses an unknown method or a malformed error with 400', async () => {
  const { url, close } = await startSandbox();
  try {
    const unknown = await clientCall(url, 'POST', '/faults', {
      method: 'banChatMembr',
      error_code: 400,
      description: 'Bad Request: x',
    });
    assert.equal([unknown.status, unknown.body.error], [400, 'METHOD_INVALID']);
    const noCode = await clientCall(url, 'POST', '/faults', {
      method: 'banChatMember',
      description: 'Bad Request: x',
    });
    assert.equal([noCode.status, noCode.body.error], [400, 'PARAMETER_INVALID']);
    const badChat = await clientCall(url, 'POST', '/faults', {
      method: 'banChatMember',
      error_code: 400,
      description: 'Bad Request: x',
      chat_id: { id: 1 },
    });
    assert.equal([badChat.status, badChat.body.error], [400, 'PARAMETER_INVALID']);
    const preflight = await fetch(`${url}/client/faults`, { method: 'OPTIONS' });
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /DELETE/);
  } finally {
    await close();
  }
});

test.run();
