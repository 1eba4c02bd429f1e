import { type Queryable, sql } from '@databases/pg';
import { getBotConfig } from './bot-config.ts';
import { countFreeRequests } from './free-requests.ts';
import { EXPIRING_WITHIN_DAYS } from './memberships.ts';

/** When the dashboard calls for the creator's attention. */
export const STATS_THRESHOLDS = { fewCodesBelow: 3, manyExpiringAbove: 10, longQueueAbove: 50 } as const;

export type StatsWarning =
  | 'few_codes'
  | 'many_expiring'
  | 'long_queue'
  | 'vip_channel_missing'
  | 'free_channel_missing';

export interface RevenueLine {
  currency: string;
  /** Two decimals, e.g. "60.00". */
  projectedMonthly: string;
  /** Active memberships of plans in this currency. */
  members: number;
}

export interface Stats {
  vip: {
    /** Running now (status active, end not reached); `expiringIn7Days` is a part of it. */
    active: number;
    /** Expired or revoked, or active with the end reached before its timer fired. */
    expired: number;
    expiringIn7Days: number;
    /** Memberships started (code redeemed, or given by an admin) since each period began, whatever their state now. */
    newToday: number;
    newThisWeek: number;
    newThisMonth: number;
  };
  free: {
    /** Join requests not decided yet, whether or not their wait is over. */
    pending: number;
    approved: number;
    /** Mean time from request to approval; null without approvals. */
    averageWaitSeconds: number | null;
  };
  codes: {
    /** Every code issued; the four states below add up to it. */
    created: number;
    used: number;
    expired: number;
    available: number;
    revoked: number;
    /** used / created, 0 to 1; null when no code was issued. */
    conversion: number | null;
  };
  /**
   * Sum over running memberships of plan price × 30 / plan days (memberships without a plan
   * count nothing), rounded once at the end. With one currency, its figure and code. With
   * several, `currency` is 'mixed' and `projectedMonthly` the largest figure (the first line of
   * `byCurrency`, which has them all, the largest first). With no paying member: "0.00" and null.
   */
  revenue: { projectedMonthly: string; currency: string | 'mixed' | null; byCurrency: RevenueLine[] };
  warnings: StatsWarning[];
  /** Where the periods began: local midnight, local Monday midnight, the local 1st of the month. */
  since: { today: Date; week: Date; month: Date };
  computedAt: Date;
}

async function vipFigures(db: Queryable, now: Date, timeZone: string) {
  const soon = new Date(now.getTime() + EXPIRING_WITHIN_DAYS * 86_400_000);
  // Postgres truncates in the time zone itself (daylight saving included); weeks start on Monday.
  const [row] = await db.query(sql`
    WITH since AS (
      SELECT date_trunc('day', ${now}::timestamptz, ${timeZone}) AS today,
             date_trunc('week', ${now}::timestamptz, ${timeZone}) AS week,
             date_trunc('month', ${now}::timestamptz, ${timeZone}) AS month
    )
    SELECT s.today, s.week, s.month,
      count(m.user_id) FILTER (WHERE m.status = 'active' AND m.expires_at > ${now}) AS active,
      count(m.user_id) FILTER (WHERE m.status IN ('expired', 'revoked')
                                  OR (m.status = 'active' AND m.expires_at <= ${now})) AS expired,
      count(m.user_id) FILTER (WHERE m.status = 'active' AND m.expires_at > ${now}
                                  AND m.expires_at <= ${soon}) AS expiring,
      count(m.user_id) FILTER (WHERE m.started_at >= s.today AND m.started_at <= ${now}) AS new_today,
      count(m.user_id) FILTER (WHERE m.started_at >= s.week AND m.started_at <= ${now}) AS new_week,
      count(m.user_id) FILTER (WHERE m.started_at >= s.month AND m.started_at <= ${now}) AS new_month
    FROM since s LEFT JOIN vip_memberships m ON TRUE
    GROUP BY s.today, s.week, s.month`);
  return row;
}

async function revenueFigures(db: Queryable, now: Date): Promise<Stats['revenue']> {
  const lines: RevenueLine[] = (
    await db.query(sql`
      SELECT p.currency, round(sum(p.price * 30 / p.duration_days), 2)::text AS projected, count(*) AS members
      FROM vip_memberships m JOIN plans p ON p.id = m.plan_id
      WHERE m.status = 'active' AND m.expires_at > ${now}
      GROUP BY p.currency
      ORDER BY sum(p.price * 30 / p.duration_days) DESC, p.currency`)
  ).map((r: { currency: string; projected: string; members: number }) => ({
    currency: r.currency,
    projectedMonthly: r.projected,
    members: r.members,
  }));
  const [first] = lines;
  if (!first) return { projectedMonthly: '0.00', currency: null, byCurrency: [] };
  return {
    projectedMonthly: first.projectedMonthly,
    currency: lines.length === 1 ? first.currency : 'mixed',
    byCurrency: lines,
  };
}

/** The code states of `invitationState`, as SQL: revoked wins, then used, then the expiry. */
async function codeFigures(db: Queryable, now: Date): Promise<Stats['codes']> {
  const [row] = await db.query(sql`
    SELECT count(*) AS created,
      count(*) FILTER (WHERE revoked_at IS NULL AND used_by IS NOT NULL) AS used,
      count(*) FILTER (WHERE revoked_at IS NULL AND used_by IS NULL AND expires_at <= ${now}) AS expired,
      count(*) FILTER (WHERE revoked_at IS NULL AND used_by IS NULL AND expires_at > ${now}) AS available,
      count(*) FILTER (WHERE revoked_at IS NOT NULL) AS revoked
    FROM invitation_codes`);
  return {
    created: row.created,
    used: row.used,
    expired: row.expired,
    available: row.available,
    revoked: row.revoked,
    conversion: row.created === 0 ? null : row.used / row.created,
  };
}

/**
 * The creator's dashboard as of `now`, periods counted in `timeZone` (an IANA name). One query
 * per area, run together; inside a transaction they simply take turns.
 */
export async function computeStats(db: Queryable, now: Date, timeZone: string): Promise<Stats> {
  // Throws a RangeError naming the zone before any query, instead of a database error after.
  new Intl.DateTimeFormat('en', { timeZone });
  const [vip, revenue, codes, free, config] = await Promise.all([
    vipFigures(db, now, timeZone),
    revenueFigures(db, now),
    codeFigures(db, now),
    countFreeRequests(db, now),
    getBotConfig(db),
  ]);
  const pending = free.pending + free.ready;
  const { fewCodesBelow, manyExpiringAbove, longQueueAbove } = STATS_THRESHOLDS;
  const warnings: StatsWarning[] = [];
  if (codes.available < fewCodesBelow) warnings.push('few_codes');
  if (vip.expiring > manyExpiringAbove) warnings.push('many_expiring');
  if (pending > longQueueAbove) warnings.push('long_queue');
  if (config.vipChannelId === null) warnings.push('vip_channel_missing');
  if (config.freeChannelId === null) warnings.push('free_channel_missing');
  return {
    vip: {
      active: vip.active,
      expired: vip.expired,
      expiringIn7Days: vip.expiring,
      newToday: vip.new_today,
      newThisWeek: vip.new_week,
      newThisMonth: vip.new_month,
    },
    free: { pending, approved: free.approved, averageWaitSeconds: free.averageWaitSeconds },
    codes,
    revenue,
    warnings,
    since: { today: vip.today, week: vip.week, month: vip.month },
    computedAt: now,
  };
}
