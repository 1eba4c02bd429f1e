import type { AdminAction } from './admin-actions.ts';
import type { AdminView } from './admin-view.ts';
import type { ConversationContext, ConversationEvent, ShowScreenParams } from './types.ts';

type WithSpeaker = Extract<ConversationEvent, { chatId: number }>;

/**
 * The `telegram.showScreen` params of an admin screen: edits the message the button was on,
 * or sends a new one after typed input.
 */
export function adminScreen(
  event: ConversationEvent,
  view: AdminView,
  context?: ConversationContext,
): ShowScreenParams {
  const e = event as Partial<WithSpeaker>;
  const messageId = e.type === 'ADMIN' ? (e.messageId ?? null) : null;
  // Replies of effects carry no speaker: the admin's private chat has the admin's own id.
  const userId = e.userId ?? context?.userId ?? 0;
  return {
    chatId: e.chatId ?? userId,
    userId,
    firstName: e.firstName ?? '',
    screen: 'admin',
    mode: messageId === null ? 'send' : 'edit',
    ...(messageId === null ? {} : { messageId }),
    view,
  };
}

/** The screen a plain navigation button leads to (no state to enter, nothing to write). */
export function navigationView(action: AdminAction, context: ConversationContext): AdminView {
  switch (action.do) {
    case 'plans':
      return { kind: 'plans', page: action.page };
    case 'plan':
      return { kind: 'plan', planId: action.planId };
    case 'planToggle':
      return { kind: 'planConfirmToggle', planId: action.planId };
    case 'planDelete':
      return { kind: 'planConfirmDelete', planId: action.planId };
    case 'invitations':
      return { kind: 'invitations' };
    case 'invitationPlans':
      return { kind: 'invitationPlan', page: action.page };
    case 'invitationList':
      return { kind: 'invitationList', filter: action.filter, page: action.page };
    case 'invitationRevoke':
      return {
        kind: 'invitationConfirmRevoke',
        invitationId: action.invitationId,
        ...context.invitationList,
      };
    case 'members':
      return { kind: 'members', filter: action.filter, page: action.page };
    case 'member':
      return { kind: 'member', userId: action.userId };
    case 'memberRevoke':
      return { kind: 'memberConfirmRevoke', userId: action.userId };
    case 'settings':
      return { kind: 'settings' };
    case 'freeQueue':
      return { kind: 'freeQueue', filter: action.filter, page: action.page };
    case 'packages':
      return { kind: 'packages', page: action.page };
    case 'package':
      return { kind: 'package', packageId: action.packageId };
    case 'packageToggle':
      return { kind: 'packageConfirmToggle', packageId: action.packageId };
    case 'interests':
      return { kind: 'interests', filter: action.filter, category: action.category, page: action.page };
    case 'users':
      return { kind: 'users', filter: action.filter, page: action.page };
    case 'user':
      return { kind: 'user', userId: action.userId };
    case 'userRole':
      return { kind: 'userRole', userId: action.userId };
    case 'userExpel':
      return { kind: 'userExpelConfirm', userId: action.userId };
    case 'stats':
      return { kind: 'stats' };
    case 'statsRefresh':
      return { kind: 'stats', fresh: true };
    default:
      // Buttons of a step that is over (a wizard already finished) lead back to the admin menu.
      return { kind: 'home' };
  }
}

/** The `at` the runtime stamps on every event. */
export const eventAt = (event: ConversationEvent) => (event as { at?: number }).at ?? 0;
