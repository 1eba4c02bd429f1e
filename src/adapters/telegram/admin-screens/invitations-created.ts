import type { AdminView } from '../../../machines/conversation/admin-view.ts';
import {
  adminButtons,
  adminInvitationBatchMissing,
  adminInvitationButtons,
  adminInvitationCreatedMany,
  adminInvitationCreatedOne,
  adminInvitationFileHeader,
} from '../../../voice/index.ts';
import type { AdminViewData } from './data.ts';
import { type AdminRenderContext, button, keyboard, type RenderedAdminView, say } from './kit.ts';

/** The deep link that opens the bot with the code as /start payload. */
export const invitationLink = (botUsername: string, code: string): string =>
  `https://t.me/${botUsername}?start=${code}`;

/** "2026-12-27" in the creator's time zone. */
function isoDay(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone,
  })
    .formatToParts(at)
    .reduce<Record<string, string>>((all, part) => Object.assign(all, { [part.type]: part.value }), {});
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** A plan name as a file name: lower-case ASCII letters, digits and dashes. */
function fileSlug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/**
 * One invitation: its link in the message. Several: a summary in the message and every link in
 * a text file (one per line), which the adapter sends with sendDocument.
 */
export function renderInvitationsCreated(
  view: Extract<AdminView, { kind: 'invitationsCreated' }>,
  data: AdminViewData,
  context: AdminRenderContext,
): RenderedAdminView {
  const list = button(adminInvitationButtons.list, { do: 'invitationList', filter: 'available', page: 0 });
  const home = button(adminButtons.back, { do: 'home' });
  const { plan, batch } = data;
  if (!plan || !batch || batch.codes.length === 0) {
    return { text: say(adminInvitationBatchMissing, {}), keyboard: keyboard([list], [home]) };
  }
  const more = plan.active
    ? [button(adminInvitationButtons.more, { do: 'invitationNew', planId: view.planId })]
    : [];
  const buttons = keyboard(more, [list], [home]);
  const facts = { planName: plan.name, expiresAt: batch.expiresAt.getTime(), timeZone: context.timeZone };
  const links = batch.codes.map((code) => invitationLink(context.botUsername, code));
  const [only] = links;
  if (links.length === 1 && only) {
    return { text: say(adminInvitationCreatedOne, { ...facts, link: only }), keyboard: buttons };
  }
  const count = links.length;
  const slug = fileSlug(plan.name) || `plan-${plan.id}`;
  return {
    text: say(adminInvitationCreatedMany, { ...facts, count }),
    keyboard: buttons,
    document: {
      filename: `invitaciones-${slug}-${isoDay(batch.createdAt, context.timeZone)}.txt`,
      content: `${[say(adminInvitationFileHeader, { ...facts, count }), '', ...links].join('\n')}\n`,
    },
  };
}
