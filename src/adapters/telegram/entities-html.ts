import type { MessageEntity } from 'grammy/types';
import { escapeHtml } from '../../voice/index.ts';

/** The HTML tags of the entities a post may keep (the rest become plain text). */
function tags(entity: MessageEntity): [string, string] | undefined {
  switch (entity.type) {
    case 'bold':
      return ['<b>', '</b>'];
    case 'italic':
      return ['<i>', '</i>'];
    case 'underline':
      return ['<u>', '</u>'];
    case 'strikethrough':
      return ['<s>', '</s>'];
    case 'spoiler':
      return ['<tg-spoiler>', '</tg-spoiler>'];
    case 'code':
      return ['<code>', '</code>'];
    case 'pre':
      return ['<pre>', '</pre>'];
    case 'blockquote':
      return ['<blockquote>', '</blockquote>'];
    case 'text_link':
      return [`<a href="${escapeHtml(entity.url)}">`, '</a>'];
    default:
      return undefined;
  }
}

/**
 * A message's text with its formatting as Telegram HTML, so a post keeps the bold and links
 * the admin wrote. Offsets are in UTF-16 code units, as JavaScript strings count.
 */
export function entitiesToHtml(text: string, entities: readonly MessageEntity[] = []): string {
  const opens = new Map<number, string[]>();
  const closes = new Map<number, string[]>();
  for (const entity of entities) {
    const pair = tags(entity);
    if (!pair) continue;
    opens.set(entity.offset, [...(opens.get(entity.offset) ?? []), pair[0]]);
    const end = entity.offset + entity.length;
    closes.set(end, [pair[1], ...(closes.get(end) ?? [])]);
  }
  let html = '';
  for (let i = 0; i <= text.length; i++) {
    html += (closes.get(i) ?? []).join('');
    html += (opens.get(i) ?? []).join('');
    if (i < text.length) html += escapeHtml(text[i] as string);
  }
  return html;
}
