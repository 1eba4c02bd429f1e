import type { InlineKeyboardButton, Message } from 'grammy/types';
import { type CallbackAction, parseCallbackData } from '../../src/adapters/telegram/callback-data.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';

const WAIT_MS = 10_000;

/**
 * A person's side of the chat with the bot, as a Telegram client would drive it: type, press
 * the button that means something (found by what its callback data decodes to), read replies.
 */
export class ChatDriver {
  constructor(
    readonly sandbox: Sandbox,
    readonly userId: number,
  ) {}

  botMessages(): Message[] {
    return this.sandbox.messages(this.userId).filter((m) => m.from?.id === this.sandbox.bot.id);
  }

  last(): Message | undefined {
    return this.botMessages().at(-1);
  }

  /** Sends text (or a command) and waits for the bot to send or edit something matching. */
  async say(text: string, until: (m: Message) => boolean = () => true): Promise<Message> {
    const reply = this.sandbox.waitForMessage(this.userId, until, WAIT_MS);
    if (text.startsWith('/start ')) this.sandbox.start(this.userId, text.slice(7));
    else this.sandbox.sendText(this.userId, text);
    return reply;
  }

  /** Presses the newest button whose action matches, and waits for what the bot shows next. */
  async press(
    match: (action: CallbackAction) => boolean,
    until: (m: Message) => boolean = () => true,
  ): Promise<Message> {
    const found = this.findButton(match);
    if (!found) throw new Error(`no such button among: ${this.describeButtons()}`);
    const reply = this.sandbox.waitForMessage(this.userId, until, WAIT_MS);
    this.sandbox.pressButton(this.userId, found.message.message_id, found.data);
    return reply;
  }

  /** The url of the newest url button whose label contains `label`. */
  urlButton(label: string): string | undefined {
    for (const message of [...this.botMessages()].reverse()) {
      for (const b of message.reply_markup?.inline_keyboard.flat() ?? []) {
        if ('url' in b && b.url && b.text.includes(label)) return b.url;
      }
    }
    return undefined;
  }

  findButton(match: (action: CallbackAction) => boolean): { message: Message; data: string } | undefined {
    for (const message of [...this.botMessages()].reverse()) {
      for (const b of message.reply_markup?.inline_keyboard.flat() ?? []) {
        const data = (b as InlineKeyboardButton.CallbackButton).callback_data;
        const action = data ? parseCallbackData(data) : undefined;
        if (data && action && match(action)) return { message, data };
      }
    }
    return undefined;
  }

  describeButtons(): string {
    const buttons = this.last()?.reply_markup?.inline_keyboard.flat() ?? [];
    return buttons
      .map((b) => `${b.text} [${(b as InlineKeyboardButton.CallbackButton).callback_data ?? ''}]`)
      .join(', ');
  }
}

/** Matchers for the buttons journeys press. */
export const admin =
  (verb: string, extra: (a: Record<string, unknown>) => boolean = () => true) =>
  (action: CallbackAction) =>
    action.kind === 'admin' && action.action.do === verb && extra(action.action as Record<string, unknown>);
export const ritual = (step: number) => (action: CallbackAction) =>
  action.kind === 'ritual' && action.step === step;

/** Polls an asynchronous condition (a database read) until it holds, or fails after `ms`. */
export async function eventually(
  check: () => Promise<boolean>,
  ms = 10_000,
  what = 'condition',
): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
