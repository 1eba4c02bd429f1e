import type { ChatAdministratorRights } from 'grammy/types';
import type { ChannelRecord } from './records.ts';
import type { SandboxWorld } from './world.ts';

export const VIP_CHANNEL_ID = -1001000000001;
export const FREE_CHANNEL_ID = -1001000000002;
/** The person who created both channels (their `creator`). */
export const CHANNEL_OWNER_ID = 1000000;

/** The rights a creator gives the bot so it can run a membership channel. */
export const CHANNEL_BOT_RIGHTS: ChatAdministratorRights = {
  is_anonymous: false,
  can_manage_chat: true,
  can_delete_messages: true,
  can_manage_video_chats: true,
  can_restrict_members: true,
  can_promote_members: false,
  can_change_info: true,
  can_invite_users: true,
  can_post_stories: true,
  can_edit_stories: true,
  can_delete_stories: true,
  can_post_messages: true,
  can_edit_messages: true,
  can_send_welcome_messages: false,
};

function seedChannel(world: SandboxWorld, id: number, title: string, joinByRequest: boolean): void {
  const chat: ChannelRecord = {
    id,
    type: 'channel',
    title,
    joinByRequest,
    members: new Map(),
    inviteLinks: new Map(),
    joinRequests: new Map(),
  };
  chat.members.set(CHANNEL_OWNER_ID, { status: 'creator', untilDate: 0 });
  chat.members.set(world.bot.id, {
    status: 'administrator',
    untilDate: 0,
    rights: { ...CHANNEL_BOT_RIGHTS },
  });
  world.chats.set(id, chat);
}

/** The channel owner, a VIP channel (invite links only) and a free channel (join requests). */
export function seedWorld(world: SandboxWorld): void {
  world.users.set(CHANNEL_OWNER_ID, {
    user: { id: CHANNEL_OWNER_ID, is_bot: false, first_name: 'Channel', last_name: 'Owner' },
    started: false,
    seenByBot: false,
    blocked: false,
  });
  seedChannel(world, VIP_CHANNEL_ID, 'Lucien VIP', false);
  seedChannel(world, FREE_CHANNEL_ID, 'Lucien Free', true);
}
