import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { Package } from '../../domain/packages.ts';
import type { Role } from '../../domain/users.ts';
import {
  adminPageOf,
  chooseVariant,
  contentButtonLabel,
  contentButtons,
  contentDetail,
  contentEmpty,
  contentLine,
  contentList,
  contentMissing,
  type InterestNoticeParams,
  interestNotice,
  interestNoticeButton,
  type Message,
  renderMessage,
} from '../../voice/index.ts';
import { encodeAdmin } from './admin-callback-data.ts';
import { encode } from './callback-data.ts';
import { encodeContent } from './content-callback-data.ts';

/** How many packages a page of the member's list shows (one button each). */
export const CONTENT_PAGE_SIZE = 6;

/** Telegram's limits: a message's text, and a photo's caption (both counted after the HTML is parsed). */
export const TEXT_MAX = 4096;
export const CAPTION_MAX = 1024;

export interface ContentRenderContext {
  /** The variant of each message this person saw last, by message key (so it is not repeated). */
  lastShown?: Map<string, number>;
  random?: () => number;
}

export interface RenderedContent {
  text: string;
  keyboard?: InlineKeyboardMarkup;
  /** Send as a photo with `text` as its caption (which then fits `CAPTION_MAX`). */
  photoFileId?: string;
  /** The variant of each message used, to remember for this person. */
  shown: Map<string, number>;
}

const button = (text: string, callback_data: string): InlineKeyboardButton.CallbackButton => ({
  text,
  callback_data,
});

const keyboard = (...rows: InlineKeyboardButton[][]): InlineKeyboardMarkup => ({
  inline_keyboard: rows.filter((row) => row.length > 0),
});

const mainMenu = button(contentButtons.mainMenu, encode.navigate('home'));
const toList = button(contentButtons.backToList, encodeContent.list(0));

/** Picks a variant once (never the one this person saw last) and renders it, recording which. */
function speaker(context: ContentRenderContext) {
  const shown = new Map<string, number>();
  const choose = <P>(m: Message<P>) => {
    const variant = chooseVariant(m, context.lastShown?.get(m.key), context.random);
    shown.set(m.key, variant);
    return (params: P) =>
      (m.variants[variant] ?? (m.variants[0] as (typeof m.variants)[number])).render(params);
  };
  return { shown, choose };
}

const pageCount = (total: number) => Math.max(1, Math.ceil(total / CONTENT_PAGE_SIZE));

/**
 * The packages a person's role opens to them, one page (`items` as `packagesForRole` read it at
 * `page * CONTENT_PAGE_SIZE`): a line and a button each, ◀ ▶ between pages, the way back home.
 */
export function renderContentList(
  items: Package[],
  page: number,
  total: number,
  role: Role,
  context: ContentRenderContext = {},
): RenderedContent {
  const { shown, choose } = speaker(context);
  if (total === 0 || items.length === 0) {
    return { text: choose(contentEmpty)({ role }), keyboard: keyboard([mainMenu]), shown };
  }
  const pages = pageCount(total);
  const lines = items.map((p) => renderMessage(contentLine, p).text);
  const pageLine = renderMessage(adminPageOf, { page: page + 1, pages }).text;
  const paging = [
    ...(page > 0 ? [button(contentButtons.previous, encodeContent.list(Math.min(page, pages) - 1))] : []),
    ...(page + 1 < pages ? [button(contentButtons.next, encodeContent.list(page + 1))] : []),
  ];
  return {
    text: choose(contentList)({ role, lines, total, pageLine }),
    keyboard: keyboard(
      ...items.map((p) => [button(contentButtonLabel(p), encodeContent.detail(p.id))]),
      paging,
      [mainMenu],
    ),
    shown,
  };
}

/** What Telegram counts of an HTML text: the tags go, each entity is one character. */
export function visibleLength(html: string): number {
  return html.replace(/<[^>]*>/g, '').replace(/&(?:lt|gt|amp|quot);/g, '_').length;
}

/**
 * One package: its name, kind, description and price, "💌 Me interesa" and the way back. With a
 * photo the text is its caption, so a long description is shortened to fit `CAPTION_MAX`.
 * `undefined` (gone or paused since the button was drawn) says so politely.
 */
export function renderPackageDetail(
  pkg: Package | undefined,
  context: ContentRenderContext = {},
): RenderedContent {
  const { shown, choose } = speaker(context);
  if (!pkg) return { text: choose(contentMissing)({}), keyboard: keyboard([toList]), shown };
  const render = choose(contentDetail);
  const photo = pkg.photoFileId ?? undefined;
  const fits = (text: string) =>
    text.length <= TEXT_MAX && (photo === undefined || visibleLength(text) <= CAPTION_MAX);
  const withDescription = (description: string | null) =>
    render({
      name: pkg.name,
      category: pkg.category,
      description,
      price: pkg.price,
      currency: pkg.currency,
    });
  let text = withDescription(pkg.description);
  const chars = [...(pkg.description ?? '')];
  for (let keep = chars.length - 50; !fits(text) && keep > 0; keep -= 50) {
    text = withDescription(`${chars.slice(0, keep).join('').trimEnd()}…`);
  }
  if (!fits(text)) text = withDescription(null);
  return {
    text,
    keyboard: keyboard([button(contentButtons.interested, encodeContent.interest(pkg.id))], [toList]),
    ...(photo === undefined ? {} : { photoFileId: photo }),
    shown,
  };
}

/** The admins' notice of an interest: who, which package, a link to write to them, and ✅ to mark it attended. */
export function renderInterestNotice(params: InterestNoticeParams & { packageId: number }): {
  text: string;
  keyboard: InlineKeyboardMarkup;
} {
  const { packageId, userId } = params;
  return {
    text: renderMessage(interestNotice, params).text,
    keyboard: keyboard([
      button(interestNoticeButton, encodeAdmin({ do: 'interestAttend', userId, packageId })),
    ]),
  };
}
