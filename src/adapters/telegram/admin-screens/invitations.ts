import { INVITATION_LIMITS } from '../../../domain/invitations.ts';
import type { AdminView } from '../../../machines/conversation/admin-view.ts';
import {
  adminButtons,
  adminInvitationButtons,
  adminInvitationCount,
  adminInvitationPlanEmpty,
  adminInvitationPlanPick,
  adminInvitationsHome,
  adminInvitationValidity,
  adminPlanMissing,
  type Expected,
  invitationCountLabel,
  invitationValidityLabel,
  marked,
  planButtonLabel,
} from '../../../voice/index.ts';
import type { AdminViewData } from './data.ts';
import { button, keyboard, pageLine, pagingRow, type RenderedAdminView, say } from './kit.ts';
import { planFacts } from './plans.ts';
import { problemLead } from './problems.ts';

const VALIDITY_CHOICES = [1, 7, 30, 90];
const COUNT_CHOICES = [1, 5, 10, 50, 100];

const toInvitations = button(adminInvitationButtons.backToInvitations, { do: 'invitations' });
const cancel = button(adminButtons.cancel, { do: 'cancel' });

export function renderInvitations(): RenderedAdminView {
  return {
    text: say(adminInvitationsHome, {}),
    keyboard: keyboard(
      [button(adminInvitationButtons.create, { do: 'invitationPlans', page: 0 })],
      [button(adminInvitationButtons.list, { do: 'invitationList', filter: 'available', page: 0 })],
      [button(adminButtons.back, { do: 'home' })],
    ),
  };
}

export function renderInvitationPlan(data: AdminViewData): RenderedAdminView {
  const list = data.plans;
  if (!list || list.total === 0) {
    return {
      text: say(adminInvitationPlanEmpty, {}),
      keyboard: keyboard([button(adminButtons.plans, { do: 'plans', page: 0 })], [toInvitations]),
    };
  }
  return {
    text: say(adminInvitationPlanPick, { pageLine: pageLine(list.page, list.total) }),
    keyboard: keyboard(
      ...list.items.map((p) => [
        button(planButtonLabel(planFacts(p)), { do: 'invitationNew', planId: p.id }),
      ]),
      pagingRow(list.page, list.total, (page) => ({ do: 'invitationPlans', page })),
      [toInvitations],
    ),
  };
}

const missingPlan = (): RenderedAdminView => ({
  text: say(adminPlanMissing, {}),
  keyboard: keyboard([toInvitations]),
});

export function renderInvitationValidity(
  view: Extract<AdminView, { kind: 'invitationValidity' }>,
  data: AdminViewData,
): RenderedAdminView {
  const plan = data.plan;
  if (!plan) return missingPlan();
  const { validDaysMin: min, validDaysMax: max, defaultValidDays } = INVITATION_LIMITS;
  const expected: Expected = { kind: 'whole', min, max };
  const text = say(adminInvitationValidity, {
    planName: plan.name,
    planDays: plan.durationDays,
    defaultDays: defaultValidDays,
    expected,
  });
  const choice = (days: number) => {
    const label = invitationValidityLabel(days);
    return button(days === defaultValidDays ? marked(label) : label, { do: 'invitationValidity', days });
  };
  return {
    text: problemLead(text, view.problem, expected),
    keyboard: keyboard(VALIDITY_CHOICES.map(choice), [cancel]),
  };
}

export function renderInvitationCount(
  view: Extract<AdminView, { kind: 'invitationCount' }>,
  data: AdminViewData,
): RenderedAdminView {
  const plan = data.plan;
  if (!plan) return missingPlan();
  const expected: Expected = {
    kind: 'whole',
    min: INVITATION_LIMITS.countMin,
    max: INVITATION_LIMITS.countMax,
  };
  const text = say(adminInvitationCount, {
    planName: plan.name,
    planDays: plan.durationDays,
    validDays: view.validDays,
    expected,
  });
  return {
    text: problemLead(text, view.problem, expected),
    keyboard: keyboard(
      COUNT_CHOICES.map((count) => button(invitationCountLabel(count), { do: 'invitationCount', count })),
      [cancel],
    ),
  };
}
