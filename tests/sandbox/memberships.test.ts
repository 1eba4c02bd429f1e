import type { Update } from 'grammy/types';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHANNEL_OWNER_ID, SandboxClientError } from '../../src/sandbox/index.ts';
import { apiError, manualClock, startSandbox } from './harness.ts';

const ALL_UPDATES = [
  'message',
  'callback_query',
  'chat_member',
  'my_chat_member',
  'chat_join_request',
] as const;

/** The client-side error code an action fails with. */
function clientError(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof SandboxClientError) return error.code;
    throw error;
  }
  assert.unreachable('the action succeeded but was expected to fail');
  return '';
}

test('a member_limit 1 link stops working when used up', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const link = await api.createChatInviteLink(sandbox.vipChannelId, { member_limit: 1, name: 'Ana VIP' });
    assert.is(link.member_limit, 1);
    const ana = sandbox.createUser({ first_name: 'Ana' }).id;
    const ben = sandbox.createUser({ first_name: 'Ben' }).id;
    assert.equal(sandbox.joinByLink(ana, link.invite_link), { outcome: 'joined' });
    assert.is(
      clientError(() => sandbox.joinByLink(ben, link.invite_link)),
      'INVITE_HASH_EXPIRED',
    );
    assert.is(sandbox.member(sandbox.vipChannelId, ben).status, 'left');
  } finally {
    await close();
  }
});

test('an expired link fails by the sandbox clock', async () => {
  const clock = manualClock();
  const { api, sandbox, close } = await startSandbox({ now: clock.now });
  try {
    const expireDate = Math.floor(clock.now() / 1000) + 3600;
    const link = await api.createChatInviteLink(sandbox.vipChannelId, { expire_date: expireDate });
    assert.is(link.expire_date, expireDate);
    clock.advanceSeconds(3601);
    const ana = sandbox.createUser({ first_name: 'Ana' }).id;
    assert.is(
      clientError(() => sandbox.joinByLink(ana, link.invite_link)),
      'INVITE_HASH_EXPIRED',
    );
    const pastError = await apiError(
      api.createChatInviteLink(sandbox.vipChannelId, { expire_date: Math.floor(clock.now() / 1000) - 1 }),
    );
    assert.is(pastError.description, 'Bad Request: EXPIRE_DATE_INVALID');
  } finally {
    await close();
  }
});

test('a revoked link fails and revokeChatInviteLink returns it with is_revoked true', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const link = await api.createChatInviteLink(sandbox.vipChannelId);
    const revoked = await api.revokeChatInviteLink(sandbox.vipChannelId, link.invite_link);
    assert.is(revoked.is_revoked, true);
    assert.is(revoked.invite_link, link.invite_link);
    const ana = sandbox.createUser({ first_name: 'Ana' }).id;
    assert.is(
      clientError(() => sandbox.joinByLink(ana, link.invite_link)),
      'INVITE_HASH_EXPIRED',
    );
  } finally {
    await close();
  }
});

test('member_limit cannot be combined with creates_join_request', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const error = await apiError(
      api.createChatInviteLink(sandbox.vipChannelId, { member_limit: 5, creates_join_request: true }),
    );
    assert.is(
      error.description,
      "Bad Request: member limit can't be specified for links requiring administrator approval",
    );
    const tooMany = await apiError(api.createChatInviteLink(sandbox.vipChannelId, { member_limit: 100000 }));
    assert.is(tooMany.description, 'Bad Request: USAGE_LIMIT_INVALID');
  } finally {
    await close();
  }
});

test('joining through a creates_join_request link emits chat_join_request with invite_link', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const link = await api.createChatInviteLink(sandbox.vipChannelId, { creates_join_request: true });
    const ana = sandbox.createUser({ first_name: 'Ana' }).id;
    assert.equal(sandbox.joinByLink(ana, link.invite_link), {
      outcome: 'requested',
      code: 'INVITE_REQUEST_SENT',
    });
    const [update] = await api.getUpdates({ timeout: 0 });
    assert.is(update?.chat_join_request?.from.id, ana);
    assert.is(update?.chat_join_request?.user_chat_id, ana);
    assert.is(update?.chat_join_request?.invite_link?.invite_link, link.invite_link);
    assert.is(sandbox.member(sandbox.vipChannelId, ana).status, 'left', 'a request is not a membership');
  } finally {
    await close();
  }
});

test('requesting to join the free channel creates a pending request that approval turns into a member', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    await api.getUpdates({ timeout: 0, allowed_updates: [...ALL_UPDATES] });
    const ana = sandbox.createUser({ first_name: 'Ana' }).id;
    sandbox.requestJoin(ana, sandbox.freeChannelId);
    assert.equal(
      sandbox.joinRequests(sandbox.freeChannelId).map((r) => r.userId),
      [ana],
    );
    // Telegram lets the bot write to a requester for 5 minutes, before they ever start it.
    await api.sendMessage(ana, 'Su solicitud ha sido recibida');
    await api.approveChatJoinRequest(sandbox.freeChannelId, ana);
    assert.is(sandbox.member(sandbox.freeChannelId, ana).status, 'member');
    const updates = await api.getUpdates({ timeout: 0 });
    const joined = updates.find((u) => u.chat_member)?.chat_member;
    assert.equal([joined?.old_chat_member.status, joined?.new_chat_member.status], ['left', 'member']);
    assert.is(joined?.via_join_request, true);
    assert.is(joined?.from.id, sandbox.bot.id);
  } finally {
    await close();
  }
});

test('approving a missing request answers HIDE_REQUESTER_MISSING', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const ana = sandbox.createUser({ first_name: 'Ana' }).id;
    const error = await apiError(api.approveChatJoinRequest(sandbox.freeChannelId, ana));
    assert.is(error.description, 'Bad Request: HIDE_REQUESTER_MISSING');
    const declineError = await apiError(api.declineChatJoinRequest(sandbox.freeChannelId, ana));
    assert.is(declineError.description, 'Bad Request: HIDE_REQUESTER_MISSING');
  } finally {
    await close();
  }
});

test('approving a user who is already a member answers USER_ALREADY_PARTICIPANT', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const link = await api.createChatInviteLink(sandbox.freeChannelId);
    const ana = sandbox.createUser({ first_name: 'Ana' }).id;
    sandbox.joinByLink(ana, link.invite_link);
    const error = await apiError(api.approveChatJoinRequest(sandbox.freeChannelId, ana));
    assert.is(error.description, 'Bad Request: USER_ALREADY_PARTICIPANT');
  } finally {
    await close();
  }
});

test('a banned user cannot join through any link', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const ana = sandbox.createUser({ first_name: 'Ana' }).id;
    await api.banChatMember(sandbox.vipChannelId, ana);
    assert.is(sandbox.member(sandbox.vipChannelId, ana).status, 'kicked');
    const plain = await api.createChatInviteLink(sandbox.vipChannelId);
    const approval = await api.createChatInviteLink(sandbox.vipChannelId, { creates_join_request: true });
    assert.is(
      clientError(() => sandbox.joinByLink(ana, plain.invite_link)),
      'USER_BANNED_IN_CHANNEL',
    );
    assert.is(
      clientError(() => sandbox.joinByLink(ana, approval.invite_link)),
      'USER_BANNED_IN_CHANNEL',
    );
    assert.equal(sandbox.joinRequests(sandbox.vipChannelId), []);
  } finally {
    await close();
  }
});

test('a ban with until_date ends by the sandbox clock', async () => {
  const clock = manualClock();
  const { api, sandbox, close } = await startSandbox({ now: clock.now });
  try {
    const ana = sandbox.createUser({ first_name: 'Ana' }).id;
    const until = Math.floor(clock.now() / 1000) + 3600;
    await api.banChatMember(sandbox.vipChannelId, ana, { until_date: until });
    assert.equal(await api.getChatMember(sandbox.vipChannelId, ana), {
      status: 'kicked',
      user: { id: ana, is_bot: false, first_name: 'Ana' },
      until_date: until,
    });
    clock.advanceSeconds(3600);
    assert.is((await api.getChatMember(sandbox.vipChannelId, ana)).status, 'left');
  } finally {
    await close();
  }
});

test('unbanChatMember without only_if_banned removes a current member', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const link = await api.createChatInviteLink(sandbox.vipChannelId);
    const ana = sandbox.createUser({ first_name: 'Ana' }).id;
    sandbox.joinByLink(ana, link.invite_link);
    await api.unbanChatMember(sandbox.vipChannelId, ana, { only_if_banned: true });
    assert.is(
      sandbox.member(sandbox.vipChannelId, ana).status,
      'member',
      'only_if_banned leaves members alone',
    );
    await api.unbanChatMember(sandbox.vipChannelId, ana);
    assert.is(sandbox.member(sandbox.vipChannelId, ana).status, 'left');
    assert.equal(sandbox.joinByLink(ana, link.invite_link), { outcome: 'joined' }, 'and may rejoin');
  } finally {
    await close();
  }
});

test('joins, leaves, bans and unbans emit chat_member updates', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    await api.getUpdates({ timeout: 0, allowed_updates: [...ALL_UPDATES] });
    const link = await api.createChatInviteLink(sandbox.vipChannelId, { name: 'Campaña' });
    const ana = sandbox.createUser({ first_name: 'Ana' }).id;
    sandbox.joinByLink(ana, link.invite_link);
    sandbox.leave(ana, sandbox.vipChannelId);
    await api.banChatMember(sandbox.vipChannelId, ana);
    await api.unbanChatMember(sandbox.vipChannelId, ana, { only_if_banned: true });
    const changes = (await api.getUpdates({ timeout: 0 })).map((u: Update) => u.chat_member);
    assert.equal(
      changes.map((c) => [c?.from.id, c?.old_chat_member.status, c?.new_chat_member.status]),
      [
        [ana, 'left', 'member'],
        [ana, 'member', 'left'],
        [sandbox.bot.id, 'left', 'kicked'],
        [sandbox.bot.id, 'kicked', 'left'],
      ],
    );
    assert.is(changes[0]?.invite_link?.invite_link, link.invite_link);
    assert.is(changes[0]?.invite_link?.name, 'Campaña');
  } finally {
    await close();
  }
});

test("the bot's own status changes emit my_chat_member", async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const ana = sandbox.createUser({ first_name: 'Ana' }).id;
    sandbox.start(ana);
    sandbox.blockBot(ana);
    sandbox.setBotStatus(sandbox.vipChannelId, 'left');
    const updates = (await api.getUpdates({ timeout: 0 })).filter((u) => u.my_chat_member);
    assert.equal(
      updates.map((u) => [u.my_chat_member?.chat.id, u.my_chat_member?.new_chat_member.status]),
      [
        [ana, 'kicked'],
        [sandbox.vipChannelId, 'left'],
      ],
    );
    const error = await apiError(api.createChatInviteLink(sandbox.vipChannelId));
    assert.is(error.description, 'Forbidden: bot is not a member of the channel chat');
  } finally {
    await close();
  }
});

test('getChatAdministrators lists the owner and the bot with its rights', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const admins = await api.getChatAdministrators(sandbox.vipChannelId);
    assert.equal(
      admins.map((a) => [a.user.id, a.status]),
      [
        [CHANNEL_OWNER_ID, 'creator'],
        [sandbox.bot.id, 'administrator'],
      ],
    );
    const bot = admins[1];
    assert.ok(bot?.status === 'administrator' && bot.can_invite_users && bot.can_restrict_members);
    const chat = await api.getChat(sandbox.vipChannelId);
    assert.equal([chat.type, chat.title], ['channel', 'Lucien VIP']);
  } finally {
    await close();
  }
});

test.run();
