import { assign } from 'xstate';
import { actorId } from '../../runtime/registry.ts';
import { parseExtendDays } from './admin-input.ts';
import { type Args, action, adminId, byAdmin, does, show, text } from './admin-kit.ts';
import { conversationSetup } from './setup.ts';

/** Extending a membership by a typed number of days; the subscription actor does the extending. */
export const memberStates = {
  memberExtend: conversationSetup.createStateConfig({
    on: {
      ADMIN: {
        guard: does('cancel'),
        target: 'browsing',
        actions: show(({ context }) => ({
          kind: 'member',
          userId: context.memberId ?? 0,
          notice: 'cancelled',
        })),
      },
      TEXT: [
        {
          guard: ({ event }: Args) => byAdmin(event) && parseExtendDays(text(event)).ok,
          target: 'browsing',
          actions: [
            {
              type: 'runtime.send',
              params: ({ context, event }: Args) => {
                const parsed = parseExtendDays(text(event));
                return {
                  to: actorId('subscription', context.memberId ?? 0),
                  event: {
                    type: 'ADMIN_EXTEND',
                    days: parsed.ok ? parsed.value : 0,
                    adminId: adminId(event),
                  },
                };
              },
            },
            show(({ context }) => ({
              kind: 'member',
              userId: context.memberId ?? 0,
              notice: 'memberExtended',
            })),
          ],
        },
        {
          guard: 'isAdmin',
          actions: show(({ context, event }) => {
            const parsed = parseExtendDays(text(event));
            return {
              kind: 'memberExtend',
              userId: context.memberId ?? 0,
              ...(parsed.ok ? {} : { problem: parsed.problem }),
            };
          }),
        },
      ],
    },
  }),
};

/** Member buttons valid from any admin screen: extend, revoke. */
export const memberTransitions = [
  {
    guard: does('memberExtend'),
    target: '.admin.memberExtend',
    actions: [
      assign({ memberId: ({ event }: Args) => action<'memberExtend'>(event).userId }),
      show(({ event }) => ({ kind: 'memberExtend', userId: action<'memberExtend'>(event).userId })),
    ],
  },
  {
    guard: does('memberRevokeConfirm'),
    target: '.admin.browsing',
    actions: [
      {
        type: 'runtime.send' as const,
        params: ({ event }: Args) => ({
          to: actorId('subscription', action<'memberRevokeConfirm'>(event).userId),
          event: { type: 'ADMIN_REVOKE', adminId: adminId(event) },
        }),
      },
      show(({ event }) => ({
        kind: 'member',
        userId: action<'memberRevokeConfirm'>(event).userId,
        notice: 'memberRevoked',
      })),
    ],
  },
];
