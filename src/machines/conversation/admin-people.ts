import { assign } from 'xstate';
import { actorId } from '../../runtime/registry.ts';
import { type Args, action, adminId, byAdmin, does, show, text } from './admin-kit.ts';
import type { RoleRefusal } from './admin-view.ts';
import { conversationSetup } from './setup.ts';
import type { ConversationEvent } from './types.ts';

type Admin = Extract<ConversationEvent, { type: 'ADMIN' }>;
type Found = Extract<ConversationEvent, { type: 'USER_FOUND' }>;
type Expelled = Extract<ConversationEvent, { type: 'EXPELLED' }>;

/**
 * Why a role change is not allowed: nobody changes their own role, and only the super admin
 * (the first of ADMIN_IDS) changes an admin's role or makes someone an admin.
 */
export function roleRefusal(event: ConversationEvent): RoleRefusal | undefined {
  const e = event as Admin;
  if (e.type !== 'ADMIN' || (e.action.do !== 'userRolePick' && e.action.do !== 'userRoleConfirm'))
    return undefined;
  if (e.action.userId === e.userId) return 'self';
  if ((e.targetAdmin || e.action.role === 'ADMIN') && !e.superAdmin) return 'super_admin_only';
  return undefined;
}

const refused = (verb: 'userRolePick' | 'userRoleConfirm') => ({
  guard: ({ event }: Args) =>
    event.type === 'ADMIN' && event.admin && event.action.do === verb && roleRefusal(event) !== undefined,
  target: '.admin.browsing',
  actions: show(({ event }) => ({
    kind: 'user',
    userId: action<typeof verb>(event).userId,
    refused: roleRefusal(event) as RoleRefusal,
  })),
});

/** Finding a person by id or @username: the adapter looks them up and replies. */
export const peopleStates = {
  userFind: conversationSetup.createStateConfig({
    on: {
      ADMIN: {
        guard: does('cancel'),
        target: 'browsing',
        actions: show(() => ({ kind: 'users', filter: 'all', page: 0 })),
      },
      TEXT: [
        {
          guard: ({ event }) => byAdmin(event) && text(event).trim() === '',
          actions: show(() => ({ kind: 'userFind', problem: 'empty' })),
        },
        {
          guard: 'isAdmin',
          actions: {
            type: 'telegram.findUser',
            params: ({ event }) => ({ query: text(event).trim().slice(0, 64), replyEvent: 'USER_FOUND' }),
          },
        },
      ],
      USER_FOUND: [
        {
          guard: ({ event }) => (event as Found).ok && typeof (event as Found).result?.userId === 'number',
          target: 'browsing',
          actions: [
            assign({ subjectUserId: ({ event }) => (event as Found).result?.userId ?? null }),
            show(({ event }) => ({ kind: 'user', userId: (event as Found).result?.userId as number })),
          ],
        },
        { actions: show(() => ({ kind: 'userFind', problem: 'not_found' })) },
      ],
    },
  }),
};

/** The outcome of an expulsion, whatever admin screen is open when it arrives. */
export const expelReply = {
  EXPELLED: [
    {
      guard: ({ event }: Args) => (event as Expelled).ok && (event as Expelled).result?.ok === true,
      actions: [
        {
          type: 'runtime.send' as const,
          params: ({ context }: Args) => ({
            to: actorId('subscription', context.subjectUserId ?? 0),
            event: { type: 'ADMIN_REVOKE', adminId: context.userId },
          }),
        },
        show(({ context }) => ({ kind: 'userExpelResult', userId: context.subjectUserId ?? 0, ok: true })),
      ],
    },
    {
      actions: show(({ context }) => ({
        kind: 'userExpelResult',
        userId: context.subjectUserId ?? 0,
        ok: false,
      })),
    },
  ],
};

/** Role changes and expulsions, from any admin screen. */
export const peopleTransitions = [
  { guard: does('userFind'), target: '.admin.userFind', actions: show(() => ({ kind: 'userFind' })) },
  refused('userRolePick'),
  refused('userRoleConfirm'),
  {
    guard: does('userRolePick'),
    target: '.admin.browsing',
    actions: show(({ event }) => ({
      kind: 'userRoleConfirm',
      userId: action<'userRolePick'>(event).userId,
      role: action<'userRolePick'>(event).role,
    })),
  },
  {
    guard: does('userRoleConfirm'),
    target: '.admin.browsing',
    actions: [
      {
        type: 'db.user.role' as const,
        params: ({ event }: Args) => ({
          userId: action<'userRoleConfirm'>(event).userId,
          role: action<'userRoleConfirm'>(event).role,
          changedBy: adminId(event),
        }),
      },
      show(({ event }) => ({
        kind: 'user',
        userId: action<'userRoleConfirm'>(event).userId,
        notice: 'roleChanged',
      })),
    ],
  },
  {
    guard: does('userExpelConfirm'),
    target: '.admin.browsing',
    actions: [
      assign({ subjectUserId: ({ event }: Args) => action<'userExpelConfirm'>(event).userId }),
      {
        type: 'telegram.expel' as const,
        params: ({ event }: Args) => ({
          userId: action<'userExpelConfirm'>(event).userId,
          replyEvent: 'EXPELLED' as const,
        }),
      },
    ],
  },
];
