/** Escapes text a person supplied (names, titles) for Telegram's HTML parse mode. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Lucien's header, which every multi-line message starts with. */
export const HEADER = '🎩 <b>Lucien:</b>';

/** A multi-line message: the header, a blank line, then the body. */
export function spoken(...lines: string[]): string {
  return [HEADER, '', ...lines].join('\n');
}
