import { assign } from 'xstate';
import type { MachineDefinition } from '../runtime/types.ts';
import { adminStates, adminTransitions } from './conversation/admin.ts';
import { expelReply } from './conversation/admin-people.ts';
import { conversationSetup } from './conversation/setup.ts';
import {
  type ConversationContext,
  type ConversationEvent,
  MENU_SCREENS,
  type ShowScreenParams,
  type Speaker,
} from './conversation/types.ts';

export type { AdminAction } from './conversation/admin-actions.ts';
export type { AdminView } from './conversation/admin-view.ts';
export * from './conversation/types.ts';

type Nav = Extract<ConversationEvent, { type: 'NAVIGATE' }>;

/** The admin part of the context, empty: a new actor's, and what version 1 snapshots gain. */
function emptyAdminContext(): Omit<ConversationContext, 'userId' | 'visits' | 'menuMessageId'> {
  return {
    draft: {},
    editing: null,
    inviting: null,
    memberId: null,
    invitationList: { filter: 'available', page: 0 },
    setupRole: null,
    settingField: null,
    post: { draft: null, reactions: true },
    packageDraft: {},
    packageEditing: null,
    subjectUserId: null,
  };
}

/**
 * A screen for the person who spoke: edits the message their button was on, or sends a new one
 * (commands, typed text, events without a message).
 */
function screenFor(
  event: Speaker & { messageId?: number | null },
  screen: ShowScreenParams['screen'],
  more: Partial<ShowScreenParams> = {},
): ShowScreenParams {
  const messageId = typeof event.messageId === 'number' ? event.messageId : undefined;
  return {
    chatId: event.chatId,
    userId: event.userId,
    firstName: event.firstName,
    screen,
    mode: messageId === undefined ? 'send' : 'edit',
    ...(messageId === undefined ? {} : { messageId }),
    ...more,
  };
}

/** Input the current screen does not expect: a pointer to the menu, as a new message. */
const notUnderstood = (event: Speaker) => screenFor(event, 'notUnderstood');

/**
 * One per person, in their private chat with the bot: which screen they are on and what to
 * show next, and for admins the custodian's screens and wizards. Pure: it decides the screen,
 * the Telegram adapter draws it.
 */
export const conversationMachine = conversationSetup.createMachine({
  id: 'conversation',
  // The runtime's inert actor (src/runtime/pure-transition.ts, like xstate's own transition())
  // is built without input: the factory must not throw then.
  context: ({ input }) => ({
    userId: input?.userId ?? 0,
    visits: 0,
    menuMessageId: null,
    ...emptyAdminContext(),
  }),
  initial: 'menu',
  on: {
    START: {
      target: '.menu.home',
      actions: [
        {
          type: 'telegram.showScreen',
          params: ({ context, event }) =>
            screenFor(event, 'home', {
              greeting: event.admin ? 'custodian' : context.visits === 0 ? 'newcomer' : 'returning',
              replyEvent: 'SCREEN_SHOWN',
            }),
        },
        assign({ visits: ({ context }) => context.visits + 1 }),
      ],
    },
    NAVIGATE: MENU_SCREENS.map((screen) => ({
      target: `.menu.${screen}`,
      guard: ({ event }: { event: ConversationEvent }) =>
        event.type === 'NAVIGATE' && event.screen === screen,
      actions: {
        type: 'telegram.showScreen' as const,
        params: ({ event }: { event: ConversationEvent }) =>
          screenFor(event as Nav, screen, { greeting: (event as Nav).admin ? 'custodian' : 'returning' }),
      },
    })),
    // Typed where they are built (admin.ts); the array form defeats inference here.
    ADMIN: adminTransitions as never,
    EXPELLED: expelReply.EXPELLED as never,
    TEXT: {
      actions: { type: 'telegram.showScreen', params: ({ event }) => notUnderstood(event) },
    },
    CONTENT: {
      actions: {
        type: 'telegram.showScreen',
        params: ({ event }) => screenFor(event, 'content', { page: event.page }),
      },
    },
    // A package is shown as a new message: it may carry a photo, which an edit cannot add.
    CONTENT_DETAIL: {
      actions: {
        type: 'telegram.showScreen',
        params: ({ event }) =>
          screenFor({ ...event, messageId: null }, 'package', { packageId: event.packageId }),
      },
    },
    // A photo or a forwarded post outside the screens that expect one.
    MEDIA: {
      actions: { type: 'telegram.showScreen', params: ({ event }) => notUnderstood(event) },
    },
    CHANNEL_FORWARDED: {
      actions: { type: 'telegram.showScreen', params: ({ event }) => notUnderstood(event) },
    },
    INVITATION_REJECTED: {
      actions: {
        type: 'telegram.showScreen',
        params: ({ event }) => screenFor(event, 'invitationRejected', { detail: event.reason }),
      },
    },
    INVITATION_INSPECTED: {
      actions: {
        type: 'telegram.showScreen',
        params: ({ event }) => screenFor(event, 'invitationInfo', { detail: event.code }),
      },
    },
    SCREEN_SHOWN: {
      guard: ({ event }) => event.ok && typeof event.result?.messageId === 'number',
      actions: assign({
        menuMessageId: ({ event }) =>
          event.type === 'SCREEN_SHOWN' ? (event.result?.messageId ?? null) : null,
      }),
    },
  },
  states: {
    menu: {
      initial: 'home',
      states: { home: {}, about: {}, lucien: {}, help: {}, vip: {} },
    },
    admin: adminStates,
  },
});

export const conversationDefinition: MachineDefinition = {
  name: 'conversation',
  version: 2,
  machine: conversationMachine,
  input: (key) => ({ userId: Number(key) }),
  // Version 1 had no admin context; its snapshots gain the empty admin fields.
  migrate: (snapshot, fromVersion) =>
    fromVersion === 1
      ? {
          ...snapshot,
          context: {
            ...(snapshot.context as object),
            ...emptyAdminContext(),
          },
        }
      : undefined,
};
