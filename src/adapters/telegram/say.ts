import type { InlineKeyboardMarkup } from 'grammy/types';
import type { BotConfig } from '../../domain/bot-config.ts';
import { socialProfileUrl } from '../../domain/settings-input.ts';
import {
  freeApproved,
  freeButtons,
  freeDuplicate,
  freeWelcome,
  interestThanks,
  type Message,
  ritualStep1,
  ritualStep2,
  ritualStep3,
  vipButtons,
  vipExpired,
  vipExtended,
  vipFreshLinkTooSoon,
  vipInviteFailed,
  vipInviteLink,
  vipMenuButtons,
  vipRedeemed,
  vipReminder,
  vipRenewed,
  vipRevoked,
} from '../../voice/index.ts';
import { encode } from './callback-data.ts';

/** Values a machine passes with `telegram.say`: times are epoch ms. */
export type SayValues = Record<string, string | number | null | undefined>;

interface SayContext {
  timeZone: string;
  now: number;
}

interface Saying {
  message: Message<never>;
  params: (values: SayValues, context: SayContext) => unknown;
}

const num = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? 0));
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const dated = (v: SayValues, c: SayContext) => ({ expiresAt: num(v.expiresAt), timeZone: c.timeZone });
const none = () => ({});

const saying = <P>(message: Message<P>, params: (values: SayValues, context: SayContext) => P): Saying => ({
  message: message as unknown as Message<never>,
  params,
});

/** Every message a machine may ask for by key, and how its values become the message's params. */
export const sayings: Record<string, Saying> = {
  'vip.redeemed': saying(vipRedeemed, (v, c) => ({
    ...dated(v, c),
    planName: str(v.planName),
    days: num(v.days),
  })),
  'vip.ritual.step1': saying(ritualStep1, none),
  'vip.ritual.step2': saying(ritualStep2, none),
  'vip.ritual.step3': saying(ritualStep3, none),
  'vip.inviteLink': saying(vipInviteLink, dated),
  'vip.inviteFailed': saying(vipInviteFailed, none),
  'vip.reminder': saying(vipReminder, (v, c) => ({ ...dated(v, c), now: c.now })),
  'vip.expired': saying(vipExpired, none),
  'vip.renewed': saying(vipRenewed, (v, c) => ({ ...dated(v, c), days: num(v.days) })),
  'vip.extended': saying(vipExtended, (v, c) => ({ ...dated(v, c), days: num(v.days) })),
  'vip.revoked': saying(vipRevoked, none),
  'vip.freshLinkTooSoon': saying(vipFreshLinkTooSoon, (v, c) => ({ retryAt: num(v.retryAt), now: c.now })),
  'content.interestThanks': saying(interestThanks, none),
  'free.welcome': saying(freeWelcome, (v) => ({ waitMinutes: num(v.waitMinutes) })),
  'free.approved': saying(freeApproved, none),
  'free.duplicate': saying(freeDuplicate, (v, c) => ({ retryAt: num(v.retryAt), now: c.now })),
};

const url = (text: string, link: string) => [{ text, url: link }];

/** Buttons to the creator's profiles, the ones that are configured. */
function socialButtons(settings: BotConfig): InlineKeyboardMarkup | undefined {
  const rows = [
    settings.socialInstagram &&
      url(freeButtons.instagram, socialProfileUrl('instagram', settings.socialInstagram)),
    settings.socialTiktok && url(freeButtons.tiktok, socialProfileUrl('tiktok', settings.socialTiktok)),
    settings.socialX && url(freeButtons.x, socialProfileUrl('x', settings.socialX)),
  ].filter((row) => Array.isArray(row));
  return rows.length > 0 ? { inline_keyboard: rows } : undefined;
}

/** Keyboards a machine may ask for by key; some are drawn from the bot's settings. */
export const keyboards: Record<
  string,
  (values: SayValues, settings: BotConfig) => InlineKeyboardMarkup | undefined
> = {
  'free.socials': (_v, settings) => socialButtons(settings),
  'free.enter': (_v, settings) =>
    settings.freeInviteLink
      ? { inline_keyboard: [url(freeButtons.enter, settings.freeInviteLink)] }
      : undefined,
  'ritual.step1': () => ({
    inline_keyboard: [[{ text: vipButtons.ritual1, callback_data: encode.ritual(1) }]],
  }),
  'ritual.step2': () => ({
    inline_keyboard: [[{ text: vipButtons.ritual2, callback_data: encode.ritual(2) }]],
  }),
  'ritual.step3': () => ({
    inline_keyboard: [[{ text: vipButtons.ritual3, callback_data: encode.ritual(3) }]],
  }),
  'vip.join': (v) =>
    str(v.inviteLink)
      ? { inline_keyboard: [[{ text: vipButtons.join, url: str(v.inviteLink) }]] }
      : undefined,
  'vip.freshLink': () => ({
    inline_keyboard: [[{ text: vipMenuButtons.freshLink, callback_data: encode.freshLink() }]],
  }),
};
