import type { InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton } from 'grammy/types';
import { badRequest } from './errors.ts';
import type { MethodParams } from './method-params.ts';

export const MAX_CALLBACK_DATA_BYTES = 64;

/** What `reply_markup` asked for: an inline keyboard shown on the message, or a change of the chat's reply keyboard. */
export type ReplyMarkupRequest =
  | { kind: 'none' }
  | { kind: 'inline'; markup: InlineKeyboardMarkup }
  | { kind: 'reply_keyboard'; keyboard: KeyboardButton[][] }
  | { kind: 'remove_keyboard' }
  | { kind: 'force_reply' };

const INLINE_ACTIONS = [
  'url',
  'callback_data',
  'web_app',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'copy_text',
  'callback_game',
  'pay',
] as const;

function validateInlineButton(button: unknown): InlineKeyboardButton {
  if (typeof button !== 'object' || button === null) {
    throw badRequest(`can't parse inline keyboard button: InlineKeyboardButton must be an Object`);
  }
  const fields = button as Record<string, unknown>;
  if (typeof fields.text !== 'string') {
    throw badRequest(`can't parse inline keyboard button: Field "text" must be of type String`);
  }
  if (!INLINE_ACTIONS.some((action) => fields[action] !== undefined)) {
    throw badRequest(`can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard`);
  }
  if (fields.callback_data !== undefined) {
    const data = fields.callback_data;
    if (typeof data !== 'string' || Buffer.byteLength(data) > MAX_CALLBACK_DATA_BYTES) {
      throw badRequest('BUTTON_DATA_INVALID');
    }
  }
  return button as InlineKeyboardButton;
}

function validateInlineKeyboard(markup: Record<string, unknown>): InlineKeyboardMarkup {
  const rows = markup.inline_keyboard;
  if (!Array.isArray(rows) || !rows.every((row) => Array.isArray(row))) {
    throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays');
  }
  return { inline_keyboard: rows.map((row: unknown[]) => row.map(validateInlineButton)) };
}

export function readReplyMarkup(params: MethodParams): ReplyMarkupRequest {
  const markup = params.json<Record<string, unknown>>('reply_markup', 'reply keyboard markup JSON object');
  if (markup === undefined) return { kind: 'none' };
  if (typeof markup !== 'object' || markup === null) {
    throw badRequest("can't parse reply keyboard markup JSON object");
  }
  if (markup.inline_keyboard !== undefined) return { kind: 'inline', markup: validateInlineKeyboard(markup) };
  if (Array.isArray(markup.keyboard)) return { kind: 'reply_keyboard', keyboard: markup.keyboard };
  if (markup.remove_keyboard === true) return { kind: 'remove_keyboard' };
  if (markup.force_reply === true) return { kind: 'force_reply' };
  throw badRequest("can't parse reply keyboard markup JSON object");
}

/** Two inline keyboards are the same when their JSON is, which is how "not modified" is decided. */
export function sameInlineMarkup(
  a: InlineKeyboardMarkup | undefined,
  b: InlineKeyboardMarkup | undefined,
): boolean {
  const empty = (m: InlineKeyboardMarkup | undefined) =>
    !m || m.inline_keyboard.every((row) => row.length === 0);
  if (empty(a) && empty(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}
