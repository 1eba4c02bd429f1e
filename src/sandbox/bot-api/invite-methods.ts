import { randomBytes } from 'node:crypto';
import type { ChatInviteLink } from 'grammy/types';
import { badRequest } from '../errors.ts';
import { changeMember, currentMember, inviteLinkJson, isInChat } from '../memberships.ts';
import type { MethodParams } from '../method-params.ts';
import type { ChannelRecord, InviteLinkRecord } from '../records.ts';
import type { SandboxWorld } from '../world.ts';
import type { MethodTable } from './bot-method.ts';
import { requireBotRight } from './chat-methods.ts';

/** TDLib trims link names to this many characters rather than failing. */
const MAX_LINK_NAME_LENGTH = 32;
const MANAGE_LINKS_DENIED = 'not enough rights to manage chat invite link';

function linkChannel(world: SandboxWorld, params: MethodParams): ChannelRecord {
  const target = world.resolveChat(params.chatId());
  if (target.kind !== 'channel') throw badRequest("can't invite members to a private chat");
  return target.chat;
}

function createChatInviteLink(world: SandboxWorld, params: MethodParams): ChatInviteLink {
  const chat = linkChannel(world, params);
  const createsJoinRequest = params.bool('creates_join_request');
  const memberLimit = params.int('member_limit') ?? 0;
  const expireDate = params.int('expire_date') ?? 0;
  if (createsJoinRequest && memberLimit > 0) {
    throw badRequest("member limit can't be specified for links requiring administrator approval");
  }
  requireBotRight(world, chat, 'can_invite_users', MANAGE_LINKS_DENIED);
  if (expireDate < 0 || (expireDate > 0 && expireDate <= world.nowSeconds()))
    throw badRequest('EXPIRE_DATE_INVALID');
  if (memberLimit < 0 || memberLimit > 99999) throw badRequest('USAGE_LIMIT_INVALID');
  const name = (params.string('name') ?? '').trim().slice(0, MAX_LINK_NAME_LENGTH);
  const link: InviteLinkRecord = {
    url: `https://t.me/+${randomBytes(12).toString('base64url').slice(0, 16)}`,
    createsJoinRequest,
    revoked: false,
    creatorId: world.bot.id,
    ...(name ? { name } : {}),
    ...(expireDate > 0 ? { expireDate } : {}),
    ...(memberLimit > 0 ? { memberLimit } : {}),
  };
  chat.inviteLinks.set(link.url, link);
  world.changed();
  return inviteLinkJson(world, chat, link);
}

function revokeChatInviteLink(world: SandboxWorld, params: MethodParams): ChatInviteLink {
  const chat = linkChannel(world, params);
  requireBotRight(world, chat, 'can_invite_users', MANAGE_LINKS_DENIED);
  const link = chat.inviteLinks.get(params.string('invite_link') ?? '');
  if (!link) throw badRequest('INVITE_HASH_EXPIRED');
  link.revoked = true;
  world.changed();
  return inviteLinkJson(world, chat, link);
}

function pendingRequest(world: SandboxWorld, params: MethodParams) {
  const chat = linkChannel(world, params);
  const userId = params.userId();
  requireBotRight(world, chat, 'can_invite_users', 'CHAT_ADMIN_REQUIRED');
  if (isInChat(currentMember(world, chat, userId))) throw badRequest('USER_ALREADY_PARTICIPANT');
  const request = chat.joinRequests.get(userId);
  if (!request) throw badRequest('HIDE_REQUESTER_MISSING');
  return { chat, userId, request };
}

function approveChatJoinRequest(world: SandboxWorld, params: MethodParams): boolean {
  const { chat, userId, request } = pendingRequest(world, params);
  const link = request.inviteLink ? chat.inviteLinks.get(request.inviteLink) : undefined;
  changeMember(
    world,
    chat,
    userId,
    { status: 'member', untilDate: 0, ...(link ? { joinedVia: link.url } : {}) },
    { actor: world.bot, ...(link ? { inviteLink: link } : { viaJoinRequest: true }) },
  );
  return true;
}

function declineChatJoinRequest(world: SandboxWorld, params: MethodParams): boolean {
  const { chat, userId } = pendingRequest(world, params);
  chat.joinRequests.delete(userId);
  world.changed();
  return true;
}

export const inviteMethods: MethodTable = {
  createChatInviteLink,
  revokeChatInviteLink,
  approveChatJoinRequest,
  declineChatJoinRequest,
};
