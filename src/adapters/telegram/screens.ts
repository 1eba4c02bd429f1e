import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Membership } from '../../domain/memberships.ts';
import type { GreetingKind, InvitationRefusal, ShowScreenParams } from '../../machines/conversation.ts';
import {
  aboutDiana,
  aboutLucien,
  buttons,
  greetingCustodian,
  greetingNewcomer,
  greetingReturning,
  helpGuide,
  homeBody,
  invitationExpired,
  invitationForCustodian,
  invitationPlanInactive,
  invitationRevoked,
  invitationUnknown,
  invitationUsed,
  type Message,
  type PartOfDay,
  renderMessage,
  spoken,
  textNotUnderstood,
  vipMenuButtons,
  vipStatusActive,
  vipStatusNone,
  vipStatusRitual,
} from '../../voice/index.ts';
import { encodeAdmin } from './admin-callback-data.ts';
import { encode } from './callback-data.ts';
import { encodeContent } from './content-callback-data.ts';

/** What a screen shows beyond the params: read from the domain just before drawing. */
export interface ScreenData {
  partOfDay: PartOfDay;
  now: number;
  timeZone: string;
  membership?: (Membership & { planName: string | null }) | undefined;
  invitation?:
    | {
        planName: string;
        days: number;
        state: 'available' | 'used' | 'expired' | 'revoked';
        expiresAt: number;
      }
    | undefined;
}

export interface RenderedScreen {
  text: string;
  keyboard?: InlineKeyboardMarkup;
  /** The variant of each message used, to remember for this person. */
  shown: Map<string, number>;
}

const greetings: Record<GreetingKind, typeof greetingNewcomer> = {
  newcomer: greetingNewcomer,
  returning: greetingReturning,
  custodian: greetingCustodian,
};

const refusals: Record<InvitationRefusal, Message<Record<string, never>>> = {
  used: invitationUsed,
  expired: invitationExpired,
  revoked: invitationRevoked,
  unknown: invitationUnknown,
  plan_inactive: invitationPlanInactive,
};

const back: InlineKeyboardMarkup = {
  inline_keyboard: [[{ text: buttons.back, callback_data: encode.navigate('home') }]],
};

/** The main menu; admins also get the door to the custodian's screens. */
function homeKeyboard(custodian: boolean): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      ...(custodian ? [[{ text: buttons.custodian, callback_data: encodeAdmin({ do: 'home' }) }]] : []),
      [{ text: vipMenuButtons.menu, callback_data: encode.navigate('vip') }],
      [{ text: buttons.showcase, callback_data: encodeContent.list(0) }],
      [{ text: buttons.aboutDiana, callback_data: encode.navigate('about') }],
      [{ text: buttons.aboutLucien, callback_data: encode.navigate('lucien') }],
      [{ text: buttons.help, callback_data: encode.navigate('help') }],
    ],
  };
}

/** The keys of the varied messages a screen uses, so their last variants are read in one query. */
export function messageKeysOf(params: Pick<ShowScreenParams, 'screen' | 'greeting' | 'detail'>): string[] {
  switch (params.screen) {
    case 'home':
      return [greetings[params.greeting ?? 'returning'].key, homeBody.key];
    case 'notUnderstood':
      return [textNotUnderstood.key];
    case 'invitationRejected':
      return [refusals[params.detail as InvitationRefusal]?.key ?? invitationUnknown.key];
    default:
      return [];
  }
}

/** Draws a screen from the voice catalogue. Pure: every fact it shows comes in `data`. */
export function renderScreen(
  params: ShowScreenParams,
  data: ScreenData,
  lastShown: Map<string, number>,
): RenderedScreen {
  const shown = new Map<string, number>();
  const say = <P>(m: Message<P>, p: P) => {
    const { text, variant } = renderMessage(m, p, lastShown.get(m.key));
    shown.set(m.key, variant);
    return text;
  };
  switch (params.screen) {
    case 'home': {
      const greeting = say(greetings[params.greeting ?? 'returning'], {
        name: params.firstName,
        partOfDay: data.partOfDay,
      });
      const keyboard = homeKeyboard(params.greeting === 'custodian');
      return { text: spoken(greeting, '', say(homeBody, {})), keyboard, shown };
    }
    case 'about':
      return { text: say(aboutDiana, {}), keyboard: back, shown };
    case 'lucien':
      return { text: say(aboutLucien, {}), keyboard: back, shown };
    case 'help':
      return { text: say(helpGuide, {}), keyboard: back, shown };
    case 'vip':
      return renderVipScreen(data, say, shown);
    case 'notUnderstood':
      return { text: say(textNotUnderstood, {}), shown };
    case 'invitationRejected':
      return { text: say(refusals[params.detail as InvitationRefusal] ?? invitationUnknown, {}), shown };
    case 'invitationInfo':
      return {
        text: data.invitation
          ? say(invitationForCustodian, { ...data.invitation, timeZone: data.timeZone })
          : say(invitationUnknown, {}),
        shown,
      };
    case 'admin':
    case 'content':
    case 'package':
      throw new Error(`${params.screen} screens are drawn by their own renderers`);
  }
}

function renderVipScreen(
  data: ScreenData,
  say: <P>(m: Message<P>, p: P) => string,
  shown: Map<string, number>,
): RenderedScreen {
  const m = data.membership;
  if (m?.status === 'active') {
    const text = say(vipStatusActive, {
      planName: m.planName,
      expiresAt: m.expiresAt.getTime(),
      now: data.now,
      timeZone: data.timeZone,
    });
    const keyboard: InlineKeyboardMarkup = {
      inline_keyboard: [
        [{ text: vipMenuButtons.freshLink, callback_data: encode.freshLink() }],
        [{ text: buttons.back, callback_data: encode.navigate('home') }],
      ],
    };
    return { text, keyboard, shown };
  }
  if (m?.status === 'ritual') return { text: say(vipStatusRitual, {}), keyboard: back, shown };
  return { text: say(vipStatusNone, {}), keyboard: back, shown };
}
