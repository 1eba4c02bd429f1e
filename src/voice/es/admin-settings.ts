import type { ChannelRole, SettingField } from '../../machines/conversation/admin-view.ts';
import { escapeHtml, spoken } from '../html.ts';
import { fixed } from '../message.ts';
import { type Expected, expectedPhrase, minutes, problemSentence } from './admin-common.ts';

/** A channel as the settings know it: `title` when Telegram told us, the id when only that is stored. */
export interface ChannelFacts {
  id: number | null;
  title: string | null;
}

/** A social profile of Diana: the handle as stored (without "@") and the link to it. */
export interface SocialFacts {
  handle: string;
  url: string;
}

export type SocialField = Extract<SettingField, 'instagram' | 'tiktok' | 'x'>;

export interface SettingsFacts {
  vip: ChannelFacts;
  free: ChannelFacts & { inviteLink: string | null };
  social: Record<SocialField, SocialFacts | null>;
  waitMinutes: number;
  antiSpamMinutes: number;
  vipReactions: string[];
  freeReactions: string[];
}

const sampleSettings: SettingsFacts = {
  vip: { id: -1001234567890, title: 'El Diván <de Diana>' },
  free: { id: -1009876543210, title: null, inviteLink: 'https://t.me/+AbCdEf123' },
  social: {
    instagram: { handle: 'diana', url: 'https://www.instagram.com/diana' },
    tiktok: null,
    x: { handle: 'diana_x', url: 'https://x.com/diana_x' },
  },
  waitMinutes: 5,
  antiSpamMinutes: 0,
  vipReactions: ['❤️', '🔥'],
  freeReactions: [],
};

const roleIcon: Record<ChannelRole, string> = { vip: '👑', free: '🌸' };
const roleName: Record<ChannelRole, string> = { vip: 'el Diván', free: 'el vestíbulo' };
const roleTitle: Record<ChannelRole, string> = { vip: 'Canal del Diván', free: 'Canal del vestíbulo' };

/** "<b>Title</b>", "el canal -100…" or "sin configurar". */
export function channelWords(c: ChannelFacts): string {
  if (c.title) return `<b>${escapeHtml(c.title)}</b>`;
  if (c.id !== null) return `el canal ${c.id}`;
  return '<i>sin configurar</i>';
}

const socialNames: Record<SocialField, string> = { instagram: '📸 Instagram', tiktok: '🎵 TikTok', x: '𝕏 X' };

const socialLine = (field: SocialField, s: SocialFacts | null): string =>
  `${socialNames[field]}: ${s ? `<a href="${escapeHtml(s.url)}">@${escapeHtml(s.handle)}</a>` : '<i>sin anotar</i>'}`;

export const reactionWords = (emoji: string[]): string =>
  emoji.length > 0 ? escapeHtml(emoji.join(' ')) : '<i>ninguna</i>';

const waitWords = (n: number): string => (n === 0 ? 'ninguna, abro la puerta al instante' : minutes(n));
const antiSpamWords = (n: number): string =>
  n === 0 ? 'sin plazo' : `${minutes(n)} entre dos solicitudes de una misma persona`;

export const adminSettings = fixed('admin.settings', sampleSettings, (p: SettingsFacts) =>
  spoken(
    '⚙️ <b>La calibración del reino</b>',
    '',
    '<b>Canales</b>',
    `👑 Diván: ${channelWords(p.vip)}`,
    `🌸 Vestíbulo: ${channelWords(p.free)}`,
    ...(p.free.id === null
      ? []
      : [
          `Enlace de solicitud: ${p.free.inviteLink ? escapeHtml(p.free.inviteLink) : '<i>aún sin preparar</i>'}`,
        ]),
    '',
    '<b>Los perfiles de Diana</b>',
    socialLine('instagram', p.social.instagram),
    socialLine('tiktok', p.social.tiktok),
    socialLine('x', p.social.x),
    '',
    '<b>La puerta del vestíbulo</b>',
    `⏳ Espera: ${waitWords(p.waitMinutes)}`,
    `🛡 Antispam: ${antiSpamWords(p.antiSpamMinutes)}`,
    '',
    '<b>Reacciones de las publicaciones</b>',
    `👑 Diván: ${reactionWords(p.vipReactions)}`,
    `🌸 Vestíbulo: ${reactionWords(p.freeReactions)}`,
    '',
    '¿Qué desea ajustar?',
  ),
);

const setupRights: Record<ChannelRole, string> = {
  vip: 'Añádame al canal como administrador, con permiso para invitar usuarios mediante enlace y para publicar mensajes.',
  free: 'Añádame al canal como administrador, con permiso para invitar usuarios mediante enlace y, si es un canal, para publicar mensajes.',
};

const setupPurpose: Record<ChannelRole, string> = {
  vip: 'Con esos permisos preparo las llaves personales del Diván y publico en él cuando usted me lo pida.',
  free: 'Con esos permisos preparo el enlace con solicitud de ingreso del vestíbulo, abro la puerta a quien la pida y publico en él cuando usted me lo pida.',
};

/** Waiting for a forwarded post from the channel. */
export const adminChannelSetup = fixed(
  'admin.channel.setup',
  { role: 'free' as ChannelRole, current: { id: -1001234567890, title: 'Jardín <público>' } as ChannelFacts },
  (p: { role: ChannelRole; current: ChannelFacts }) =>
    spoken(
      `${roleIcon[p.role]} <b>${roleTitle[p.role]}</b>`,
      ...(p.current.id === null
        ? []
        : [`Ahora mismo: ${channelWords(p.current)}. El nuevo ocupará su lugar.`]),
      '',
      `1. ${setupRights[p.role]}`,
      '2. Reenvíeme aquí cualquier publicación de ese canal.',
      '',
      `${setupPurpose[p.role]} Comprobaré todo en cuanto llegue el reenvío.`,
    ),
);

/** The channel was checked and every right is there. */
export const adminChannelReady = fixed(
  'admin.channel.ready',
  { role: 'free' as ChannelRole, title: 'Jardín <público>' as string | null },
  (p: { role: ChannelRole; title: string | null }) =>
    spoken(
      `✅ ${p.title ? `<b>${escapeHtml(p.title)}</b>` : 'El canal'} queda a mi cargo como ${roleName[p.role]}.`,
      '',
      p.role === 'free'
        ? '🌸 El enlace con solicitud de ingreso está listo: quien lo abra pedirá entrar, y yo le abriré la puerta cuando termine la espera fijada. Lo encontrará en la calibración del reino.'
        : '👑 Desde ahora preparo allí las llaves personales del Diván y publico lo que usted me confíe.',
    ),
);

const missingWords: Record<string, string> = {
  not_admin:
    '• No soy administrador de ese canal. Ábralo, entre en Administradores → Añadir administrador y elíjame.',
  can_invite_users:
    '• Me falta el permiso «Invitar usuarios mediante enlace». Actívelo en mis permisos de administrador del canal.',
  can_post_messages:
    '• Me falta el permiso «Publicar mensajes». Actívelo en mis permisos de administrador del canal.',
  not_a_channel:
    '• Lo que me reenvió no procede de un canal. Reenvíeme una publicación del propio canal, no un mensaje de una persona ni de un grupo.',
  unreachable:
    '• No consigo llegar hasta ese canal: quizá me retiraron de él o ya no existe. Añádame de nuevo como administrador.',
};

const missingLine = (code: string): string =>
  missingWords[code] ?? '• Algo más me impide hacerme cargo del canal; revise mis permisos de administrador.';

/** The channel was checked and something is missing: each item and how to fix it. */
export const adminChannelProblem = fixed(
  'admin.channel.problem',
  {
    role: 'vip' as ChannelRole,
    title: 'El Diván <de Diana>' as string | null,
    missing: ['not_admin', 'can_invite_users', 'can_post_messages', 'not_a_channel', 'unreachable', 'other'],
  },
  (p: { role: ChannelRole; title: string | null; missing: string[] }) =>
    spoken(
      `⚠️ Aún no puedo hacerme cargo de ${p.title ? `<b>${escapeHtml(p.title)}</b>` : 'ese canal'} como ${roleName[p.role]}…`,
      '',
      ...(p.missing.length > 0 ? p.missing.map(missingLine) : [missingLine('other')]),
      '',
      'Cuando lo haya corregido, reenvíeme de nuevo una publicación del canal y lo compruebo al instante.',
    ),
);

const fieldTitles: Record<SettingField, string> = {
  instagram: '📸 <b>El Instagram de Diana</b>',
  tiktok: '🎵 <b>El TikTok de Diana</b>',
  x: '𝕏 <b>La cuenta de X de Diana</b>',
  waitMinutes: '⏳ <b>La espera del vestíbulo</b>',
  antiSpamMinutes: '🛡 <b>El antispam del vestíbulo</b>',
  vipReactions: '👑 <b>Las reacciones del Diván</b>',
  freeReactions: '🌸 <b>Las reacciones del vestíbulo</b>',
};

const fieldHints: Record<SettingField, string> = {
  instagram: 'Lo ofrezco como botón a quien pide entrar al vestíbulo.',
  tiktok: 'Lo ofrezco como botón a quien pide entrar al vestíbulo.',
  x: 'La ofrezco como botón a quien pide entrar al vestíbulo.',
  waitMinutes:
    'Es el tiempo que dejo pasar entre una solicitud de ingreso al vestíbulo y el momento en que abro la puerta. Con 0, la abro al instante.',
  antiSpamMinutes:
    'Si alguien repite su solicitud antes de que pase este plazo, solo le pido paciencia. Con 0, no aplico ningún plazo.',
  vipReactions: 'Son los botones de reacción que acompañan a las publicaciones del Diván.',
  freeReactions: 'Son los botones de reacción que acompañan a las publicaciones del vestíbulo.',
};

/**
 * The prompt of one setting: the value it has now (plain text, escaped here; null when unset,
 * undefined when it could not be read) and what is accepted.
 */
export const adminSettingEdit = fixed(
  'admin.setting.edit',
  {
    field: 'instagram' as SettingField,
    current: '@diana <b>' as string | null | undefined,
    expected: { kind: 'handle' } as Expected,
  },
  (p: { field: SettingField; current: string | null | undefined; expected: Expected }) =>
    spoken(
      fieldTitles[p.field],
      '',
      ...(p.current === undefined
        ? []
        : [`Valor actual: ${p.current === null ? '<i>sin anotar</i>' : `<b>${escapeHtml(p.current)}</b>`}`]),
      fieldHints[p.field],
      '',
      `Escriba ${expectedPhrase(p.expected)}.`,
    ),
);

/** What was wrong with a typed setting, placed under the header of the prompt that asks again. */
export const adminSettingProblem = fixed(
  'admin.setting.problem',
  { problem: 'bad_handle' as string, expected: { kind: 'handle' } as Expected },
  (p: { problem: string; expected: Expected }) =>
    `⚠️ ${problemSentence(p.problem)} Le ruego que escriba ${expectedPhrase(p.expected)}.`,
);

export const adminSettingsUnread = fixed(
  'admin.settings.unread',
  {},
  () =>
    '⚙️ No consigo leer la calibración del reino en este momento… Le ruego que vuelva a intentarlo en unos instantes.',
);

export const adminSettingsButtons = {
  vipChannel: '👑 Canal VIP',
  freeChannel: '🌸 Canal gratuito',
  instagram: '📸 Instagram',
  tiktok: '🎵 TikTok',
  x: '𝕏 X',
  waitMinutes: '⏳ Espera',
  antiSpamMinutes: '🛡 Antispam',
  vipReactions: '👑 Reacciones VIP',
  freeReactions: '🌸 Reacciones vestíbulo',
  backToSettings: '⬅️ Calibración',
} as const;
