import type { ChatInviteLink, ChatMember, User } from 'grammy/types';
import type { ChannelRecord, InviteLinkRecord, MemberRecord } from './records.ts';
import { channelChat, type SandboxWorld } from './world.ts';

const LEFT: MemberRecord = { status: 'left', untilDate: 0 };

/** A user's standing in a chat now; a ban whose until_date passed reads as `left`. */
export function currentMember(world: SandboxWorld, chat: ChannelRecord, userId: number): MemberRecord {
  const record = chat.members.get(userId);
  if (!record) return LEFT;
  if (record.status === 'kicked' && record.untilDate > 0 && record.untilDate <= world.nowSeconds())
    return LEFT;
  return record;
}

export function isInChat(record: MemberRecord): boolean {
  return record.status !== 'left' && record.status !== 'kicked';
}

export function userOf(world: SandboxWorld, userId: number): User {
  if (userId === world.bot.id) return world.bot;
  return world.users.get(userId)?.user ?? { id: userId, is_bot: false, first_name: `User ${userId}` };
}

export function chatMemberJson(user: User, record: MemberRecord): ChatMember {
  switch (record.status) {
    case 'creator':
      return { status: 'creator', user, is_anonymous: false };
    case 'administrator':
      return { status: 'administrator', user, can_be_edited: false, ...record.rights } as ChatMember;
    case 'member':
      return { status: 'member', user };
    case 'restricted':
      return {
        status: 'restricted',
        user,
        is_member: true,
        until_date: record.untilDate,
        can_send_messages: false,
        can_invite_users: false,
      } as ChatMember;
    case 'kicked':
      return { status: 'kicked', user, until_date: record.untilDate };
    default:
      return { status: 'left', user };
  }
}

export interface MemberChangeCause {
  /** Who made the change: the user for joins and leaves, the bot for bans and approvals. */
  actor: User;
  inviteLink?: InviteLinkRecord;
  viaJoinRequest?: boolean;
}

/**
 * Records a user's new standing and tells the bot: `chat_member` for members, `my_chat_member`
 * when the bot itself changed. Nothing is emitted when nothing changed.
 */
export function changeMember(
  world: SandboxWorld,
  chat: ChannelRecord,
  userId: number,
  next: MemberRecord,
  cause: MemberChangeCause,
): void {
  const previous = currentMember(world, chat, userId);
  if (next.status === 'left') chat.members.delete(userId);
  else chat.members.set(userId, next);
  if (isInChat(next) || next.status === 'kicked') chat.joinRequests.delete(userId);
  const unchanged = previous.status === next.status && previous.untilDate === next.untilDate;
  // Only administrator bots hear about other members (Bot API: chat_member); the bot always hears about itself.
  const botHears =
    userId === world.bot.id || currentMember(world, chat, world.bot.id).status === 'administrator';
  if (unchanged || !botHears) {
    world.changed();
    return;
  }
  const user = userOf(world, userId);
  const updated = {
    chat: channelChat(chat),
    from: cause.actor,
    date: world.nowSeconds(),
    old_chat_member: chatMemberJson(user, previous),
    new_chat_member: chatMemberJson(user, next),
    ...(cause.inviteLink ? { invite_link: inviteLinkJson(world, chat, cause.inviteLink) } : {}),
    ...(cause.viaJoinRequest ? { via_join_request: true as const } : {}),
  };
  world.emit(userId === world.bot.id ? { my_chat_member: updated } : { chat_member: updated });
}

/** Members who joined through a link and are still in the chat: what member_limit counts. */
export function membersJoinedVia(chat: ChannelRecord, url: string): number {
  let count = 0;
  for (const record of chat.members.values()) if (record.joinedVia === url && isInChat(record)) count++;
  return count;
}

/** Why a link admits nobody now, as a Telegram app reports it; undefined when it works. */
export function inviteLinkProblem(
  world: SandboxWorld,
  chat: ChannelRecord,
  link: InviteLinkRecord,
): 'INVITE_HASH_EXPIRED' | undefined {
  if (link.revoked) return 'INVITE_HASH_EXPIRED';
  if (link.expireDate !== undefined && link.expireDate <= world.nowSeconds()) return 'INVITE_HASH_EXPIRED';
  if (link.memberLimit !== undefined && membersJoinedVia(chat, link.url) >= link.memberLimit) {
    return 'INVITE_HASH_EXPIRED';
  }
  return undefined;
}

export function inviteLinkJson(
  world: SandboxWorld,
  chat: ChannelRecord,
  link: InviteLinkRecord,
): ChatInviteLink {
  let pending = 0;
  for (const request of chat.joinRequests.values()) if (request.inviteLink === link.url) pending++;
  return {
    invite_link: link.url,
    creator: userOf(world, link.creatorId),
    creates_join_request: link.createsJoinRequest,
    is_primary: false,
    is_revoked: link.revoked,
    ...(link.name ? { name: link.name } : {}),
    ...(link.expireDate !== undefined ? { expire_date: link.expireDate } : {}),
    ...(link.memberLimit !== undefined ? { member_limit: link.memberLimit } : {}),
    ...(pending > 0 ? { pending_join_request_count: pending } : {}),
  };
}
