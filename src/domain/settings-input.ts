import { type Parsed, type ParseProblem, parseWholeNumber } from './plans.ts';

/** Settings typed by an admin: social handles, free-channel minutes and reaction emoji (pure). */

export type SocialNetwork = 'instagram' | 'tiktok' | 'x';

export const SETTINGS_LIMITS = {
  minutesMin: 0,
  minutesMax: 1440,
  reactionsMin: 1,
  reactionsMax: 10,
} as const;

const accept = <T>(value: T): Parsed<T> => ({ ok: true, value });
const refuse = <T>(problem: ParseProblem): Parsed<T> => ({ ok: false, problem });

interface NetworkRules {
  /** Hosts of profile URLs, without "www." or "m.". */
  hosts: readonly string[];
  /** Profile paths carry an "@" before the name (tiktok.com/@name). */
  atInPath: boolean;
  maxLength: number;
  /** The whole handle, once its length is known to fit. */
  pattern: RegExp;
  /** The network treats names case-insensitively and shows them in lower case. */
  lowerCase: boolean;
  /** First path segments that are pages of the site, not profiles. */
  reserved: ReadonlySet<string>;
  profileUrl: (handle: string) => string;
}

const NETWORKS: Record<SocialNetwork, NetworkRules> = {
  // Letters, digits, "." and "_"; no "." at either end nor two in a row.
  instagram: {
    hosts: ['instagram.com'],
    atInPath: false,
    maxLength: 30,
    pattern: /^(?!\.)(?!.*\.\.)[a-z0-9._]+(?<!\.)$/,
    lowerCase: true,
    reserved: new Set(['p', 'reel', 'reels', 'stories', 'explore', 'accounts', 'direct']),
    profileUrl: (h) => `https://www.instagram.com/${h}/`,
  },
  // 2 to 24 letters, digits, "." and "_"; not ending with ".".
  tiktok: {
    hosts: ['tiktok.com'],
    atInPath: true,
    maxLength: 24,
    pattern: /^[a-z0-9._]{2,}(?<!\.)$/,
    lowerCase: true,
    reserved: new Set(),
    profileUrl: (h) => `https://www.tiktok.com/@${h}`,
  },
  // Up to 15 letters, digits and "_"; the case people chose is kept for display.
  x: {
    hosts: ['x.com', 'twitter.com'],
    atInPath: false,
    maxLength: 15,
    pattern: /^\w+$/,
    lowerCase: false,
    reserved: new Set(['home', 'i', 'explore', 'search', 'settings', 'intent', 'share', 'messages']),
    profileUrl: (h) => `https://x.com/${h}`,
  },
};

/** Words that remove a handle: a dash (phones turn "-" into "–" or "—") or "ninguno". */
const CLEARING = new Set(['-', '–', '—', 'ninguno', 'ninguna']);

/** "www.Instagram.com" -> "instagram.com": the host as the rules name it. */
const siteHost = (host: string) => host.toLowerCase().replace(/^(?:www|m|mobile)\./, '');

function handleFromUrl(text: string, rules: NetworkRules): Parsed<string> {
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return refuse('bad_handle');
  }
  if (!rules.hosts.includes(siteHost(url.hostname))) return refuse('bad_handle');
  const segments = url.pathname.split('/').filter((s) => s !== '');
  const [first] = segments;
  if (segments.length !== 1 || first === undefined) return refuse('bad_handle');
  if (rules.atInPath && !first.startsWith('@')) return refuse('bad_handle');
  if (rules.reserved.has(first.toLowerCase())) return refuse('bad_handle');
  return accept(first.replace(/^@/, ''));
}

/**
 * "@name", "name" or a profile URL of that network -> "name" (no "@"), checked against the
 * network's rules; "-" or "ninguno" -> null, which removes the handle.
 */
export function parseSocialHandle(raw: string, network: SocialNetwork): Parsed<string | null> {
  const rules = NETWORKS[network];
  const text = raw.trim();
  if (text === '') return refuse('empty');
  if (CLEARING.has(text.toLowerCase())) return accept(null);
  // The site's own name ("instagram.com") typed without a profile.
  if (rules.hosts.includes(siteHost(text))) return refuse('bad_handle');
  const found = text.includes('/') ? handleFromUrl(text, rules) : accept(text.replace(/^@/, ''));
  if (!found.ok) return found;
  const handle = rules.lowerCase ? found.value.toLowerCase() : found.value;
  if (handle === '') return refuse('empty');
  if (handle.length > rules.maxLength) return refuse('too_long');
  return rules.pattern.test(handle) ? accept(handle) : refuse('bad_handle');
}

/** The https address a button opens for a stored handle. */
export function socialProfileUrl(network: SocialNetwork, handle: string): string {
  return NETWORKS[network].profileUrl(handle);
}

/** Whole minutes from 0 (no wait) to a day. */
export function parseMinutes(raw: string): Parsed<number> {
  return parseWholeNumber(raw, SETTINGS_LIMITS.minutesMin, SETTINGS_LIMITS.minutesMax);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * One emoji as people type it: a pictograph, optionally with VS16 or a skin tone, ZWJ-joined to
 * more of them (👨‍👩‍👧, ❤️‍🔥), or with tag characters (🏴󠁧󠁢󠁳󠁣󠁴󠁿); a flag (two regional indicators); a keycap.
 */
const PICTOGRAPH = String.raw`\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})?`;
const EMOJI = new RegExp(
  String.raw`^(?:${PICTOGRAPH}(?:[\u{E0020}-\u{E007E}]+\u{E007F})?(?:\u200D${PICTOGRAPH})*` +
    String.raw`|\p{Regional_Indicator}{2}|[0-9#*]\uFE0F?\u20E3)$`,
  'u',
);
/** A pictograph that shows as text unless followed by VS16 (❤ -> ❤️). */
const TEXT_DEFAULT = /^(?=\p{Emoji})\P{Emoji_Presentation}$/u;

const isSingleGrapheme = (s: string) => {
  const it = graphemes.segment(s)[Symbol.iterator]();
  return !it.next().done && it.next().done === true;
};

/**
 * Checks a list of reactions: each a single emoji grapheme (a text-style pictograph gains VS16
 * so "❤" and "❤️" are the same button), repeats dropped keeping the first, 1 to 10 in all.
 */
export function normalizeReactions(list: readonly string[]): Parsed<string[]> {
  const seen = new Set<string>();
  for (const entry of list) {
    if (!isSingleGrapheme(entry) || !EMOJI.test(entry)) return refuse('not_an_emoji');
    seen.add(TEXT_DEFAULT.test(entry) ? `${entry}\uFE0F` : entry);
  }
  if (seen.size < SETTINGS_LIMITS.reactionsMin) return refuse('empty');
  if (seen.size > SETTINGS_LIMITS.reactionsMax) return refuse('too_many');
  return accept([...seen]);
}

/** "❤️ 🔥 👑", "❤️, 🔥" or "❤️🔥👑" -> ["❤️", "🔥", "👑"]; anything that is not an emoji is refused. */
export function parseReactions(raw: string): Parsed<string[]> {
  const entries = raw
    .split(/[\s,]+/)
    .filter((part) => part !== '')
    .flatMap((part) => Array.from(graphemes.segment(part), (s) => s.segment));
  if (entries.length === 0) return refuse('empty');
  return normalizeReactions(entries);
}
