import { PLAN_LIMITS, type Plan } from '../../../domain/plans.ts';
import type { AdminView, PlanField } from '../../../machines/conversation/admin-view.ts';
import {
  adminButtons,
  adminPlanButtons,
  adminPlanConfirmDelete,
  adminPlanConfirmToggle,
  adminPlanDetail,
  adminPlanEdit,
  adminPlanInUse,
  adminPlanLine,
  adminPlanMissing,
  adminPlansEmpty,
  adminPlansList,
  adminPlanWizardConfirm,
  adminPlanWizardStep,
  type Expected,
  type PlanFacts,
  planButtonLabel,
  planFieldValue,
} from '../../../voice/index.ts';
import type { AdminViewData, PlanDetail } from './data.ts';
import { button, fitLines, keyboard, pageLine, pagingRow, type RenderedAdminView, say } from './kit.ts';
import { problemLead } from './problems.ts';

export const planFacts = (p: Plan): PlanFacts => ({
  name: p.name,
  days: p.durationDays,
  price: p.price,
  currency: p.currency,
  active: p.active,
});

export const planExpected: Record<PlanField, Expected> = {
  name: { kind: 'name', max: PLAN_LIMITS.nameMax },
  days: { kind: 'whole', min: PLAN_LIMITS.daysMin, max: PLAN_LIMITS.daysMax },
  price: { kind: 'price', max: PLAN_LIMITS.priceMax.toFixed(2) },
  currency: { kind: 'currency' },
};

const toPlans = button(adminPlanButtons.backToPlans, { do: 'plans', page: 0 });

/** A plan that no longer exists: said plainly, with the way back. */
const missing = (back = toPlans): RenderedAdminView => ({
  text: say(adminPlanMissing, {}),
  keyboard: keyboard([back]),
});

export function renderPlans(data: AdminViewData): RenderedAdminView {
  const newPlan = button(adminPlanButtons.newPlan, { do: 'planNew' });
  const back = button(adminButtons.back, { do: 'home' });
  const list = data.plans;
  if (!list || list.total === 0)
    return { text: say(adminPlansEmpty, {}), keyboard: keyboard([newPlan], [back]) };
  const lines = list.items.map((p) => say(adminPlanLine, planFacts(p)));
  const text = fitLines(
    (shown) =>
      say(adminPlansList, { lines: shown, total: list.total, pageLine: pageLine(list.page, list.total) }),
    lines,
  );
  return {
    text,
    keyboard: keyboard(
      ...list.items.map((p) => [button(planButtonLabel(planFacts(p)), { do: 'plan', planId: p.id })]),
      pagingRow(list.page, list.total, (page) => ({ do: 'plans', page })),
      [newPlan],
      [back],
    ),
  };
}

const inUse = (p: PlanDetail) => p.codesTotal > 0 || p.memberships > 0;

export function renderPlan(data: AdminViewData): RenderedAdminView {
  const plan = data.plan;
  if (!plan) return missing();
  const planId = plan.id;
  const b = adminPlanButtons;
  return {
    text: say(adminPlanDetail, { ...planFacts(plan), ...plan }),
    keyboard: keyboard(
      [
        button(b.editName, { do: 'planEdit', planId, field: 'name' }),
        button(b.editDays, { do: 'planEdit', planId, field: 'days' }),
      ],
      [
        button(b.editPrice, { do: 'planEdit', planId, field: 'price' }),
        button(b.editCurrency, { do: 'planEdit', planId, field: 'currency' }),
      ],
      [
        button(plan.active ? b.deactivate : b.reactivate, { do: 'planToggle', planId }),
        ...(inUse(plan) ? [] : [button(b.delete, { do: 'planDelete', planId })]),
      ],
      plan.active ? [button(b.createInvitations, { do: 'invitationNew', planId })] : [],
      [toPlans],
    ),
  };
}

const cancel = button(adminButtons.cancel, { do: 'cancel' });

export function renderPlanWizard(view: Extract<AdminView, { kind: 'planWizard' }>): RenderedAdminView {
  if (view.step === 'confirm') {
    return {
      text: say(adminPlanWizardConfirm, { draft: view.draft }),
      keyboard: keyboard([button(adminPlanButtons.create, { do: 'wizardConfirm' })], [cancel]),
    };
  }
  const expected = planExpected[view.step];
  const text = say(adminPlanWizardStep, { step: view.step, draft: view.draft, expected });
  return { text: problemLead(text, view.problem, expected), keyboard: keyboard([cancel]) };
}

export function renderPlanEdit(
  view: Extract<AdminView, { kind: 'planEdit' }>,
  data: AdminViewData,
): RenderedAdminView {
  const plan = data.plan;
  if (!plan) return missing();
  const expected = planExpected[view.field];
  const current = planFieldValue(planFacts(plan), view.field);
  const text = say(adminPlanEdit, { name: plan.name, field: view.field, current, expected });
  return { text: problemLead(text, view.problem, expected), keyboard: keyboard([cancel]) };
}

export function renderPlanConfirm(
  view: Extract<AdminView, { kind: 'planConfirmToggle' | 'planConfirmDelete' }>,
  data: AdminViewData,
): RenderedAdminView {
  const plan = data.plan;
  if (!plan) return missing();
  const planId = plan.id;
  const no = button(adminButtons.no, { do: 'plan', planId });
  if (view.kind === 'planConfirmToggle') {
    const yes = plan.active ? adminPlanButtons.confirmDeactivate : adminPlanButtons.confirmReactivate;
    return {
      text: say(adminPlanConfirmToggle, { name: plan.name, active: plan.active }),
      keyboard: keyboard([button(yes, { do: 'planToggleConfirm', planId })], [no]),
    };
  }
  if (inUse(plan)) {
    return {
      text: say(adminPlanInUse, { name: plan.name }),
      keyboard: keyboard([button(adminPlanButtons.backToPlan, { do: 'plan', planId })]),
    };
  }
  return {
    text: say(adminPlanConfirmDelete, { name: plan.name }),
    keyboard: keyboard([button(adminPlanButtons.confirmDelete, { do: 'planDeleteConfirm', planId })], [no]),
  };
}
