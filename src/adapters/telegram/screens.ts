import type { InlineKeyboardMarkup } from 'grammy/types';
import type { GreetingKind, MenuScreen } from '../../machines/conversation.ts';
import {
  aboutDiana,
  aboutLucien,
  buttons,
  greetingCustodian,
  greetingNewcomer,
  greetingReturning,
  helpGuide,
  homeBody,
  type Message,
  type PartOfDay,
  renderMessage,
  spoken,
  textNotUnderstood,
} from '../../voice/index.ts';
import { encodeNavigate } from './callback-data.ts';

export interface ScreenInput {
  screen: MenuScreen | 'notUnderstood';
  firstName: string;
  greeting: GreetingKind;
  partOfDay: PartOfDay;
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

const back: InlineKeyboardMarkup = {
  inline_keyboard: [[{ text: buttons.back, callback_data: encodeNavigate('home') }]],
};

const homeKeyboard: InlineKeyboardMarkup = {
  inline_keyboard: [
    [{ text: buttons.aboutDiana, callback_data: encodeNavigate('about') }],
    [{ text: buttons.aboutLucien, callback_data: encodeNavigate('lucien') }],
    [{ text: buttons.help, callback_data: encodeNavigate('help') }],
  ],
};

/** The keys of the varied messages a screen uses, so their last variants are read in one query. */
export function messageKeysOf(input: Pick<ScreenInput, 'screen' | 'greeting'>): string[] {
  switch (input.screen) {
    case 'home':
      return [greetings[input.greeting].key, homeBody.key];
    case 'notUnderstood':
      return [textNotUnderstood.key];
    default:
      return [];
  }
}

/** Draws a screen of the main menu from the voice catalogue. */
export function renderScreen(input: ScreenInput, lastShown: Map<string, number>): RenderedScreen {
  const shown = new Map<string, number>();
  const say = <P>(m: Message<P>, params: P) => {
    const { text, variant } = renderMessage(m, params, lastShown.get(m.key));
    shown.set(m.key, variant);
    return text;
  };
  switch (input.screen) {
    case 'home': {
      const greeting = say(greetings[input.greeting], { name: input.firstName, partOfDay: input.partOfDay });
      return { text: spoken(greeting, '', say(homeBody, {})), keyboard: homeKeyboard, shown };
    }
    case 'about':
      return { text: say(aboutDiana, {}), keyboard: back, shown };
    case 'lucien':
      return { text: say(aboutLucien, {}), keyboard: back, shown };
    case 'help':
      return { text: say(helpGuide, {}), keyboard: back, shown };
    case 'notUnderstood':
      return { text: say(textNotUnderstood, {}), shown };
  }
}
