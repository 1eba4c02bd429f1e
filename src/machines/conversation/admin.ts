import { assign } from 'xstate';
import { parseInvitationCount, parseInvitationValidDays } from '../../domain/invitations.ts';
import { actorId } from '../../runtime/registry.ts';
import { channelStates, channelTransitions } from './admin-channels.ts';
import { contentStates, contentTransitions } from './admin-content.ts';
import { countInRange, parseExtendDays, parsePlanField, validDaysInRange } from './admin-input.ts';
import { type Args, action, adminId, byAdmin, does, show, text } from './admin-kit.ts';
import { peopleStates, peopleTransitions } from './admin-people.ts';
import { eventAt, navigationView } from './admin-screens.ts';
import type { PlanDraft, PlanField } from './admin-view.ts';
import { conversationSetup } from './setup.ts';
import type { ConversationEvent } from './types.ts';

const WIZARD_STEPS: PlanField[] = ['name', 'days', 'price', 'currency'];
const DRAFT_KEY: Record<PlanField, keyof PlanDraft> = {
  name: 'name',
  days: 'days',
  price: 'price',
  currency: 'currency',
};

/** One step of the plan wizard: typed input is checked; good input moves on, bad input is explained. */
function wizardStep(field: PlanField, next: PlanField | 'confirm') {
  return conversationSetup.createStateConfig({
    on: {
      TEXT: [
        {
          guard: ({ event }: Args) => byAdmin(event) && parsePlanField(field, text(event)).ok,
          target: next,
          actions: [
            assign({
              draft: ({ context, event }: Args) => {
                const parsed = parsePlanField(field, text(event));
                return parsed.ok ? { ...context.draft, [DRAFT_KEY[field]]: parsed.value } : context.draft;
              },
            }),
            show(({ context, event }) => {
              const parsed = parsePlanField(field, text(event));
              const draft = parsed.ok
                ? { ...context.draft, [DRAFT_KEY[field]]: parsed.value }
                : context.draft;
              return { kind: 'planWizard', step: next, draft };
            }),
          ],
        },
        {
          guard: 'isAdmin',
          actions: show(({ context, event }) => {
            const parsed = parsePlanField(field, text(event));
            return {
              kind: 'planWizard',
              step: field,
              draft: context.draft,
              ...(parsed.ok ? {} : { problem: parsed.problem }),
            };
          }),
        },
      ],
    },
  });
}

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
    planWizard: {
      initial: 'name',
      on: {
        ADMIN: {
          guard: does('cancel'),
          target: 'browsing',
          actions: show(() => ({ kind: 'plans', page: 0, notice: 'cancelled' })),
        },
      },
      states: {
        name: wizardStep(WIZARD_STEPS[0] as PlanField, 'days'),
        days: wizardStep('days', 'price'),
        price: wizardStep('price', 'currency'),
        currency: wizardStep('currency', 'confirm'),
        confirm: {
          on: {
            ADMIN: {
              guard: does('wizardConfirm'),
              target: '#conversation.admin.browsing',
              actions: [
                {
                  type: 'db.plan.create',
                  params: ({ context, event }: Args) => ({
                    name: context.draft.name ?? '',
                    durationDays: context.draft.days ?? 0,
                    price: context.draft.price ?? '0.00',
                    currency: context.draft.currency ?? '',
                    createdBy: adminId(event),
                  }),
                },
                show(() => ({ kind: 'plans', page: 0, notice: 'planCreated' })),
              ],
            },
          },
        },
      },
    },
    planEdit: {
      on: {
        ADMIN: {
          guard: does('cancel'),
          target: 'browsing',
          actions: show(({ context }) => ({
            kind: 'plan',
            planId: context.editing?.planId ?? 0,
            notice: 'cancelled',
          })),
        },
        TEXT: [
          {
            guard: ({ context, event }: Args) =>
              context.editing !== null && parsePlanField(context.editing.field, text(event)).ok,
            target: 'browsing',
            actions: [
              {
                type: 'db.plan.update',
                params: ({ context, event }: Args) => {
                  const editing = context.editing as { planId: number; field: PlanField };
                  const parsed = parsePlanField(editing.field, text(event));
                  return {
                    planId: editing.planId,
                    field: editing.field,
                    value: parsed.ok ? parsed.value : '',
                  };
                },
              },
              show(({ context }) => ({
                kind: 'plan',
                planId: context.editing?.planId ?? 0,
                notice: 'planUpdated',
              })),
            ],
          },
          {
            guard: 'isAdmin',
            actions: show(({ context, event }) => {
              const editing = context.editing ?? { planId: 0, field: 'name' as const };
              const parsed = parsePlanField(editing.field, text(event));
              return { kind: 'planEdit', ...editing, ...(parsed.ok ? {} : { problem: parsed.problem }) };
            }),
          },
        ],
      },
    },
    invitationValidity: {
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
    },
    invitationCount: {
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
    },
    memberExtend: {
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
    },
  },
});

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

/** Admin buttons valid from anywhere: they enter a state, write, or just show a screen. */
export const adminTransitions = [
  {
    guard: ({ event }: Args) => event.type === 'ADMIN' && !event.admin,
    actions: show(() => ({ kind: 'denied' })),
  },
  ...channelTransitions,
  ...contentTransitions,
  ...peopleTransitions,
  {
    guard: does('planNew'),
    target: '.admin.planWizard',
    actions: [assign({ draft: () => ({}) }), show(() => ({ kind: 'planWizard', step: 'name', draft: {} }))],
  },
  {
    guard: does('planEdit'),
    target: '.admin.planEdit',
    actions: [
      assign({
        editing: ({ event }: Args) => ({
          planId: action<'planEdit'>(event).planId,
          field: action<'planEdit'>(event).field,
        }),
      }),
      show(({ event }) => ({
        kind: 'planEdit',
        planId: action<'planEdit'>(event).planId,
        field: action<'planEdit'>(event).field,
      })),
    ],
  },
  {
    guard: does('planToggleConfirm'),
    target: '.admin.browsing',
    actions: [
      {
        type: 'db.plan.toggle' as const,
        params: ({ event }: Args) => ({ planId: action<'planToggleConfirm'>(event).planId }),
      },
      show(({ event }) => ({
        kind: 'plan',
        planId: action<'planToggleConfirm'>(event).planId,
        notice: 'planUpdated',
      })),
    ],
  },
  {
    guard: does('planDeleteConfirm'),
    target: '.admin.browsing',
    actions: [
      {
        type: 'db.plan.delete' as const,
        params: ({ event }: Args) => ({ planId: action<'planDeleteConfirm'>(event).planId }),
      },
      show(() => ({ kind: 'plans', page: 0, notice: 'planDeleted' })),
    ],
  },
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
