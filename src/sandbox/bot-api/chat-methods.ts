import type { ChatAdministratorRights, ChatFullInfo, ChatMember } from 'grammy/types';
import { badRequest, forbidden } from '../errors.ts';
import { changeMember, chatMemberJson, currentMember, isInChat, userOf } from '../memberships.ts';
import type { MethodParams } from '../method-params.ts';
import type { ChannelRecord } from '../records.ts';
import type { SandboxWorld } from '../world.ts';
import type { MethodTable } from './bot-method.ts';

const NO_GIFTS = {
  unlimited_gifts: false,
  limited_gifts: false,
  unique_gifts: false,
  premium_subscription: false,
};

/** Fails unless the bot is an administrator of `chat` holding `right`. */
export function requireBotRight(
  world: SandboxWorld,
  chat: ChannelRecord,
  right: keyof ChatAdministratorRights,
  denial: string,
): void {
  const bot = currentMember(world, chat, world.bot.id);
  if (!isInChat(bot)) throw forbidden(`bot is not a member of the ${chat.type} chat`);
  if (bot.status !== 'creator' && !(bot.status === 'administrator' && bot.rights?.[right]))
    throw badRequest(denial);
}

function channelInChat(world: SandboxWorld, params: MethodParams): ChannelRecord {
  const target = world.resolveChat(params.chatId());
  if (target.kind !== 'channel') throw badRequest("chat member status can't be changed in private chats");
  return target.chat;
}

function requireKnownUser(world: SandboxWorld, userId: number): void {
  if (userId !== world.bot.id && !world.users.has(userId)) throw badRequest('user not found');
}

function getChat(world: SandboxWorld, params: MethodParams): ChatFullInfo {
  const target = world.resolveChat(params.chatId());
  const common = { accent_color_id: 0, max_reaction_count: 11, accepted_gift_types: NO_GIFTS };
  if (target.kind === 'private') {
    const { record } = target;
    if (!record.started && !record.seenByBot) throw badRequest('chat not found');
    return { ...world.chatOf(target), ...common } as ChatFullInfo;
  }
  if (!isInChat(currentMember(world, target.chat, world.bot.id))) throw badRequest('chat not found');
  return {
    ...world.chatOf(target),
    ...common,
    ...(target.chat.joinByRequest ? { join_by_request: true } : {}),
  } as ChatFullInfo;
}

function getChatMember(world: SandboxWorld, params: MethodParams): ChatMember {
  const target = world.resolveChat(params.chatId());
  const userId = params.userId();
  requireKnownUser(world, userId);
  if (target.kind === 'private') {
    if (userId !== target.record.user.id && userId !== world.bot.id) throw badRequest('user not found');
    return { status: 'member', user: userOf(world, userId) };
  }
  if (!isInChat(currentMember(world, target.chat, world.bot.id))) {
    throw forbidden(`bot is not a member of the ${target.chat.type} chat`);
  }
  return chatMemberJson(userOf(world, userId), currentMember(world, target.chat, userId));
}

function getChatAdministrators(world: SandboxWorld, params: MethodParams): ChatMember[] {
  const chat = channelInChat(world, params);
  requireBotRight(world, chat, 'can_manage_chat', 'member list is inaccessible');
  const admins: ChatMember[] = [];
  for (const [userId, record] of chat.members) {
    if (record.status === 'creator' || record.status === 'administrator') {
      admins.push(chatMemberJson(userOf(world, userId), record));
    }
  }
  return admins;
}

function getChatMemberCount(world: SandboxWorld, params: MethodParams): number {
  const target = world.resolveChat(params.chatId());
  if (target.kind === 'private') return 2;
  let count = 0;
  for (const userId of target.chat.members.keys())
    if (isInChat(currentMember(world, target.chat, userId))) count++;
  return count;
}

/** A ban shorter than 30 seconds or longer than 366 days is forever (until_date 0), as documented. */
function banUntil(world: SandboxWorld, untilDate: number | undefined): number {
  const now = world.nowSeconds();
  if (!untilDate || untilDate < now + 30 || untilDate > now + 366 * 24 * 60 * 60) return 0;
  return untilDate;
}

function assertRemovable(world: SandboxWorld, chat: ChannelRecord, userId: number): void {
  const status = currentMember(world, chat, userId).status;
  if (status === 'creator') throw badRequest("can't remove chat owner");
  if (status === 'administrator') throw badRequest('user is an administrator of the chat');
}

function banChatMember(world: SandboxWorld, params: MethodParams): boolean {
  const chat = channelInChat(world, params);
  const userId = params.userId();
  requireBotRight(
    world,
    chat,
    'can_restrict_members',
    'not enough rights to restrict/unrestrict chat member',
  );
  requireKnownUser(world, userId);
  assertRemovable(world, chat, userId);
  const untilDate = banUntil(world, params.int('until_date'));
  changeMember(world, chat, userId, { status: 'kicked', untilDate }, { actor: world.bot });
  return true;
}

/**
 * Lifts a ban. Without only_if_banned it also removes a current member, as the Bot API
 * documents ("the user will be removed from the chat"), so they can rejoin via a link.
 */
function unbanChatMember(world: SandboxWorld, params: MethodParams): boolean {
  const chat = channelInChat(world, params);
  const userId = params.userId();
  requireBotRight(
    world,
    chat,
    'can_restrict_members',
    'not enough rights to restrict/unrestrict chat member',
  );
  requireKnownUser(world, userId);
  const current = currentMember(world, chat, userId);
  if (current.status !== 'kicked' && (params.bool('only_if_banned') || !isInChat(current))) return true;
  if (current.status !== 'kicked') assertRemovable(world, chat, userId);
  changeMember(world, chat, userId, { status: 'left', untilDate: 0 }, { actor: world.bot });
  return true;
}

export const chatMethods: MethodTable = {
  getChat,
  getChatMember,
  getChatAdministrators,
  getChatMemberCount,
  banChatMember,
  unbanChatMember,
};
