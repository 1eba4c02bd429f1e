import { type Queryable, sql } from '@databases/pg';
import { type Parsed, parseWholeNumber } from './plans.ts';

/** Settings an admin changes from the menus; one row, created by the migration. */
export interface BotConfig {
  vipChannelId: number | null;
  freeChannelId: number | null;
  /** How many hours before a membership ends each reminder goes out: descending, unique. */
  reminderLeadHours: number[];
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
}

const configFromRow = (r: BotConfigRow): BotConfig => ({
  vipChannelId: r.vip_channel_id,
  freeChannelId: r.free_channel_id,
  reminderLeadHours: r.reminder_lead_hours,
});

function singleRow(rows: BotConfigRow[]): BotConfig {
  const [row] = rows;
  if (!row) throw new Error('bot_config has no row; migration 003_memberships.sql inserts it');
  return configFromRow(row);
}

export async function getBotConfig(db: Queryable): Promise<BotConfig> {
  return singleRow(
    await db.query(
      sql`SELECT vip_channel_id, free_channel_id, reminder_lead_hours FROM bot_config WHERE id = 1`,
    ),
  );
}

function checkChannelId(name: string, id: number | null | undefined): void {
  if (id !== null && id !== undefined && !Number.isSafeInteger(id))
    throw new RangeError(`${name} must be a Telegram chat id, not ${id}`);
}

/** Changes the settings given; `null` clears a channel. */
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
  return singleRow(
    await db.query(sql`
      UPDATE bot_config SET ${sql.join(sets, ', ')} WHERE id = 1
      RETURNING vip_channel_id, free_channel_id, reminder_lead_hours`),
  );
}
