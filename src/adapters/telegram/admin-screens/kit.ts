import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { AdminAction } from '../../../machines/conversation/admin-actions.ts';
import { ADMIN_PAGE_SIZE } from '../../../machines/conversation/admin-view.ts';
import {
  adminButtons,
  adminListMore,
  adminPageOf,
  type Message,
  renderMessage,
} from '../../../voice/index.ts';
import { encodeAdmin } from '../admin-callback-data.ts';

export interface AdminRenderContext {
  timeZone: string;
  /** Epoch ms. */
  now: number;
  botUsername: string;
}

export interface RenderedAdminView {
  text: string;
  keyboard?: InlineKeyboardMarkup;
  /** A file to send along (a batch of invitation links), with sendDocument. */
  document?: { filename: string; content: string };
}

/** Telegram's limit on a message's text. */
export const MESSAGE_MAX = 4096;

/** Admin messages have a single variant each, so nothing needs remembering per person. */
export const say = <P>(m: Message<P>, params: P): string => renderMessage(m, params).text;

export const button = (text: string, action: AdminAction): InlineKeyboardButton.CallbackButton => ({
  text,
  callback_data: encodeAdmin(action),
});

/** Rows of buttons, empty rows left out (a paging row on a single page, say). */
export const keyboard = (...rows: InlineKeyboardButton[][]): InlineKeyboardMarkup => ({
  inline_keyboard: rows.filter((row) => row.length > 0),
});

/** Buttons in rows of `size`. */
export function inRows<T>(items: T[], size: number): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += size) rows.push(items.slice(i, i + size));
  return rows;
}

export const pageCount = (total: number): number => Math.max(1, Math.ceil(total / ADMIN_PAGE_SIZE));

export const pageLine = (page: number, total: number): string =>
  say(adminPageOf, { page: page + 1, pages: pageCount(total) });

/** ◀ and ▶, each only when there is a page that way. */
export function pagingRow(
  page: number,
  total: number,
  to: (page: number) => AdminAction,
): InlineKeyboardButton[] {
  return [
    ...(page > 0 ? [button(adminButtons.previous, to(page - 1))] : []),
    ...(page + 1 < pageCount(total) ? [button(adminButtons.next, to(page + 1))] : []),
  ];
}

/** The list with as many of its lines as fit in one message; the rest are counted, not cut mid-tag. */
export function fitLines(render: (lines: string[]) => string, lines: string[]): string {
  let text = render(lines);
  for (let shown = lines.length - 1; text.length > MESSAGE_MAX && shown >= 0; shown--) {
    text = render([...lines.slice(0, shown), say(adminListMore, { more: lines.length - shown })]);
  }
  return text;
}
