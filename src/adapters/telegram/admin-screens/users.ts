import type { UserListItem, UserOverview } from '../../../domain/user-lists.ts';
import type { AdminView, ManagedRole, UserFilter } from '../../../machines/conversation/admin-view.ts';
import {
  adminButtons,
  adminUserButtons,
  adminUserExpelConfirm,
  adminUserExpelResult,
  adminUserFind,
  adminUserFindProblem,
  adminUserLine,
  adminUserMissing,
  adminUserProfile,
  adminUserRefused,
  adminUserRole,
  adminUserRoleConfirm,
  adminUsersEmpty,
  adminUsersList,
  marked,
  userButtonLabel,
  userListName,
  withLead,
} from '../../../voice/index.ts';
import type { AdminViewData } from './data.ts';
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

const FILTERS: UserFilter[] = ['all', 'vip', 'free'];
const ROLES: ManagedRole[] = ['FREE', 'VIP', 'ADMIN'];
const toUsers = button(adminUserButtons.backToUsers, { do: 'users', filter: 'all', page: 0 });

const listedName = (u: UserListItem) =>
  userListName({ name: u.firstName, username: u.username, id: u.userId });

/** People the bot knows, 10 a page, by filter; each leads to their profile; find one by id or @username. */
export function renderUsers(
  view: Extract<AdminView, { kind: 'users' }>,
  data: AdminViewData,
  context: AdminRenderContext,
): RenderedAdminView {
  const { filter } = view;
  const filterRow = FILTERS.map((f) => {
    const label = adminUserButtons.filters[f];
    return button(f === filter ? marked(label) : label, { do: 'users', filter: f, page: 0 });
  });
  const find = [button(adminUserButtons.find, { do: 'userFind' })];
  const back = [button(adminButtons.back, { do: 'home' })];
  const list = data.users;
  if (!list || list.total === 0) {
    return { text: say(adminUsersEmpty, { filter }), keyboard: keyboard(filterRow, find, back) };
  }
  const lines = list.items.map((u) =>
    say(adminUserLine, {
      name: listedName(u),
      role: u.role,
      membership: u.membership && {
        status: u.membership.status,
        planName: u.membership.planName,
        expiresAt: u.membership.expiresAt.getTime(),
      },
      now: context.now,
      timeZone: context.timeZone,
    }),
  );
  const text = fitLines(
    (shown) =>
      say(adminUsersList, {
        filter,
        total: list.total,
        lines: shown,
        pageLine: pageLine(list.page, list.total),
      }),
    lines,
  );
  return {
    text,
    keyboard: keyboard(
      filterRow,
      ...list.items.map((u) => [button(userButtonLabel(listedName(u)), { do: 'user', userId: u.userId })]),
      pagingRow(list.page, list.total, (page) => ({ do: 'users', filter, page })),
      find,
      back,
    ),
  };
}

/** Asks for an id or @username; says first when nobody matched or nothing was written. */
export function renderUserFind(view: Extract<AdminView, { kind: 'userFind' }>): RenderedAdminView {
  const problem = view.problem && say(adminUserFindProblem, { problem: view.problem });
  return {
    text: withLead(say(adminUserFind, {}), problem),
    keyboard: keyboard([button(adminButtons.cancel, { do: 'cancel' })]),
  };
}

const missing = (): RenderedAdminView => ({ text: say(adminUserMissing, {}), keyboard: keyboard([toUsers]) });

/** "Ana Pérez", else "@ana", else "#12345". */
function fullName(u: UserOverview): string {
  const { firstName, lastName, username, userId } = u.profile;
  const name = [firstName, lastName].filter(Boolean).join(' ').trim();
  return name || userListName({ username, id: userId });
}

export function renderUser(
  view: Extract<AdminView, { kind: 'user' }>,
  data: AdminViewData,
  context: AdminRenderContext,
): RenderedAdminView {
  const u = data.user;
  if (!u) return missing();
  const { userId, username, role } = u.profile;
  const m = u.membership;
  const text = say(adminUserProfile, {
    name: fullName(u),
    username,
    userId,
    role,
    membership: m && {
      planName: m.planName,
      status: m.status,
      startedAt: m.startedAt.getTime(),
      expiresAt: m.expiresAt.getTime(),
    },
    changes: u.roleChanges.map((c) => ({
      at: c.changedAt.getTime(),
      from: c.previousRole,
      to: c.newRole,
      reason: c.reason,
    })),
    interests: u.interests.map((i) => ({
      at: i.lastInterestAt.getTime(),
      packageName: i.packageName,
      attended: i.attended,
    })),
    now: context.now,
    timeZone: context.timeZone,
  });
  const refused = view.refused && say(adminUserRefused, { refusal: view.refused });
  return {
    text: withLead(text, refused),
    keyboard: keyboard(
      [
        button(adminUserButtons.changeRole, { do: 'userRole', userId }),
        button(adminUserButtons.expel, { do: 'userExpel', userId }),
      ],
      [toUsers],
    ),
  };
}

/** FREE, VIP or ADMIN; the current one marked. */
export function renderUserRole(data: AdminViewData): RenderedAdminView {
  const u = data.user;
  if (!u) return missing();
  const { userId, role: current } = u.profile;
  return {
    text: say(adminUserRole, { name: fullName(u), role: current }),
    keyboard: keyboard(
      ROLES.map((role) => {
        const label = adminUserButtons.roles[role];
        return button(role === current ? marked(label) : label, { do: 'userRolePick', userId, role });
      }),
      [button(adminUserButtons.backToUser, { do: 'user', userId })],
    ),
  };
}

export function renderUserRoleConfirm(
  view: Extract<AdminView, { kind: 'userRoleConfirm' }>,
  data: AdminViewData,
): RenderedAdminView {
  const u = data.user;
  if (!u) return missing();
  const { userId, role: from } = u.profile;
  const { role: to } = view;
  const text = say(adminUserRoleConfirm, { name: fullName(u), from, to });
  // The role it already has: nothing to confirm, only the way back.
  if (from === to)
    return { text, keyboard: keyboard([button(adminUserButtons.backToUser, { do: 'user', userId })]) };
  return {
    text,
    keyboard: keyboard(
      [button(adminUserButtons.confirmRole, { do: 'userRoleConfirm', userId, role: to })],
      [button(adminButtons.no, { do: 'user', userId })],
    ),
  };
}

export function renderUserExpelConfirm(data: AdminViewData): RenderedAdminView {
  const u = data.user;
  if (!u) return missing();
  const { userId } = u.profile;
  return {
    text: say(adminUserExpelConfirm, { name: fullName(u) }),
    keyboard: keyboard(
      [button(adminUserButtons.confirmExpel, { do: 'userExpelConfirm', userId })],
      [button(adminButtons.no, { do: 'user', userId })],
    ),
  };
}

/** Done in both channels, or undone: either way, back to the profile. */
export function renderUserExpelResult(
  view: Extract<AdminView, { kind: 'userExpelResult' }>,
  data: AdminViewData,
): RenderedAdminView {
  const name = data.user ? fullName(data.user) : userListName({ id: view.userId });
  return {
    text: say(adminUserExpelResult, { name, ok: view.ok }),
    keyboard: keyboard([button(adminUserButtons.backToUser, { do: 'user', userId: view.userId })]),
  };
}
