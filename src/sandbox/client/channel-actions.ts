import type { ChatAdministratorRights, Message, Update } from 'grammy/types';
import { SandboxClientError } from '../errors.ts';
import {
  changeMember,
  currentMember,
  inviteLinkJson,
  inviteLinkProblem,
  isInChat,
  userOf,
} from '../memberships.ts';
import type { ChannelRecord, InviteLinkRecord } from '../records.ts';
import { CHANNEL_BOT_RIGHTS, CHANNEL_OWNER_ID } from '../seed.ts';
import { channelChat, type SandboxWorld } from '../world.ts';
import { actingUser } from './users.ts';

/** What a Telegram app gets when it joins: in, or a join request sent (MTProto's INVITE_REQUEST_SENT). */
export type JoinOutcome = { outcome: 'joined' } | { outcome: 'requested'; code: 'INVITE_REQUEST_SENT' };

function channel(world: SandboxWorld, chatId: number): ChannelRecord {
  const chat = world.chats.get(chatId);
  if (!chat) throw new SandboxClientError('CHANNEL_INVALID', `no sandbox channel ${chatId}`);
  return chat;
}

function assertMayJoin(world: SandboxWorld, chat: ChannelRecord, userId: number): void {
  const member = currentMember(world, chat, userId);
  if (member.status === 'kicked') throw new SandboxClientError('USER_BANNED_IN_CHANNEL');
  if (isInChat(member)) throw new SandboxClientError('USER_ALREADY_PARTICIPANT');
}

/** A pending request reaches administrators with can_invite_users as `chat_join_request`. */
function sendJoinRequest(
  world: SandboxWorld,
  chat: ChannelRecord,
  userId: number,
  link?: InviteLinkRecord,
): JoinOutcome {
  const requested: JoinOutcome = { outcome: 'requested', code: 'INVITE_REQUEST_SENT' };
  if (chat.joinRequests.has(userId)) return requested;
  const date = world.nowSeconds();
  chat.joinRequests.set(userId, { userId, date, ...(link ? { inviteLink: link.url } : {}) });
  const bot = currentMember(world, chat, world.bot.id);
  if (bot.status === 'administrator' && bot.rights?.can_invite_users) {
    const user = userOf(world, userId);
    world.emit({
      chat_join_request: {
        chat: channelChat(chat),
        from: user,
        user_chat_id: userId,
        date,
        ...(link ? { invite_link: inviteLinkJson(world, chat, link) } : {}),
      },
    });
  } else {
    world.changed();
  }
  return requested;
}

/** "Request to join" on a channel that approves members (the free channel). */
export function requestJoin(world: SandboxWorld, userId: number, chatId: number): JoinOutcome {
  actingUser(world, userId);
  const chat = channel(world, chatId);
  assertMayJoin(world, chat, userId);
  if (!chat.joinByRequest)
    throw new SandboxClientError('CHANNEL_PRIVATE', 'this channel is joined by invite link');
  return sendJoinRequest(world, chat, userId);
}

function findLink(world: SandboxWorld, url: string): { chat: ChannelRecord; link: InviteLinkRecord } {
  const hash = url.trim().replace(/^(https?:\/\/)?(t\.me|telegram\.me)\/(\+|joinchat\/)/i, '');
  for (const chat of world.chats.values()) {
    for (const link of chat.inviteLinks.values()) {
      if (link.url.endsWith(`/+${hash}`)) return { chat, link };
    }
  }
  throw new SandboxClientError('INVITE_HASH_INVALID');
}

export function joinByLink(world: SandboxWorld, userId: number, url: string): JoinOutcome {
  actingUser(world, userId);
  const { chat, link } = findLink(world, url);
  assertMayJoin(world, chat, userId);
  const problem = inviteLinkProblem(world, chat, link);
  if (problem) throw new SandboxClientError(problem);
  if (link.createsJoinRequest) return sendJoinRequest(world, chat, userId, link);
  const user = userOf(world, userId);
  changeMember(
    world,
    chat,
    userId,
    { status: 'member', untilDate: 0, joinedVia: link.url },
    { actor: user, inviteLink: link },
  );
  return { outcome: 'joined' };
}

export function leave(world: SandboxWorld, userId: number, chatId: number): void {
  const record = actingUser(world, userId);
  const chat = channel(world, chatId);
  const member = currentMember(world, chat, userId);
  if (member.status === 'creator') throw new SandboxClientError('USER_CREATOR');
  if (!isInChat(member)) throw new SandboxClientError('USER_NOT_PARTICIPANT');
  changeMember(world, chat, userId, { status: 'left', untilDate: 0 }, { actor: record.user });
}

/** The owner publishes a post in the channel; admin bots receive it as `channel_post`. */
export function postToChannel(world: SandboxWorld, chatId: number, text: string): Message {
  const chat = channel(world, chatId);
  const origin = channelChat(chat);
  const message = {
    message_id: world.messages.nextId(chat.id),
    sender_chat: origin,
    chat: origin,
    date: world.nowSeconds(),
    text,
  } as Message;
  world.messages.save(message);
  if (isInChat(currentMember(world, chat, world.bot.id)))
    world.emit({ channel_post: message as Update['channel_post'] });
  else world.changed();
  return message;
}

export type BotChannelStatus = 'administrator' | 'member' | 'left' | 'kicked';

/** The owner promotes, demotes or removes the bot; the bot learns it through `my_chat_member`. */
export function setBotStatus(
  world: SandboxWorld,
  chatId: number,
  status: BotChannelStatus,
  rights: Partial<ChatAdministratorRights> = {},
): void {
  const chat = channel(world, chatId);
  const owner = userOf(world, CHANNEL_OWNER_ID);
  changeMember(
    world,
    chat,
    world.bot.id,
    status === 'administrator'
      ? { status, untilDate: 0, rights: { ...CHANNEL_BOT_RIGHTS, ...rights } }
      : { status, untilDate: 0 },
    { actor: owner },
  );
}
