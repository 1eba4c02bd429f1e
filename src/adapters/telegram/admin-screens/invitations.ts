import { INVITATION_LIMITS, type InvitationView } from '../../../domain/invitations.ts';
import type { AdminView, InvitationFilter } from '../../../machines/conversation/admin-view.ts';
import {
  adminButtons,
  adminInvitationButtons,
  adminInvitationConfirmRevoke,
  adminInvitationCount,
  adminInvitationLine,
  adminInvitationList,
  adminInvitationListEmpty,
  adminInvitationMissing,
  adminInvitationNotRevocable,
  adminInvitationPlanEmpty,
  adminInvitationPlanPick,
  adminInvitationsHome,
  adminInvitationValidity,
  adminPlanMissing,
  type Expected,
  invitationCountLabel,
  invitationRevokeLabel,
  invitationValidityLabel,
  marked,
  personName,
  planButtonLabel,
} from '../../../voice/index.ts';
import type { AdminViewData } from './data.ts';
import {
  button,
  fitLines,
  inRows,
  keyboard,
  pageLine,
  pagingRow,
  type RenderedAdminView,
  say,
} from './kit.ts';
import { planFacts } from './plans.ts';
import { problemLead } from './problems.ts';

const VALIDITY_CHOICES = [1, 7, 30, 90];
const COUNT_CHOICES = [1, 5, 10, 50, 100];
const FILTERS: InvitationFilter[] = ['available', 'used', 'expired', 'revoked', 'all'];

const toInvitations = button(adminInvitationButtons.backToInvitations, { do: 'invitations' });
const cancel = button(adminButtons.cancel, { do: 'cancel' });

/** Enough of a code to tell it apart on screen, not enough to use it. */
export const codePrefix = (code: string): string => `${code.slice(0, 6)}…`;

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

const invitationLine = (i: InvitationView, timeZone: string): string =>
  say(adminInvitationLine, {
    prefix: codePrefix(i.code),
    planName: i.planName,
    state: i.state,
    usedBy:
      i.usedBy === null ? null : personName({ name: i.usedByName, username: i.usedByUsername, id: i.usedBy }),
    usedAt: i.usedAt?.getTime() ?? null,
    revokedAt: i.revokedAt?.getTime() ?? null,
    expiresAt: i.expiresAt.getTime(),
    timeZone,
  });

export function renderInvitationList(
  view: Extract<AdminView, { kind: 'invitationList' }>,
  data: AdminViewData,
  timeZone: string,
): RenderedAdminView {
  const { filter } = view;
  const filterButtons = FILTERS.map((f) => {
    const label = adminInvitationButtons.filters[f];
    return button(f === filter ? marked(label) : label, { do: 'invitationList', filter: f, page: 0 });
  });
  const filterRows = [filterButtons.slice(0, 3), filterButtons.slice(3)];
  const list = data.invitations;
  if (!list || list.total === 0) {
    return {
      text: say(adminInvitationListEmpty, { filter }),
      keyboard: keyboard(...filterRows, [toInvitations]),
    };
  }
  const revocable = list.items.filter((i) => i.state === 'available');
  const text = fitLines(
    (lines) =>
      say(adminInvitationList, {
        filter,
        total: list.total,
        lines,
        pageLine: pageLine(list.page, list.total),
        revocable: revocable.length > 0,
      }),
    list.items.map((i) => invitationLine(i, timeZone)),
  );
  const revokeButtons = revocable.map((i) =>
    button(invitationRevokeLabel(codePrefix(i.code)), { do: 'invitationRevoke', invitationId: i.id }),
  );
  return {
    text,
    keyboard: keyboard(
      ...filterRows,
      ...inRows(revokeButtons, 2),
      pagingRow(list.page, list.total, (page) => ({ do: 'invitationList', filter, page })),
      [toInvitations],
    ),
  };
}

export function renderInvitationConfirmRevoke(
  view: Extract<AdminView, { kind: 'invitationConfirmRevoke' }>,
  data: AdminViewData,
  timeZone: string,
): RenderedAdminView {
  const toList = { do: 'invitationList' as const, filter: view.filter, page: view.page };
  const back = keyboard([button(adminInvitationButtons.backToList, toList)]);
  const i = data.invitation;
  if (!i) return { text: say(adminInvitationMissing, {}), keyboard: back };
  const prefix = codePrefix(i.code);
  if (i.state !== 'available')
    return { text: say(adminInvitationNotRevocable, { prefix, state: i.state }), keyboard: back };
  return {
    text: say(adminInvitationConfirmRevoke, {
      prefix,
      planName: i.planName,
      expiresAt: i.expiresAt.getTime(),
      timeZone,
    }),
    keyboard: keyboard(
      [button(adminInvitationButtons.confirmRevoke, { do: 'invitationRevokeConfirm', invitationId: i.id })],
      [button(adminButtons.no, toList)],
    ),
  };
}
