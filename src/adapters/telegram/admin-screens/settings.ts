import type { BotConfig } from '../../../domain/bot-config.ts';
import { SETTINGS_LIMITS, type SocialNetwork, socialProfileUrl } from '../../../domain/settings-input.ts';
import type { AdminView, ChannelRole, SettingField } from '../../../machines/conversation/admin-view.ts';
import {
  adminButtons,
  adminChannelProblem,
  adminChannelReady,
  adminChannelSetup,
  adminSettingEdit,
  adminSettingProblem,
  adminSettings,
  adminSettingsButtons,
  adminSettingsUnread,
  type ChannelFacts,
  type Expected,
  minutes,
  type SettingsFacts,
  type SocialFacts,
  withLead,
} from '../../../voice/index.ts';
import type { AdminViewData, SettingsData } from './data.ts';
import { button, keyboard, type RenderedAdminView, say } from './kit.ts';

const toSettings = button(adminSettingsButtons.backToSettings, { do: 'settings' });
const cancel = button(adminButtons.cancel, { do: 'cancel' });

/** A channel of the settings: its id, and its title when Telegram told it. */
export function channelFacts(settings: SettingsData | undefined, role: ChannelRole): ChannelFacts {
  const id = settings
    ? role === 'vip'
      ? settings.config.vipChannelId
      : settings.config.freeChannelId
    : null;
  return { id, title: id === null ? null : (settings?.titles[role] ?? null) };
}

const handles: Record<SocialNetwork, (c: BotConfig) => string | null> = {
  instagram: (c) => c.socialInstagram,
  tiktok: (c) => c.socialTiktok,
  x: (c) => c.socialX,
};

function social(config: BotConfig, network: SocialNetwork): SocialFacts | null {
  const handle = handles[network](config);
  return handle === null ? null : { handle, url: socialProfileUrl(network, handle) };
}

function settingsFacts(settings: SettingsData): SettingsFacts {
  const { config } = settings;
  return {
    vip: channelFacts(settings, 'vip'),
    free: { ...channelFacts(settings, 'free'), inviteLink: config.freeInviteLink },
    social: {
      instagram: social(config, 'instagram'),
      tiktok: social(config, 'tiktok'),
      x: social(config, 'x'),
    },
    waitMinutes: config.freeWaitMinutes,
    antiSpamMinutes: config.antiSpamMinutes,
    vipReactions: config.vipReactions,
    freeReactions: config.freeReactions,
  };
}

export function renderSettings(data: AdminViewData): RenderedAdminView {
  const back = button(adminButtons.back, { do: 'home' });
  if (!data.settings) return { text: say(adminSettingsUnread, {}), keyboard: keyboard([back]) };
  const b = adminSettingsButtons;
  const edit = (field: SettingField) => button(b[field], { do: 'settingEdit', field });
  return {
    text: say(adminSettings, settingsFacts(data.settings)),
    keyboard: keyboard(
      [
        button(b.vipChannel, { do: 'channelSetup', role: 'vip' }),
        button(b.freeChannel, { do: 'channelSetup', role: 'free' }),
      ],
      [edit('instagram'), edit('tiktok'), edit('x')],
      [edit('waitMinutes'), edit('antiSpamMinutes')],
      [edit('vipReactions')],
      [edit('freeReactions')],
      [back],
    ),
  };
}

export function renderChannelSetup(
  view: Extract<AdminView, { kind: 'channelSetup' }>,
  data: AdminViewData,
): RenderedAdminView {
  const { role, check } = view;
  if (!check) {
    return {
      text: say(adminChannelSetup, { role, current: channelFacts(data.settings, role) }),
      keyboard: keyboard([cancel]),
    };
  }
  const title = check.title ?? null;
  if (check.ok) return { text: say(adminChannelReady, { role, title }), keyboard: keyboard([toSettings]) };
  return {
    text: say(adminChannelProblem, { role, title, missing: check.missing ?? [] }),
    keyboard: keyboard([cancel]),
  };
}

const minutesExpected: Expected = {
  kind: 'minutes',
  min: SETTINGS_LIMITS.minutesMin,
  max: SETTINGS_LIMITS.minutesMax,
};
const reactionsExpected: Expected = {
  kind: 'reactions',
  min: SETTINGS_LIMITS.reactionsMin,
  max: SETTINGS_LIMITS.reactionsMax,
};

export const settingExpected: Record<SettingField, Expected> = {
  instagram: { kind: 'handle' },
  tiktok: { kind: 'handle' },
  x: { kind: 'handle' },
  waitMinutes: minutesExpected,
  antiSpamMinutes: minutesExpected,
  vipReactions: reactionsExpected,
  freeReactions: reactionsExpected,
};

const reactionsValue = (emoji: string[]) => (emoji.length > 0 ? emoji.join(' ') : null);
const handleValue = (handle: string | null) => (handle === null ? null : `@${handle}`);

/** How a setting's current value reads in its prompt (plain text); null when unset. */
function currentValue(config: BotConfig, field: SettingField): string | null {
  switch (field) {
    case 'instagram':
    case 'tiktok':
    case 'x':
      return handleValue(handles[field](config));
    case 'waitMinutes':
      return minutes(config.freeWaitMinutes);
    case 'antiSpamMinutes':
      return minutes(config.antiSpamMinutes);
    case 'vipReactions':
      return reactionsValue(config.vipReactions);
    case 'freeReactions':
      return reactionsValue(config.freeReactions);
  }
}

export function renderSettingEdit(
  view: Extract<AdminView, { kind: 'settingEdit' }>,
  data: AdminViewData,
): RenderedAdminView {
  const { field, problem } = view;
  const expected = settingExpected[field];
  const current = data.settings ? currentValue(data.settings.config, field) : undefined;
  const text = say(adminSettingEdit, { field, current, expected });
  return {
    text: withLead(text, problem && say(adminSettingProblem, { problem, expected })),
    keyboard: keyboard([cancel]),
  };
}
