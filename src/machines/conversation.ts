import { assign, setup } from 'xstate';
import type { MachineDefinition } from '../runtime/types.ts';

/** The screens of the main menu that the conversation can show. */
export const MENU_SCREENS = ['home', 'about', 'lucien', 'help'] as const;
export type MenuScreen = (typeof MENU_SCREENS)[number];

export type GreetingKind = 'newcomer' | 'returning' | 'custodian';

/** Who is talking, as the router saw it on this very update (admin rights are checked each time). */
export type Speaker = {
  userId: number;
  chatId: number;
  firstName: string;
  admin: boolean;
};

export type ConversationEvent =
  | ({ type: 'START'; payload: string | null } & Speaker)
  /** A button press (edits the message it was on) or a command (`messageId` null: a new message). */
  | ({ type: 'NAVIGATE'; screen: MenuScreen; messageId: number | null } & Speaker)
  | ({ type: 'TEXT'; text: string } & Speaker)
  | { type: 'SCREEN_SHOWN'; ok: boolean; result?: { messageId?: number } };

export interface ConversationContext {
  userId: number;
  visits: number;
  menuMessageId: number | null;
}

/** Params of `telegram.showScreen`: the adapter renders the screen (domain reads + voice). */
export interface ShowScreenParams {
  chatId: number;
  userId: number;
  firstName: string;
  screen: MenuScreen | 'notUnderstood';
  mode: 'send' | 'edit';
  messageId?: number;
  greeting?: GreetingKind;
  replyEvent?: string;
}

/**
 * One per person, in their private chat with the bot: which screen they are on and what to
 * show next. Pure: it decides the screen, the Telegram adapter draws it.
 */
export const conversationMachine = setup({
  types: {} as { context: ConversationContext; events: ConversationEvent; input: { userId: number } },
  actions: {
    'telegram.showScreen': (_, _params: ShowScreenParams) => {},
  },
  guards: {
    wantsScreen: ({ event }, screen: MenuScreen) => event.type === 'NAVIGATE' && event.screen === screen,
  },
}).createMachine({
  id: 'conversation',
  context: ({ input }) => ({ userId: input.userId, visits: 0, menuMessageId: null }),
  initial: 'menu',
  on: {
    START: {
      target: '.menu.home',
      actions: [
        {
          type: 'telegram.showScreen',
          params: ({ context, event }) => ({
            chatId: event.chatId,
            userId: event.userId,
            firstName: event.firstName,
            screen: 'home',
            mode: 'send',
            greeting: event.admin ? 'custodian' : context.visits === 0 ? 'newcomer' : 'returning',
            replyEvent: 'SCREEN_SHOWN',
          }),
        },
        assign({ visits: ({ context }) => context.visits + 1 }),
      ],
    },
    TEXT: {
      actions: {
        type: 'telegram.showScreen',
        params: ({ event }) => ({
          chatId: event.chatId,
          userId: event.userId,
          firstName: event.firstName,
          screen: 'notUnderstood',
          mode: 'send',
        }),
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
      on: {
        NAVIGATE: MENU_SCREENS.map((screen) => ({
          target: `.${screen}`,
          guard: { type: 'wantsScreen', params: screen },
          actions: {
            type: 'telegram.showScreen',
            params: ({ event }) => {
              const nav = event as Extract<ConversationEvent, { type: 'NAVIGATE' }>;
              return {
                chatId: nav.chatId,
                userId: nav.userId,
                firstName: nav.firstName,
                screen,
                mode: nav.messageId === null ? 'send' : 'edit',
                ...(nav.messageId === null ? {} : { messageId: nav.messageId }),
                greeting: nav.admin ? 'custodian' : 'returning',
              } satisfies ShowScreenParams;
            },
          },
        })),
      },
      states: {
        home: {},
        about: {},
        lucien: {},
        help: {},
      },
    },
  },
});

export const conversationDefinition: MachineDefinition = {
  name: 'conversation',
  version: 1,
  machine: conversationMachine,
  input: (key) => ({ userId: Number(key) }),
};
