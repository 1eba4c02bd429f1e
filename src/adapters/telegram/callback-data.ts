import { z } from 'zod';
import { MENU_SCREENS, type MenuScreen } from '../../machines/conversation.ts';

/**
 * Button payloads: compact, versioned ("1" first) and parsed, never trusted. Telegram allows
 * 64 bytes; anything that does not parse is answered politely by the router.
 */
const VERSION = '1';

const navigate = z.tuple([z.literal(VERSION), z.literal('nav'), z.enum(MENU_SCREENS)]);

export type CallbackAction = { kind: 'navigate'; screen: MenuScreen };

export function encodeNavigate(screen: MenuScreen): string {
  return [VERSION, 'nav', screen].join(':');
}

/** The action a button stands for, or undefined for stale, foreign or forged data. */
export function parseCallbackData(data: string): CallbackAction | undefined {
  if (Buffer.byteLength(data) > 64) return undefined;
  const parsed = navigate.safeParse(data.split(':'));
  return parsed.success ? { kind: 'navigate', screen: parsed.data[2] } : undefined;
}
