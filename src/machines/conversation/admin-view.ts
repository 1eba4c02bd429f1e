import type { ParseProblem } from '../../domain/plans.ts';

/**
 * The admin screens the conversation machine can ask the Telegram adapter to draw, with what
 * each needs. The machine decides which; the adapter reads the domain and draws it.
 */

export type PlanField = 'name' | 'days' | 'price' | 'currency';

/** A plan being written by the creation wizard; fields fill in step by step. */
export interface PlanDraft {
  name?: string;
  days?: number;
  price?: string;
  currency?: string;
}

export type ChannelRole = 'vip' | 'free';
export type FreeQueueFilter = 'pending' | 'ready' | 'approved' | 'all';
/** Settings edited by typing: social handles, free-channel timings, reaction emoji per channel. */
export type SettingField =
  | 'instagram'
  | 'tiktok'
  | 'x'
  | 'waitMinutes'
  | 'antiSpamMinutes'
  | 'vipReactions'
  | 'freeReactions';

/** What the admin wants to publish: text, or a photo or video (Telegram file id) with a caption. */
export interface PostDraft {
  kind: 'text' | 'photo' | 'video';
  text: string;
  fileId?: string;
}

/** The outcome of checking a forwarded channel (the reply of `telegram.checkChannel`). */
export interface ChannelCheck {
  ok: boolean;
  title?: string;
  /** What the bot lacks there: 'not_admin', 'can_invite_users', 'can_post_messages', 'not_a_channel', 'unreachable'. */
  missing?: string[];
}

export type PackageCategory = 'FREE_CONTENT' | 'VIP_CONTENT' | 'VIP_PREMIUM';
export type PackageField = 'name' | 'category' | 'price' | 'description' | 'photo';
/** A content package being written by the wizard; `price`/`description`/`photo` null = skipped. */
export interface PackageDraft {
  name?: string;
  category?: PackageCategory;
  price?: string | null;
  description?: string | null;
  photoFileId?: string | null;
}
export type InterestFilter = 'pending' | 'attended' | 'all';
export type UserFilter = 'all' | 'vip' | 'free';
export type ManagedRole = 'FREE' | 'VIP' | 'ADMIN';
/** Why a role change was not offered or not made. */
export type RoleRefusal = 'self' | 'super_admin_only';

export type InvitationFilter = 'available' | 'used' | 'expired' | 'revoked' | 'all';
export type MemberFilter = 'active' | 'expiring' | 'expired' | 'all';

/** Why typed input was refused (the domain's parse codes): shown with what is expected instead. */
export type InputProblem = ParseProblem;

/** A short confirmation shown above a screen after an action. */
export type AdminNotice =
  | 'planCreated'
  | 'planUpdated'
  | 'planDeactivated'
  | 'planReactivated'
  | 'planDeleted'
  | 'invitationRevoked'
  | 'memberExtended'
  | 'memberRevoked'
  | 'settingSaved'
  | 'packageCreated'
  | 'packageUpdated'
  | 'interestAttended'
  | 'roleChanged'
  | 'expelled'
  | 'freeApprovedReady'
  | 'published'
  | 'cancelled';

export type AdminView =
  | { kind: 'home'; notice?: AdminNotice }
  | { kind: 'plans'; page: number; notice?: AdminNotice }
  | { kind: 'plan'; planId: number; notice?: AdminNotice }
  | { kind: 'planWizard'; step: PlanField | 'confirm'; draft: PlanDraft; problem?: InputProblem }
  | { kind: 'planEdit'; planId: number; field: PlanField; problem?: InputProblem }
  | { kind: 'planConfirmToggle'; planId: number }
  | { kind: 'planConfirmDelete'; planId: number }
  | { kind: 'invitations'; notice?: AdminNotice }
  | { kind: 'invitationPlan'; page: number }
  | { kind: 'invitationValidity'; planId: number; problem?: InputProblem }
  | { kind: 'invitationCount'; planId: number; validDays: number; problem?: InputProblem }
  /** The batch just created: codes by this admin with created_at = `createdAt` (epoch ms). */
  | { kind: 'invitationsCreated'; planId: number; createdAt: number; count: number; validDays: number }
  | { kind: 'invitationList'; filter: InvitationFilter; page: number; notice?: AdminNotice }
  | { kind: 'invitationConfirmRevoke'; invitationId: number; filter: InvitationFilter; page: number }
  | { kind: 'members'; filter: MemberFilter; page: number; notice?: AdminNotice }
  | { kind: 'member'; userId: number; notice?: AdminNotice }
  | { kind: 'memberExtend'; userId: number; problem?: InputProblem }
  | { kind: 'memberConfirmRevoke'; userId: number }
  /** La calibración del reino: channels, social handles, free-channel timings, reactions. */
  | { kind: 'settings'; notice?: AdminNotice }
  /** Waiting for a forwarded post from the channel; `check` once it was verified. */
  | { kind: 'channelSetup'; role: ChannelRole; check?: ChannelCheck }
  | { kind: 'settingEdit'; field: SettingField; problem?: string }
  | { kind: 'freeQueue'; filter: FreeQueueFilter; page: number; notice?: AdminNotice }
  /** Waiting for the text, photo or video to publish. */
  | { kind: 'publishCompose'; problem?: 'unsupported' | 'too_long' }
  /** The draft was shown above as it will look; publish to a channel, change it, or cancel. */
  | { kind: 'publishPreview'; draft: PostDraft; reactions: boolean }
  | { kind: 'published'; channel: ChannelRole }
  | { kind: 'packages'; page: number; notice?: AdminNotice }
  | { kind: 'package'; packageId: number; notice?: AdminNotice }
  /** The package wizard: name, category (buttons), price or skip, description or skip, photo or skip. */
  | { kind: 'packageWizard'; step: PackageField | 'confirm'; draft: PackageDraft; problem?: string }
  | { kind: 'packageEdit'; packageId: number; field: PackageField; problem?: string }
  | { kind: 'packageConfirmToggle'; packageId: number }
  | {
      kind: 'interests';
      filter: InterestFilter;
      category: PackageCategory | 'any';
      page: number;
      notice?: AdminNotice;
    }
  | { kind: 'users'; filter: UserFilter; page: number }
  /** Waiting for an id or @username to find; `problem` when nobody matched. */
  | { kind: 'userFind'; problem?: 'not_found' | 'empty' }
  | { kind: 'user'; userId: number; notice?: AdminNotice; refused?: RoleRefusal }
  | { kind: 'userRole'; userId: number }
  | { kind: 'userRoleConfirm'; userId: number; role: ManagedRole }
  | { kind: 'userExpelConfirm'; userId: number }
  /** After the expulsion from both channels: done, or undone because the second removal failed. */
  | { kind: 'userExpelResult'; userId: number; ok: boolean }
  /** Las observaciones del reino; `fresh` when the admin asked to recompute now. */
  | { kind: 'stats'; fresh?: boolean }
  /** A non-admin reached an admin action (forged or stale button): nothing was done. */
  | { kind: 'denied' };

export const ADMIN_PAGE_SIZE = 10;
