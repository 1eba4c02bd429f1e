import { z } from 'zod';
import type { AdminAction } from '../../machines/conversation/admin-actions.ts';
import { MENU_SCREENS } from '../../machines/conversation.ts';
import { parseAdminParts } from './admin-callback-data.ts';
import { type ContentCallback, parseContentCallback } from './content-callback-data.ts';

/**
 * Button payloads: compact, versioned ("1" first), colon-separated and parsed, never trusted.
 * Telegram allows 64 bytes; anything that does not parse is answered politely by the router.
 */
const VERSION = '1';

const schemas = [
  z
    .tuple([z.literal('nav'), z.enum(MENU_SCREENS)])
    .transform(([, screen]) => ({ kind: 'navigate' as const, screen })),
  z
    .tuple([z.literal('rit'), z.enum(['1', '2', '3'])])
    .transform(([, step]) => ({ kind: 'ritual' as const, step: Number(step) as 1 | 2 | 3 })),
  z.tuple([z.literal('vip'), z.literal('link')]).transform(() => ({ kind: 'freshLink' as const })),
] as const;

export type CallbackAction =
  | z.output<(typeof schemas)[number]>
  | { kind: 'admin'; action: AdminAction }
  | ContentCallback;

export const encode = {
  navigate: (screen: (typeof MENU_SCREENS)[number]) => [VERSION, 'nav', screen].join(':'),
  ritual: (step: 1 | 2 | 3) => [VERSION, 'rit', step].join(':'),
  freshLink: () => [VERSION, 'vip', 'link'].join(':'),
};

/** The action a button stands for, or undefined for stale, foreign or forged data. */
export function parseCallbackData(data: string): CallbackAction | undefined {
  if (Buffer.byteLength(data) > 64) return undefined;
  const [version, ...parts] = data.split(':');
  if (version !== VERSION) return undefined;
  const admin = parseAdminParts(parts);
  if (admin) return { kind: 'admin', action: admin };
  const content = parseContentCallback(parts);
  if (content) return content;
  for (const schema of schemas) {
    const parsed = schema.safeParse(parts);
    if (parsed.success) return parsed.data;
  }
  return undefined;
}
