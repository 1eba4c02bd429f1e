import type { AdminView } from '../../../machines/conversation/admin-view.ts';
import {
  adminButtons,
  adminPublishButtons,
  adminPublishCompose,
  adminPublished,
  adminPublishPreview,
  adminPublishProblem,
  type PublishTargets,
  withLead,
} from '../../../voice/index.ts';
import type { AdminViewData } from './data.ts';
import { button, keyboard, type RenderedAdminView, say } from './kit.ts';
import { channelFacts } from './settings.ts';

const cancel = button(adminButtons.cancel, { do: 'cancel' });

export function renderPublishCompose(
  view: Extract<AdminView, { kind: 'publishCompose' }>,
): RenderedAdminView {
  const text = say(adminPublishCompose, {});
  const { problem } = view;
  return {
    text: withLead(text, problem && say(adminPublishProblem, { problem })),
    keyboard: keyboard([cancel]),
  };
}

function targetsOf(data: AdminViewData): PublishTargets | undefined {
  const { settings } = data;
  if (!settings) return undefined;
  return {
    vip: channelFacts(settings, 'vip'),
    free: channelFacts(settings, 'free'),
    vipReactions: settings.config.vipReactions,
    freeReactions: settings.config.freeReactions,
  };
}

/**
 * The draft itself is copied above this message by the adapter; this asks where it goes. A
 * channel not configured yet gets no button (the text says where to configure it); when the
 * settings could not be read, both are offered and publishing says what went wrong.
 */
export function renderPublishPreview(
  view: Extract<AdminView, { kind: 'publishPreview' }>,
  data: AdminViewData,
): RenderedAdminView {
  const targets = targetsOf(data);
  const b = adminPublishButtons;
  const to = (role: 'vip' | 'free', label: string) =>
    !targets || targets[role].id !== null ? [button(label, { do: 'publishTo', channel: role })] : [];
  return {
    text: say(adminPublishPreview, { kind: view.draft.kind, reactions: view.reactions, targets }),
    keyboard: keyboard(
      to('vip', b.toVip),
      to('free', b.toFree),
      [button(view.reactions ? b.reactionsOn : b.reactionsOff, { do: 'publishReactions' })],
      [button(b.change, { do: 'publishChange' }), cancel],
    ),
  };
}

export function renderPublished(
  view: Extract<AdminView, { kind: 'published' }>,
  data: AdminViewData,
): RenderedAdminView {
  const { channel } = view;
  return {
    text: say(adminPublished, { channel, title: channelFacts(data.settings, channel).title }),
    keyboard: keyboard(
      [button(adminPublishButtons.another, { do: 'publish' })],
      [button(adminButtons.back, { do: 'home' })],
    ),
  };
}
