import { type Queryable, sql } from '@databases/pg';
import { type Parsed, type ParseProblem, parseWholeNumber } from './plans.ts';
import { normalizeReactions, parseMinutes, parseSocialHandle, type SocialNetwork } from './settings-input.ts';

/** Settings an admin changes from the menus; one row, created by the migration. */
export interface BotConfig {
  vipChannelId: number | null;
  freeChannelId: number | null;
  /** How many hours before a membership ends each reminder goes out: descending, unique. */
  reminderLeadHours: number[];
  /** The link the bot gives people for the free channel (a join request link). */
  freeInviteLink: string | null;
  /** Social handles without "@", as `parseSocialHandle` normalizes them. */
  socialInstagram: string | null;
  socialTiktok: string | null;
  socialX: string | null;
  /** How long a free-channel join request waits before it is approved, 0 to 1440. */
  freeWaitMinutes: number;
  /** The free channel's anti-spam pause, 0 to 1440. */
  antiSpamMinutes: number;
  /** Reaction buttons under posts in each channel: 1 to 10 distinct emoji, in order. */
  vipReactions: string[];
  freeReactions: string[];
}

/** Each lead is a timer per subscriber, hence a cap on how many (the table checks the same). */
export const REMINDER_LIMITS = { leadHoursMin: 1, leadHoursMax: 720, countMax: 10 } as const;

/** Sorted descending without repeats; throws on a value the table would refuse. */
export function normalizeReminderLeadHours(hours: readonly number[]): number[] {
  const { leadHoursMin, leadHoursMax, countMax } = REMINDER_LIMITS;
  for (const h of hours) {
    if (!Number.isInteger(h) || h < leadHoursMin || h > leadHoursMax)
      throw new RangeError(`a reminder lead must be ${leadHoursMin} to ${leadHoursMax} hours, not ${h}`);
  }
  const unique = [...new Set(hours)].sort((a, b) => b - a);
  if (unique.length > countMax) throw new RangeError(`at most ${countMax} reminders, not ${unique.length}`);
  return unique;
}

/** "72, 24" or "24 72" -> [72, 24], as an admin would type them. */
export function parseReminderLeadHours(raw: string): Parsed<number[]> {
  const parts = raw.split(/[\s,;]+/).filter((p) => p !== '');
  if (parts.length === 0) return { ok: false, problem: 'empty' };
  const hours: number[] = [];
  for (const part of parts) {
    const parsed = parseWholeNumber(part, REMINDER_LIMITS.leadHoursMin, REMINDER_LIMITS.leadHoursMax);
    if (!parsed.ok) return parsed;
    hours.push(parsed.value);
  }
  const unique = [...new Set(hours)].sort((a, b) => b - a);
  if (unique.length > REMINDER_LIMITS.countMax) return { ok: false, problem: 'too_many' };
  return { ok: true, value: unique };
}

interface BotConfigRow {
  vip_channel_id: number | null;
  free_channel_id: number | null;
  reminder_lead_hours: number[];
  free_invite_link: string | null;
  social_instagram: string | null;
  social_tiktok: string | null;
  social_x: string | null;
  free_wait_minutes: number;
  anti_spam_minutes: number;
  vip_reactions: string[];
  free_reactions: string[];
}

const configColumns = sql`vip_channel_id, free_channel_id, reminder_lead_hours, free_invite_link,
  social_instagram, social_tiktok, social_x, free_wait_minutes, anti_spam_minutes, vip_reactions, free_reactions`;

const configFromRow = (r: BotConfigRow): BotConfig => ({
  vipChannelId: r.vip_channel_id,
  freeChannelId: r.free_channel_id,
  reminderLeadHours: r.reminder_lead_hours,
  freeInviteLink: r.free_invite_link,
  socialInstagram: r.social_instagram,
  socialTiktok: r.social_tiktok,
  socialX: r.social_x,
  freeWaitMinutes: r.free_wait_minutes,
  antiSpamMinutes: r.anti_spam_minutes,
  vipReactions: r.vip_reactions,
  freeReactions: r.free_reactions,
});

function singleRow(rows: BotConfigRow[]): BotConfig {
  const [row] = rows;
  if (!row) throw new Error('bot_config has no row; migration 003_memberships.sql inserts it');
  return configFromRow(row);
}

export async function getBotConfig(db: Queryable): Promise<BotConfig> {
  return singleRow(await db.query(sql`SELECT ${configColumns} FROM bot_config WHERE id = 1`));
}

/** Settings read by outbound effects, per pool, with the moment they were read. */
const recentReads = new WeakMap<object, { at: number; generation: number; config: Promise<BotConfig> }>();
/** Moves on with every change made in this process, so that its next read is fresh. */
let generation = 0;

/**
 * The settings as read at most `maxAgeMs` ago: for outbound effects, so that a wave of expiries
 * (a ban and a message each) reads them once rather than per call. A change made in
 * this process is seen at once; one made by another instance within `maxAgeMs`.
 */
export function getBotConfigRecent(db: Queryable, maxAgeMs = 1_000): Promise<BotConfig> {
  const now = performance.now();
  const recent = recentReads.get(db);
  if (recent && recent.generation === generation && now - recent.at < maxAgeMs) return recent.config;
  const config = getBotConfig(db);
  recentReads.set(db, { at: now, generation, config });
  config.catch(() => recentReads.delete(db));
  return config;
}

/** A setting a caller passed that the admin's input rules would refuse: a bug upstream. */
export class InvalidBotConfigError extends RangeError {
  constructor(
    readonly field: keyof BotConfig,
    readonly problem: ParseProblem,
  ) {
    super(`invalid bot config ${field}: ${problem}`);
    this.name = 'InvalidBotConfigError';
  }
}

function checkChannelId(name: string, id: number | null | undefined): void {
  if (id !== null && id !== undefined && !Number.isSafeInteger(id))
    throw new RangeError(`${name} must be a Telegram chat id, not ${id}`);
}

function valid<T>(field: keyof BotConfig, parsed: Parsed<T>): T {
  if (parsed.ok) return parsed.value;
  throw new InvalidBotConfigError(field, parsed.problem);
}

/** An https link on t.me (or telegram.me), as Telegram issues them: https://t.me/+AbC... */
function checkInviteLink(link: string | null): string | null {
  if (link === null) return null;
  const url = URL.canParse(link) ? new URL(link) : undefined;
  const ok =
    url?.protocol === 'https:' &&
    (url.hostname === 't.me' || url.hostname === 'telegram.me') &&
    url.pathname.length > 1 &&
    link.length <= 2048 &&
    !/\s/.test(link);
  if (!ok) throw new RangeError(`freeInviteLink must be an https://t.me/ link, not ${link}`);
  return link;
}

/** A handle as the admin's input would store it; `null` clears it. */
function checkHandle(field: keyof BotConfig, network: SocialNetwork, handle: string | null): string | null {
  if (handle === null) return null;
  const parsed = valid(field, parseSocialHandle(handle, network));
  if (parsed === null) throw new InvalidBotConfigError(field, 'bad_handle');
  return parsed;
}

function checkMinutes(field: keyof BotConfig, minutes: number): number {
  if (!Number.isInteger(minutes)) throw new InvalidBotConfigError(field, 'not_whole');
  return valid(field, parseMinutes(String(minutes)));
}

/**
 * Changes the settings given; `null` clears a channel, the invite link or a handle. Values are
 * checked and normalized by the same rules as an admin's input ("@Diana" is stored as "diana").
 */
export async function updateBotConfig(
  db: Queryable,
  patch: Partial<BotConfig>,
  now: Date,
): Promise<BotConfig> {
  checkChannelId('vipChannelId', patch.vipChannelId);
  checkChannelId('freeChannelId', patch.freeChannelId);
  const sets = [sql`updated_at = ${now}`];
  if (patch.vipChannelId !== undefined) sets.push(sql`vip_channel_id = ${patch.vipChannelId}`);
  if (patch.freeChannelId !== undefined) sets.push(sql`free_channel_id = ${patch.freeChannelId}`);
  if (patch.reminderLeadHours !== undefined)
    sets.push(sql`reminder_lead_hours = ${normalizeReminderLeadHours(patch.reminderLeadHours)}::int[]`);
  if (patch.freeInviteLink !== undefined)
    sets.push(sql`free_invite_link = ${checkInviteLink(patch.freeInviteLink)}`);
  if (patch.socialInstagram !== undefined)
    sets.push(sql`social_instagram = ${checkHandle('socialInstagram', 'instagram', patch.socialInstagram)}`);
  if (patch.socialTiktok !== undefined)
    sets.push(sql`social_tiktok = ${checkHandle('socialTiktok', 'tiktok', patch.socialTiktok)}`);
  if (patch.socialX !== undefined) sets.push(sql`social_x = ${checkHandle('socialX', 'x', patch.socialX)}`);
  if (patch.freeWaitMinutes !== undefined)
    sets.push(sql`free_wait_minutes = ${checkMinutes('freeWaitMinutes', patch.freeWaitMinutes)}`);
  if (patch.antiSpamMinutes !== undefined)
    sets.push(sql`anti_spam_minutes = ${checkMinutes('antiSpamMinutes', patch.antiSpamMinutes)}`);
  if (patch.vipReactions !== undefined)
    sets.push(sql`vip_reactions = ${valid('vipReactions', normalizeReactions(patch.vipReactions))}::text[]`);
  if (patch.freeReactions !== undefined)
    sets.push(
      sql`free_reactions = ${valid('freeReactions', normalizeReactions(patch.freeReactions))}::text[]`,
    );
  const rows = await db.query(
    sql`UPDATE bot_config SET ${sql.join(sets, ', ')} WHERE id = 1 RETURNING ${configColumns}`,
  );
  // Again once written: a read made meanwhile may have kept the old settings. (In a transaction
  // still open, a read until its commit may too; effects see the change within a second then.)
  generation++;
  return singleRow(rows);
}
