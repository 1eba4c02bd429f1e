import { EXPIRING_WITHIN_DAYS, type MembershipView } from '../../../domain/memberships.ts';
import { PLAN_LIMITS } from '../../../domain/plans.ts';
import type { AdminView, MemberFilter } from '../../../machines/conversation/admin-view.ts';
import {
  adminButtons,
  adminMemberButtons,
  adminMemberConfirmRevoke,
  adminMemberExtend,
  adminMemberLine,
  adminMemberMissing,
  adminMemberProfile,
  adminMembersEmpty,
  adminMembersList,
  type Expected,
  marked,
  memberButtonLabel,
  personName,
} from '../../../voice/index.ts';
import type { AdminViewData, MemberDetail } from './data.ts';
import {
  type AdminRenderContext,
  button,
  fitLines,
  keyboard,
  pageLine,
  pagingRow,
  type RenderedAdminView,
  say,
} from './kit.ts';
import { problemLead } from './problems.ts';

const FILTERS: MemberFilter[] = ['active', 'expiring', 'expired', 'all'];
const toMembers = button(adminMemberButtons.backToMembers, { do: 'members', filter: 'active', page: 0 });

const listedName = (m: MembershipView) =>
  personName({ name: m.firstName, username: m.username, id: m.userId });

export function renderMembers(
  view: Extract<AdminView, { kind: 'members' }>,
  data: AdminViewData,
  context: AdminRenderContext,
): RenderedAdminView {
  const { filter } = view;
  const filterButtons = FILTERS.map((f) => {
    const label = adminMemberButtons.filters[f];
    return button(f === filter ? marked(label) : label, { do: 'members', filter: f, page: 0 });
  });
  const filterRows = [filterButtons.slice(0, 2), filterButtons.slice(2)];
  const back = button(adminButtons.back, { do: 'home' });
  const list = data.members;
  const expiringDays = EXPIRING_WITHIN_DAYS;
  if (!list || list.total === 0) {
    return {
      text: say(adminMembersEmpty, { filter, expiringDays }),
      keyboard: keyboard(...filterRows, [back]),
    };
  }
  const lines = list.items.map((m) =>
    say(adminMemberLine, {
      name: listedName(m),
      planName: m.planName,
      status: m.status,
      expiresAt: m.expiresAt.getTime(),
      now: context.now,
      timeZone: context.timeZone,
    }),
  );
  const text = fitLines(
    (shown) =>
      say(adminMembersList, {
        filter,
        expiringDays,
        total: list.total,
        lines: shown,
        pageLine: pageLine(list.page, list.total),
      }),
    lines,
  );
  return {
    text,
    keyboard: keyboard(
      ...filterRows,
      ...list.items.map((m) => [
        button(memberButtonLabel(listedName(m)), { do: 'member', userId: m.userId }),
      ]),
      pagingRow(list.page, list.total, (page) => ({ do: 'members', filter, page })),
      [back],
    ),
  };
}

/** The member, unless the bot has neither a profile nor a membership of them. */
const known = (m: MemberDetail | undefined): MemberDetail | undefined =>
  m?.profile || m?.membership ? m : undefined;

const missing = (): RenderedAdminView => ({
  text: say(adminMemberMissing, {}),
  keyboard: keyboard([toMembers]),
});

function fullName(m: MemberDetail): string {
  const name = [m.profile?.firstName, m.profile?.lastName].filter(Boolean).join(' ').trim();
  return name || personName({ username: m.profile?.username, id: m.userId });
}

export function renderMember(data: AdminViewData, context: AdminRenderContext): RenderedAdminView {
  const m = known(data.member);
  if (!m) return missing();
  const { userId, membership } = m;
  const text = say(adminMemberProfile, {
    name: fullName(m),
    username: m.profile?.username ?? null,
    userId,
    role: m.profile?.role ?? null,
    membership: membership
      ? {
          planName: membership.planName,
          status: membership.status,
          startedAt: membership.startedAt.getTime(),
          expiresAt: membership.expiresAt.getTime(),
        }
      : null,
    changes: m.roleChanges.map((c) => ({
      at: c.changedAt.getTime(),
      from: c.previousRole,
      to: c.newRole,
      reason: c.reason,
    })),
    now: context.now,
    timeZone: context.timeZone,
  });
  const revocable = membership?.status === 'active' || membership?.status === 'ritual';
  return {
    text,
    keyboard: keyboard(
      [
        button(adminMemberButtons.extend, { do: 'memberExtend', userId }),
        ...(revocable ? [button(adminMemberButtons.revoke, { do: 'memberRevoke', userId })] : []),
      ],
      [toMembers],
    ),
  };
}

const extendExpected: Expected = { kind: 'whole', min: PLAN_LIMITS.daysMin, max: PLAN_LIMITS.daysMax };

export function renderMemberExtend(
  view: Extract<AdminView, { kind: 'memberExtend' }>,
  data: AdminViewData,
  context: AdminRenderContext,
): RenderedAdminView {
  const m = known(data.member);
  if (!m) return missing();
  const text = say(adminMemberExtend, {
    name: fullName(m),
    expiresAt: m.membership?.expiresAt.getTime() ?? null,
    timeZone: context.timeZone,
    expected: extendExpected,
  });
  return {
    text: problemLead(text, view.problem, extendExpected),
    keyboard: keyboard([button(adminButtons.cancel, { do: 'member', userId: m.userId })]),
  };
}

export function renderMemberConfirmRevoke(data: AdminViewData): RenderedAdminView {
  const m = known(data.member);
  if (!m) return missing();
  const { userId } = m;
  return {
    text: say(adminMemberConfirmRevoke, { name: fullName(m) }),
    keyboard: keyboard(
      [button(adminMemberButtons.confirmRevoke, { do: 'memberRevokeConfirm', userId })],
      [button(adminButtons.no, { do: 'member', userId })],
    ),
  };
}
