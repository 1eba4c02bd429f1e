import { assign } from 'xstate';
import { channelStates, channelTransitions } from './admin-channels.ts';
import { contentStates, contentTransitions } from './admin-content.ts';
import { invitationStates, invitationTransitions } from './admin-invitations.ts';
import { type Args, byAdmin, show } from './admin-kit.ts';
import { memberStates, memberTransitions } from './admin-members.ts';
import { peopleStates, peopleTransitions } from './admin-people.ts';
import { planStates, planTransitions } from './admin-plans.ts';
import { navigationView } from './admin-screens.ts';
import { conversationSetup } from './setup.ts';

/**
 * The custodian's states: browsing screens, and the ones that wait for typed input (the plan
 * wizard, editing a field, the invitation batch, extending a membership). Every step can be
 * cancelled; every input out of range is answered with what is expected.
 */
export const adminStates = conversationSetup.createStateConfig({
  initial: 'browsing',
  on: {
    // Typed input from someone no longer in ADMIN_IDS ends the admin session.
    TEXT: {
      guard: ({ event }: Args) => !byAdmin(event),
      target: '#conversation.menu.home',
      actions: show(() => ({ kind: 'denied' })),
    },
  },
  states: {
    browsing: {},
    ...channelStates,
    ...contentStates,
    ...peopleStates,
    ...planStates,
    ...invitationStates,
    ...memberStates,
  },
});

/** Admin buttons valid from anywhere: they enter a state, write, or just show a screen. */
export const adminTransitions = [
  {
    guard: ({ event }: Args) => event.type === 'ADMIN' && !event.admin,
    actions: show(() => ({ kind: 'denied' })),
  },
  ...channelTransitions,
  ...contentTransitions,
  ...peopleTransitions,
  ...planTransitions,
  ...invitationTransitions,
  ...memberTransitions,
  {
    guard: 'isAdmin' as const,
    target: '.admin.browsing',
    actions: [
      assign({
        memberId: ({ context, event }: Args) =>
          event.type === 'ADMIN' && event.action.do === 'member' ? event.action.userId : context.memberId,
      }),
      show(({ context, event }) =>
        event.type === 'ADMIN' ? navigationView(event.action, context) : { kind: 'home' },
      ),
    ],
  },
];
