import type { InvitationView } from '../../../domain/invitations.ts';
import type { AdminView, InvitationFilter } from '../../../machines/conversation/admin-view.ts';
import {
  adminButtons,
  adminInvitationButtons,
  adminInvitationConfirmRevoke,
  adminInvitationLine,
  adminInvitationList,
  adminInvitationListEmpty,
  adminInvitationMissing,
  adminInvitationNotRevocable,
  invitationRevokeLabel,
  marked,
  personName,
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

const FILTERS: InvitationFilter[] = ['available', 'used', 'expired', 'revoked', 'all'];

const toInvitations = button(adminInvitationButtons.backToInvitations, { do: 'invitations' });

/** Enough of a code to tell it apart on screen, not enough to use it. */
export const codePrefix = (code: string): string => `${code.slice(0, 6)}…`;

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
