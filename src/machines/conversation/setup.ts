import { setup } from 'xstate';
import type { AdminAction } from './admin-actions.ts';
import type {
  ChannelRole,
  ManagedRole,
  PackageDraft,
  PackageField,
  PostDraft,
  SettingField,
} from './admin-view.ts';
import type { ConversationContext, ConversationEvent, ShowScreenParams } from './types.ts';

/** The conversation's types, effects and guards, shared by the menu and the admin states. */
export const conversationSetup = setup({
  types: {} as { context: ConversationContext; events: ConversationEvent; input: { userId: number } },
  actions: {
    'telegram.showScreen': (_, _params: ShowScreenParams) => {},
    'runtime.send': (_, _params: { to: string; event: Record<string, unknown> & { type: string } }) => {},
    'db.plan.create': (
      _,
      _params: { name: string; durationDays: number; price: string; currency: string; createdBy: number },
    ) => {},
    'db.plan.update': (_, _params: { planId: number; field: string; value: string | number }) => {},
    'db.plan.toggle': (_, _params: { planId: number }) => {},
    'db.plan.delete': (_, _params: { planId: number }) => {},
    'db.invitations.create': (
      _,
      _params: { planId: number; count: number; validDays: number; createdBy: number; at: number },
    ) => {},
    'db.invitation.revoke': (_, _params: { invitationId: number }) => {},
    'db.setting.update': (
      _,
      _params: { field: SettingField; value: string | number | string[] | null },
    ) => {},
    'telegram.checkChannel': (
      _,
      _params: { channelId: number; role: ChannelRole; title: string; replyEvent: 'CHANNEL_CHECKED' },
    ) => {},
    'telegram.publishPost': (
      _,
      _params: { channel: ChannelRole; draft: PostDraft; reactions: boolean; adminId: number },
    ) => {},
    'free.approveReady': (_, _params: { adminId: number }) => {},
    'db.package.create': (_, _params: PackageDraft & { createdBy: number }) => {},
    'db.package.update': (_, _params: { packageId: number; field: PackageField; value: string | null }) => {},
    'db.package.toggle': (_, _params: { packageId: number }) => {},
    'db.interest.attend': (_, _params: { userId: number; packageId: number; by: number }) => {},
    'db.user.role': (_, _params: { userId: number; role: ManagedRole; changedBy: number }) => {},
    'telegram.findUser': (_, _params: { query: string; replyEvent: 'USER_FOUND' }) => {},
    'telegram.expel': (_, _params: { userId: number; replyEvent: 'EXPELLED' }) => {},
  },
  guards: {
    isAdmin: ({ event }) => 'admin' in event && event.admin === true,
    adminDoes: ({ event }, verb: AdminAction['do']) =>
      event.type === 'ADMIN' && event.admin && event.action.do === verb,
  },
});
