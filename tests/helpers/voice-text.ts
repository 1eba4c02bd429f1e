import type { Message } from '../../src/voice/message.ts';

/** A catalogue text as a Telegram client shows it: tags gone, entities decoded. */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** Whether `shown` (a message's text) is one of the variants of catalogue message `m`. */
export function saidOneOf<P>(shown: string, m: Message<P>, params: P): boolean {
  return m.variants.some((v) => shown.trim() === plainText(v.render(params)).trim());
}
