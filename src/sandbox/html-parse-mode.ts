import type { MessageEntity } from 'grammy/types';

/**
 * Telegram's `parse_mode: "HTML"`, following TDLib's parser (which the Bot API server runs):
 * the same supported tags, the same lenient attribute and entity rules, and the same error
 * texts with UTF-8 byte offsets, so a bot that breaks its markup here breaks it the same way
 * in production.
 */

export class HtmlParseError extends Error {}

export interface ParsedText {
  text: string;
  entities: MessageEntity[];
}

const SUPPORTED_TAGS = new Set([
  'a',
  'b',
  'strong',
  'i',
  'em',
  's',
  'strike',
  'del',
  'u',
  'ins',
  'tg-spoiler',
  'tg-emoji',
  'span',
  'pre',
  'code',
  'blockquote',
]);

const SIMPLE_ENTITY_TYPES: Record<string, MessageEntity['type']> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  u: 'underline',
  ins: 'underline',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
  code: 'code',
};

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

interface OpenTag {
  tag: string;
  attributes: Map<string, string>;
  offset: number;
  language?: string;
}

const isSpace = (ch: string | undefined): boolean =>
  ch === undefined || ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n' || ch === '\v';

/** Decodes `&lt;`, `&#60;`, `&#x3c;` (the `;` is optional, as in TDLib); unknown ones stay literal. */
function decodeEntity(html: string, start: number): { value: string; next: number } | undefined {
  let i = start + 1;
  let code: number;
  if (html[i] === '#') {
    i++;
    const hex = html[i] === 'x' || html[i] === 'X';
    if (hex) i++;
    const digitsStart = i;
    while (i < html.length && (hex ? /[0-9a-fA-F]/ : /[0-9]/).test(html[i] as string)) i++;
    if (i === digitsStart || i - digitsStart > 8) return undefined;
    code = Number.parseInt(html.slice(digitsStart, i), hex ? 16 : 10);
    if (code === 0 || code > 0x10ffff) return undefined;
    if (code >= 0xd800 && code <= 0xdfff) {
      throw new HtmlParseError(
        'Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units',
      );
    }
  } else {
    const nameStart = i;
    while (i < html.length && /[a-zA-Z]/.test(html[i] as string)) i++;
    const named = NAMED_ENTITIES[html.slice(nameStart, i)];
    if (named === undefined) return undefined;
    code = named.codePointAt(0) as number;
  }
  if (html[i] === ';') i++;
  return { value: String.fromCodePoint(code), next: i };
}

function normalizeUrl(raw: string): string | undefined {
  const candidate = /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(raw) ? raw : `http://${raw}`;
  try {
    const url = new URL(candidate);
    if (!['http:', 'https:', 'tg:', 'ton:'].includes(url.protocol)) return undefined;
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !url.hostname.includes('.'))
      return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

export function parseHtml(html: string): ParsedText {
  const byteOffset = (index: number): number => Buffer.byteLength(html.slice(0, index));
  const fail = (message: string): never => {
    throw new HtmlParseError(message);
  };
  let text = '';
  const entities: MessageEntity[] = [];
  const stack: OpenTag[] = [];
  let i = 0;
  while (i < html.length) {
    const ch = html[i];
    if (ch === '&') {
      const decoded = decodeEntity(html, i);
      if (decoded) {
        text += decoded.value;
        i = decoded.next;
        continue;
      }
    }
    if (ch !== '<') {
      text += ch;
      i++;
      continue;
    }
    const begin = i;
    i++;
    if (html[i] !== '/') {
      const nameStart = i;
      while (i < html.length && !isSpace(html[i]) && html[i] !== '>') i++;
      if (i >= html.length) fail(`Unclosed start tag at byte offset ${byteOffset(begin)}`);
      const tag = html.slice(nameStart, i).toLowerCase();
      if (!SUPPORTED_TAGS.has(tag))
        fail(`Unsupported start tag "${tag}" at byte offset ${byteOffset(begin)}`);
      const attributes = new Map<string, string>();
      while (html[i] !== '>') {
        while (i < html.length && isSpace(html[i])) i++;
        if (i >= html.length) fail(`Unclosed start tag at byte offset ${byteOffset(begin)}`);
        if (html[i] === '>') break;
        const attributeStart = i;
        while (i < html.length && !isSpace(html[i]) && html[i] !== '=' && html[i] !== '>') i++;
        const attribute = html.slice(attributeStart, i).toLowerCase();
        if (attribute === '')
          fail(`Empty attribute name in the tag "${tag}" at byte offset ${byteOffset(begin)}`);
        while (i < html.length && isSpace(html[i])) i++;
        if (html[i] !== '=') {
          attributes.set(attribute, '');
          continue;
        }
        i++;
        while (i < html.length && isSpace(html[i])) i++;
        if (i >= html.length) fail(`Unclosed start tag "${tag}" at byte offset ${byteOffset(begin)}`);
        let value = '';
        const quote = html[i];
        if (quote === '"' || quote === "'") {
          i++;
          while (i < html.length && html[i] !== quote) {
            const decoded = html[i] === '&' ? decodeEntity(html, i) : undefined;
            if (decoded) {
              value += decoded.value;
              i = decoded.next;
            } else {
              value += html[i];
              i++;
            }
          }
          if (i < html.length) i++;
        } else {
          const tokenStart = i;
          while (i < html.length && /[a-zA-Z0-9.-]/.test(html[i] as string)) i++;
          value = html.slice(tokenStart, i).toLowerCase();
          if (i < html.length && !isSpace(html[i]) && html[i] !== '>') {
            fail(`Unexpected end of name token at byte offset ${byteOffset(tokenStart)}`);
          }
        }
        if (i >= html.length) fail(`Unclosed start tag at byte offset ${byteOffset(begin)}`);
        attributes.set(attribute, value);
      }
      i++;
      if (tag === 'span' && attributes.get('class') !== 'tg-spoiler') {
        fail(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(begin)}`);
      }
      stack.push({ tag, attributes, offset: text.length });
      continue;
    }
    if (stack.length === 0) fail(`Unexpected end tag at byte offset ${byteOffset(begin)}`);
    i++;
    const nameStart = i;
    while (i < html.length && !isSpace(html[i]) && html[i] !== '>') i++;
    const endTag = html.slice(nameStart, i).toLowerCase();
    while (i < html.length && isSpace(html[i])) i++;
    if (html[i] !== '>') fail(`Unclosed end tag at byte offset ${byteOffset(begin)}`);
    i++;
    const open = stack.pop() as OpenTag;
    if (endTag !== '' && endTag !== open.tag) {
      fail(
        `Unmatched end tag at byte offset ${byteOffset(begin)}, expected "</${open.tag}>", found "</${endTag}>"`,
      );
    }
    closeTag(open, text, stack, entities);
  }
  const unclosed = stack.at(-1);
  if (unclosed) throw new HtmlParseError(`Can't find end tag corresponding to start tag "${unclosed.tag}"`);
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text, entities };
}

function closeTag(open: OpenTag, text: string, stack: OpenTag[], entities: MessageEntity[]): void {
  const offset = open.offset;
  const length = text.length - offset;
  if (length === 0) return;
  const parent = stack.at(-1);
  const classLanguage = open.attributes.get('class')?.match(/^language-(.+)$/)?.[1];
  if (open.tag === 'code' && classLanguage && parent?.tag === 'pre' && parent.offset === offset) {
    // <pre><code class="language-x"> is one pre entity with a language, as in TDLib.
    parent.language = classLanguage;
    return;
  }
  if (open.tag === 'pre') {
    entities.push(
      open.language
        ? { type: 'pre', offset, length, language: open.language }
        : { type: 'pre', offset, length },
    );
    return;
  }
  if (open.tag === 'a') {
    const href = open.attributes.get('href') ?? text.slice(offset);
    const url = normalizeUrl(href);
    if (url) entities.push({ type: 'text_link', offset, length, url });
    return;
  }
  if (open.tag === 'blockquote') {
    const type = open.attributes.has('expandable') ? 'expandable_blockquote' : 'blockquote';
    entities.push({ type, offset, length });
    return;
  }
  if (open.tag === 'tg-emoji') {
    const id = open.attributes.get('emoji-id');
    if (id) entities.push({ type: 'custom_emoji', offset, length, custom_emoji_id: id });
    return;
  }
  const type = SIMPLE_ENTITY_TYPES[open.tag];
  if (type) entities.push({ type, offset, length } as MessageEntity);
}
