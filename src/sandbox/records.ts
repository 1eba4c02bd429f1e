import type { ChatAdministratorRights, KeyboardButton, User } from 'grammy/types';

/** A person (or the seeded channel owner) known to the sandbox. */
export interface UserRecord {
  user: User;
  /** Wrote to the bot (e.g. /start): the bot may message them. */
  started: boolean;
  /** The bot received an update from them (a join request, a join): getChat knows them. */
  seenByBot: boolean;
  blocked: boolean;
  /** The current reply keyboard the bot showed in the private chat, if any. */
  replyKeyboard?: KeyboardButton[][];
}

export type MemberStatus = 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';

export interface MemberRecord {
  status: MemberStatus;
  /** Unix seconds; 0 = forever (kicked / restricted). */
  untilDate: number;
  rights?: ChatAdministratorRights;
  /** The invite link a member joined through, for member_limit accounting. */
  joinedVia?: string;
}

export interface InviteLinkRecord {
  url: string;
  name?: string;
  expireDate?: number;
  memberLimit?: number;
  createsJoinRequest: boolean;
  revoked: boolean;
  creatorId: number;
}

export interface JoinRequestRecord {
  userId: number;
  date: number;
  inviteLink?: string;
}

export interface ChannelRecord {
  id: number;
  type: 'channel' | 'supergroup';
  title: string;
  username?: string;
  /** Non-members may ask to join without a link (the free channel). */
  joinByRequest: boolean;
  members: Map<number, MemberRecord>;
  inviteLinks: Map<string, InviteLinkRecord>;
  joinRequests: Map<number, JoinRequestRecord>;
}

export interface CallbackAnswer {
  text?: string;
  show_alert: boolean;
  url?: string;
  cache_time?: number;
}

export interface CallbackQueryRecord {
  id: string;
  userId: number;
  chatId: number;
  messageId: number;
  data: string;
  answer?: CallbackAnswer;
}

export interface PreCheckoutRecord {
  id: string;
  userId: number;
  messageId: number;
  currency: string;
  totalAmount: number;
  payload: string;
  answer?: { ok: boolean; error_message?: string };
}

/** One Bot API call as the call log keeps it. */
export interface ApiCallRecord {
  seq: number;
  /** Sandbox clock, ms epoch. */
  at: number;
  method: string;
  params: Record<string, unknown>;
  ok: boolean;
  result?: unknown;
  error?: { error_code: number; description: string };
  /** The failure was injected by a test (`failNext`); the method did not run. */
  injected?: true;
  idempotencyKey?: string;
}
