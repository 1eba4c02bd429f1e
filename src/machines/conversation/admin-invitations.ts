import { assign } from 'xstate';
import { parseInvitationCount, parseInvitationValidDays } from '../../domain/invitations.ts';
import { countInRange, validDaysInRange } from './admin-input.ts';
import { type Args, action, adminId, byAdmin, does, show, text } from './admin-kit.ts';
import { eventAt } from './admin-screens.ts';
import { conversationSetup } from './setup.ts';
import type { ConversationEvent } from './types.ts';

/** The invitation batch: first how many days the invitations stay valid, then how many. */
export const invitationStates = {
  invitationValidity: conversationSetup.createStateConfig({
    on: {
      ADMIN: [
        {
          guard: ({ event }: Args) =>
            event.type === 'ADMIN' &&
            event.admin &&
            event.action.do === 'invitationValidity' &&
            validDaysInRange(event.action.days),
          target: 'invitationCount',
          actions: [
            assign({
              inviting: ({ context, event }: Args) => ({
                planId: context.inviting?.planId ?? 0,
                validDays: action<'invitationValidity'>(event).days,
              }),
            }),
            show(({ context, event }) => ({
              kind: 'invitationCount',
              planId: context.inviting?.planId ?? 0,
              validDays: action<'invitationValidity'>(event).days,
            })),
          ],
        },
        {
          guard: does('cancel'),
          target: 'browsing',
          actions: show(() => ({ kind: 'invitations', notice: 'cancelled' })),
        },
      ],
      TEXT: [
        {
          guard: ({ event }: Args) => byAdmin(event) && parseInvitationValidDays(text(event)).ok,
          target: 'invitationCount',
          actions: [
            assign({
              inviting: ({ context, event }: Args) => {
                const parsed = parseInvitationValidDays(text(event));
                return {
                  planId: context.inviting?.planId ?? 0,
                  validDays: parsed.ok ? parsed.value : null,
                };
              },
            }),
            show(({ context, event }) => {
              const parsed = parseInvitationValidDays(text(event));
              return {
                kind: 'invitationCount',
                planId: context.inviting?.planId ?? 0,
                validDays: parsed.ok ? parsed.value : 7,
              };
            }),
          ],
        },
        {
          guard: 'isAdmin',
          actions: show(({ context, event }) => {
            const parsed = parseInvitationValidDays(text(event));
            return {
              kind: 'invitationValidity',
              planId: context.inviting?.planId ?? 0,
              ...(parsed.ok ? {} : { problem: parsed.problem }),
            };
          }),
        },
      ],
    },
  }),
  invitationCount: conversationSetup.createStateConfig({
    on: {
      ADMIN: [
        {
          guard: ({ event }: Args) =>
            event.type === 'ADMIN' &&
            event.admin &&
            event.action.do === 'invitationCount' &&
            countInRange(event.action.count),
          target: 'browsing',
          actions: createBatch((event) => action<'invitationCount'>(event).count),
        },
        {
          guard: does('cancel'),
          target: 'browsing',
          actions: show(() => ({ kind: 'invitations', notice: 'cancelled' })),
        },
      ],
      TEXT: [
        {
          guard: ({ event }: Args) => byAdmin(event) && parseInvitationCount(text(event)).ok,
          target: 'browsing',
          actions: createBatch((event) => {
            const parsed = parseInvitationCount(text(event));
            return parsed.ok ? parsed.value : 0;
          }),
        },
        {
          guard: 'isAdmin',
          actions: show(({ context, event }) => {
            const parsed = parseInvitationCount(text(event));
            return {
              kind: 'invitationCount',
              planId: context.inviting?.planId ?? 0,
              validDays: context.inviting?.validDays ?? 7,
              ...(parsed.ok ? {} : { problem: parsed.problem }),
            };
          }),
        },
      ],
    },
  }),
};

/** Writes the invitation batch and shows it; the batch is known by its author and time. */
function createBatch(count: (event: ConversationEvent) => number) {
  return [
    {
      type: 'db.invitations.create' as const,
      params: ({ context, event }: Args) => ({
        planId: context.inviting?.planId ?? 0,
        count: count(event),
        validDays: context.inviting?.validDays ?? 7,
        createdBy: adminId(event),
        at: eventAt(event),
      }),
    },
    show(({ context, event }) => ({
      kind: 'invitationsCreated',
      planId: context.inviting?.planId ?? 0,
      createdAt: eventAt(event),
      count: count(event),
      validDays: context.inviting?.validDays ?? 7,
    })),
  ];
}

/** Invitation buttons valid from any admin screen: a new batch, the list, revoking one. */
export const invitationTransitions = [
  {
    guard: does('invitationNew'),
    target: '.admin.invitationValidity',
    actions: [
      assign({
        inviting: ({ event }: Args) => ({ planId: action<'invitationNew'>(event).planId, validDays: null }),
      }),
      show(({ event }) => ({ kind: 'invitationValidity', planId: action<'invitationNew'>(event).planId })),
    ],
  },
  {
    guard: does('invitationList'),
    target: '.admin.browsing',
    actions: [
      assign({
        invitationList: ({ event }: Args) => ({
          filter: action<'invitationList'>(event).filter,
          page: action<'invitationList'>(event).page,
        }),
      }),
      show(({ event }) => ({
        kind: 'invitationList',
        filter: action<'invitationList'>(event).filter,
        page: action<'invitationList'>(event).page,
      })),
    ],
  },
  {
    guard: does('invitationRevokeConfirm'),
    target: '.admin.browsing',
    actions: [
      {
        type: 'db.invitation.revoke' as const,
        params: ({ event }: Args) => ({
          invitationId: action<'invitationRevokeConfirm'>(event).invitationId,
        }),
      },
      show(({ context }) => ({
        kind: 'invitationList',
        ...context.invitationList,
        notice: 'invitationRevoked',
      })),
    ],
  },
];
