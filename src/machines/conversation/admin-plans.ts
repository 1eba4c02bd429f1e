import { assign } from 'xstate';
import { parsePlanField } from './admin-input.ts';
import { type Args, action, adminId, byAdmin, does, show, text } from './admin-kit.ts';
import type { PlanDraft, PlanField } from './admin-view.ts';
import { conversationSetup } from './setup.ts';

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

/** The plan wizard and editing one field of a plan; both can be cancelled. */
export const planStates = {
  planWizard: conversationSetup.createStateConfig({
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
  }),
  planEdit: conversationSetup.createStateConfig({
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
  }),
};

/** Plan buttons valid from any admin screen: create, edit, toggle, delete. */
export const planTransitions = [
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
];
