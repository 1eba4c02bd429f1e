import { setTimeout as delay } from 'node:timers/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { apiError, startedUser, startSandbox } from './harness.ts';

test('429 with retry_after beyond 1 message/s to one private chat', async () => {
  const { api, sandbox, close } = await startSandbox({ flood: { enabled: true } });
  try {
    const ana = startedUser(sandbox);
    for (let i = 0; i < 3; i++) await api.sendMessage(ana, `ráfaga ${i}`);
    const error = await apiError(api.sendMessage(ana, 'una de más'));
    assert.is(error.error_code, 429);
    assert.is(error.description, 'Too Many Requests: retry after 1');
    assert.equal(error.parameters, { retry_after: 1 });
    await delay(1000);
    await api.sendMessage(ana, 'tras esperar');
    assert.is(sandbox.messages(ana).length, 5, 'the refused message was not stored');
  } finally {
    await close();
  }
});

test('429 beyond 30 messages per second overall', async () => {
  const { api, sandbox, close } = await startSandbox({ flood: { enabled: true } });
  try {
    const users = Array.from({ length: 100 }, (_, i) => startedUser(sandbox, `U${i}`));
    const results = await Promise.allSettled(users.map((user) => api.sendMessage(user, 'aviso')));
    const sent = results.filter((r) => r.status === 'fulfilled').length;
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    // Tokens refill at 30/s while the burst travels, so a slow machine lets a few more through.
    assert.ok(sent >= 30 && sent < 100, `sent ${sent}`);
    for (const error of refused)
      assert.equal([error.error_code, error.parameters], [429, { retry_after: 1 }]);
  } finally {
    await close();
  }
});

test('429 beyond 20 messages per minute to a channel', async () => {
  const { api, sandbox, close } = await startSandbox({ flood: { enabled: true } });
  try {
    for (let i = 0; i < 20; i++) await api.sendMessage(sandbox.vipChannelId, `post ${i}`);
    const error = await apiError(api.sendMessage(sandbox.vipChannelId, 'post 21'));
    assert.is(error.error_code, 429);
    const retryAfter = error.parameters.retry_after ?? 0;
    assert.ok(retryAfter >= 1 && retryAfter <= 3, 'one more post every 3 s at 20/min');
  } finally {
    await close();
  }
});

test('edits do not count toward flood limits', async () => {
  const { api, sandbox, close } = await startSandbox({ flood: { enabled: true } });
  try {
    const ana = startedUser(sandbox);
    const sent = await api.sendMessage(ana, 'v0');
    for (let i = 1; i <= 5; i++) await api.editMessageText(ana, sent.message_id, `v${i}`);
  } finally {
    await close();
  }
});

test('with flood control off a burst goes through', async () => {
  const { api, sandbox, close } = await startSandbox({ flood: { enabled: false } });
  try {
    const ana = startedUser(sandbox);
    for (let i = 0; i < 10; i++) await api.sendMessage(ana, `mensaje ${i}`);
    assert.is(sandbox.messages(ana).length, 11);
  } finally {
    await close();
  }
});

test.run();
