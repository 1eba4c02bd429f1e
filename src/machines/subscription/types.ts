/** Times are epoch ms from the app's clock; every event carries `at`, added by the runtime. */
export const DAY_MS = 86_400_000;
/** A fresh invite link may be asked for at most once in this window. */
export const FRESH_LINK_COOLDOWN_MS = 10 * 60_000;
/** Reminder leads before expiry when a redemption brings none: 3 days, then 1 day. */
export const DEFAULT_REMINDER_LEADS_MS: readonly number[] = [3 * DAY_MS, DAY_MS];

export type RitualStep = 1 | 2 | 3;

type At = { at: number };

export type SubscriptionEvent =
  /** An invitation code was claimed in the same transaction. */
  | ({
      type: 'REDEEMED';
      planId: number;
      planName: string;
      days: number;
      code: string;
      firstName: string;
      reminderLeadsMs: number[];
    } & At)
  /** /start without a code while in the ritual: say the current step again. */
  | ({ type: 'RESUME' } & At)
  /** The button of ritual step `step`; a press for another step than the current one is stale. */
  | ({ type: 'RITUAL_NEXT'; step: RitualStep } & At)
  /** The reply of `telegram.createVipInvite`. */
  | ({ type: 'INVITE_CREATED'; ok: boolean; result?: { inviteLink: string }; error?: string } & At)
  /** chat_member updates of this person in the VIP channel. */
  | ({ type: 'MEMBER_JOINED'; inviteLink: string | null } & At)
  | ({ type: 'MEMBER_LEFT' } & At)
  | ({ type: 'FRESH_LINK_REQUESTED' } & At)
  | ({ type: 'ADMIN_EXTEND'; days: number; adminId: number } & At)
  | ({ type: 'ADMIN_REVOKE'; adminId: number } & At)
  /**
   * A membership of the previous bot, moved by the importer. Accepted only in `none`: the machine
   * lands in the state the facts describe and schedules its own timers, and says nothing.
   */
  | ({ type: 'LEGACY_IMPORTED' } & LegacyMembership & At);

/** What the previous bot knew of a membership; times are epoch ms. */
export interface LegacyMembership {
  status: 'active' | 'expired';
  /** The entry ritual step the person was on; null: the ritual was finished. */
  ritualStep: RitualStep | null;
  planId: number | null;
  planName: string | null;
  firstName: string;
  startedAt: number;
  expiresAt: number;
  reminderLeadsMs: number[];
}

/** Why a readmission (after an expiry or a revocation) grants the VIP role once the link exists. */
export type Readmission = { reason: 'VIP_REDEEMED' | 'VIP_EXTENDED'; changedBy: number };

export interface SubscriptionContext {
  userId: number;
  firstName: string;
  planId: number | null;
  planName: string | null;
  /** Start of the current membership (kept by renewals, set anew after an expiry or revocation). */
  startedAt: number | null;
  expiresAt: number | null;
  /** `at` of the latest event that moved the machine: every delay is computed from it. */
  now: number;
  ritualDone: boolean;
  /** Sorted descending, unique, positive. */
  reminderLeadsMs: number[];
  /** Moment of the reminder pending (or just sent) in this stay in `active`; null on entry. */
  reminderDueAt: number | null;
  inviteLink: string | null;
  /** When the last invite link was received. */
  lastLinkAt: number | null;
  /** When a `createVipInvite` still unanswered was asked for. */
  linkRequestedAt: number | null;
  /** Whether the person is in the VIP channel, as the chat_member updates tell. */
  joined: boolean;
  readmission: Readmission | null;
}

type NoParams = Record<string, never>;

/** Every message the machine asks for, with the params each one carries. */
export type SayCatalogue = {
  'vip.redeemed': { planName: string; days: number; expiresAt: number };
  'vip.ritual.step1': NoParams;
  'vip.ritual.step2': NoParams;
  'vip.ritual.step3': NoParams;
  /** With keyboard 'vip.join'. */
  'vip.inviteLink': { inviteLink: string; expiresAt: number };
  /** With keyboard 'ritual.step3' (in the ritual) or 'vip.freshLink' (otherwise). */
  'vip.inviteFailed': NoParams;
  'vip.renewed': { expiresAt: number; days: number };
  'vip.extended': { expiresAt: number; days: number };
  'vip.reminder': { expiresAt: number; daysLeft: number; now: number };
  'vip.freshLinkTooSoon': { retryAt: number; now: number };
  'vip.expired': NoParams;
  'vip.revoked': NoParams;
};
export type SayKey = keyof SayCatalogue;

/**
 * Every keyboard the machine asks for. `ritual.stepN`: one button sending RITUAL_NEXT { step: N };
 * `vip.join`: a URL button to the say's `params.inviteLink`; `vip.freshLink`: one button sending
 * FRESH_LINK_REQUESTED.
 */
export type KeyboardKey = 'ritual.step1' | 'ritual.step2' | 'ritual.step3' | 'vip.join' | 'vip.freshLink';

/** Params of `telegram.say`: the adapter renders the text from the voice catalogue. */
export type SayParams = {
  [K in SayKey]: { userId: number; say: K; params?: SayCatalogue[K]; keyboard?: KeyboardKey };
}[SayKey];

/** Params of `telegram.createVipInvite`: a one-use link (member_limit 1, expires in 24 h). */
export interface CreateVipInviteParams {
  userId: number;
  replyEvent: 'INVITE_CREATED';
}

/** Params of `telegram.removeFromVip`: a ban that Telegram lifts by itself a minute later, so the person may return. */
export interface RemoveFromVipParams {
  userId: number;
}

export interface RevokeVipInviteParams {
  inviteLink: string;
}

export type MembershipStatus = 'ritual' | 'active' | 'expired' | 'revoked';

/** Params of `db.membership.sync`: the `vip_memberships` projection of this actor. */
export interface MembershipSyncParams {
  userId: number;
  planId: number | null;
  status: MembershipStatus;
  startedAt: number;
  expiresAt: number;
  ritualStep: number | null;
}

export type RoleReason =
  | 'VIP_ENTRY_COMPLETED'
  | 'VIP_REDEEMED'
  | 'VIP_EXTENDED'
  | 'VIP_EXPIRED'
  | 'VIP_REVOKED';

/** Params of `db.role.set`; `changedBy` 0 is the system. */
export interface RoleSetParams {
  userId: number;
  role: 'VIP' | 'FREE';
  reason: RoleReason;
  changedBy: number;
  source: 'subscription';
  metadata: { planId: number | null };
}
