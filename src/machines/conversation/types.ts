import type { AdminAction } from './admin-actions.ts';
import type {
  AdminView,
  ChannelCheck,
  ChannelRole,
  InvitationFilter,
  PackageDraft,
  PackageField,
  PlanDraft,
  PlanField,
  PostDraft,
  SettingField,
} from './admin-view.ts';

/** The screens of the main menu that the conversation can show. */
export const MENU_SCREENS = ['home', 'about', 'lucien', 'help', 'vip'] as const;
export type MenuScreen = (typeof MENU_SCREENS)[number];

export type GreetingKind = 'newcomer' | 'returning' | 'custodian';

export type InvitationRefusal = 'used' | 'expired' | 'revoked' | 'unknown' | 'plan_inactive';

/** Who is talking, as the router saw it on this very update (admin rights are checked each time). */
export type Speaker = {
  userId: number;
  chatId: number;
  firstName: string;
  admin: boolean;
  /** The first of ADMIN_IDS: the only one who may change another admin's role. */
  superAdmin?: boolean;
};

export type ConversationEvent =
  | ({ type: 'START'; payload: string | null } & Speaker)
  /** A button press (edits the message it was on) or a command (`messageId` null: a new message). */
  | ({ type: 'NAVIGATE'; screen: MenuScreen; messageId: number | null } & Speaker)
  /** Typed text; `html` keeps its formatting (for posts), `text` is what was typed. */
  | ({ type: 'TEXT'; text: string; html?: string } & Speaker)
  /** `/start <code>` whose invitation could not be claimed. */
  | ({ type: 'INVITATION_REJECTED'; reason: InvitationRefusal } & Speaker)
  /** An admin opened an invitation link: show what it is, consume nothing. */
  | ({ type: 'INVITATION_INSPECTED'; code: string } & Speaker)
  /** An admin button; `admin` says whether the person is in ADMIN_IDS right now. */
  | ({
      type: 'ADMIN';
      action: AdminAction;
      messageId: number | null;
      /** Whether the person the action is about (if any) is in ADMIN_IDS. */
      targetAdmin?: boolean;
    } & Speaker)
  /** The member's side of content: the list their role allows, and one package. */
  | ({ type: 'CONTENT'; page: number; messageId: number | null } & Speaker)
  | ({ type: 'CONTENT_DETAIL'; packageId: number; messageId: number | null } & Speaker)
  /** Replies of `telegram.findUser` and `telegram.expel`. */
  | { type: 'USER_FOUND'; ok: boolean; result?: { userId: number | null } }
  | { type: 'EXPELLED'; ok: boolean; result?: { ok: boolean } }
  /** A post forwarded from a channel (how an admin points the bot at a channel). */
  | ({ type: 'CHANNEL_FORWARDED'; channelId: number; title: string } & Speaker)
  /** A photo, video or anything else that is not text, with its caption. */
  | ({
      type: 'MEDIA';
      kind: 'photo' | 'video' | 'other';
      caption: string;
      captionHtml: string;
      fileId: string | null;
    } & Speaker)
  /** Reply of `telegram.checkChannel`. */
  | { type: 'CHANNEL_CHECKED'; ok: boolean; result?: ChannelCheck; error?: string }
  | { type: 'SCREEN_SHOWN'; ok: boolean; result?: { messageId?: number } };

export interface ConversationContext {
  userId: number;
  visits: number;
  menuMessageId: number | null;
  /** The plan being written by the creation wizard. */
  draft: PlanDraft;
  /** The plan field being edited. */
  editing: { planId: number; field: PlanField } | null;
  /** The invitation batch being prepared. */
  inviting: { planId: number; validDays: number | null } | null;
  /** The member an admin is looking at. */
  memberId: number | null;
  /** The invitation list page to come back to after revoking a code. */
  invitationList: { filter: InvitationFilter; page: number };
  /** The channel being set up, the setting being edited, the post being composed. */
  setupRole: ChannelRole | null;
  settingField: SettingField | null;
  post: { draft: PostDraft | null; reactions: boolean };
  /** The content package being written or edited, and the person an admin acts on. */
  packageDraft: PackageDraft;
  packageEditing: { packageId: number; field: PackageField } | null;
  subjectUserId: number | null;
}

/** Params of `telegram.showScreen`: the adapter renders the screen (domain reads + voice). */
export interface ShowScreenParams {
  chatId: number;
  userId: number;
  firstName: string;
  screen:
    | MenuScreen
    | 'notUnderstood'
    | 'invitationRejected'
    | 'invitationInfo'
    | 'admin'
    | 'content'
    | 'package';
  /** The page of the content list, or the package shown. */
  page?: number;
  packageId?: number;
  mode: 'send' | 'edit';
  messageId?: number;
  greeting?: GreetingKind;
  /** The refusal reason or the inspected code, for the two invitation screens. */
  detail?: string;
  /** The admin screen to draw when `screen` is 'admin'. */
  view?: AdminView;
  replyEvent?: string;
}
