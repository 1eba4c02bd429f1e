import type { MessageEntity } from 'grammy/types';
import { badRequest } from './errors.ts';
import { HtmlParseError, type ParsedText, parseHtml } from './html-parse-mode.ts';
import type { MethodParams } from './method-params.ts';

export const MAX_MESSAGE_LENGTH = 4096;
export const MAX_CAPTION_LENGTH = 1024;

/**
 * Applies `parse_mode` (HTML is parsed as Telegram does; Markdown modes are passed through
 * unparsed, see docs/sandbox.md) or takes explicit `entities`.
 */
function formatText(
  params: MethodParams,
  raw: string,
  modeField: string,
  entitiesField: string,
  where: string,
): ParsedText {
  const mode = params.string(modeField);
  if (mode === undefined || mode === '') {
    return { text: raw, entities: params.json<MessageEntity[]>(entitiesField) ?? [] };
  }
  if (mode.toLowerCase() === 'html') {
    try {
      return parseHtml(raw);
    } catch (error) {
      if (error instanceof HtmlParseError) throw badRequest(`can't parse entities${where}: ${error.message}`);
      throw error;
    }
  }
  if (mode.toLowerCase() === 'markdown' || mode.toLowerCase() === 'markdownv2') {
    return { text: raw, entities: [] };
  }
  throw badRequest(`unsupported parse_mode`);
}

/** The `text` of sendMessage / editMessageText after parsing, with Telegram's checks. */
export function messageText(params: MethodParams): ParsedText {
  const raw = params.string('text') ?? '';
  const parsed = formatText(params, raw, 'parse_mode', 'entities', '');
  if (parsed.text.trim() === '') throw badRequest('message text is empty');
  if (parsed.text.length > MAX_MESSAGE_LENGTH) throw badRequest('message is too long');
  return parsed;
}

/** An optional media caption. */
export function captionText(params: MethodParams): ParsedText | undefined {
  const raw = params.string('caption');
  if (raw === undefined || raw === '') return undefined;
  const parsed = formatText(params, raw, 'parse_mode', 'caption_entities', ' in message caption');
  if (parsed.text.length > MAX_CAPTION_LENGTH) throw badRequest('message caption is too long');
  return parsed.text.trim() === '' ? undefined : parsed;
}

/**
 * Entities a Telegram app attaches to what a person types: `/command` and `/command@bot`
 * at the start of a word become `bot_command`, as bots' command handlers expect.
 */
export function userTextEntities(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  const pattern = /(^|\s)(\/[a-zA-Z0-9_]{1,32}(?:@[a-zA-Z0-9_]{3,32})?)(?=$|\s)/g;
  for (const match of text.matchAll(pattern)) {
    const offset = (match.index ?? 0) + (match[1]?.length ?? 0);
    entities.push({ type: 'bot_command', offset, length: match[2]?.length ?? 0 });
  }
  return entities;
}
