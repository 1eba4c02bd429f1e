import { type Queryable, type SQLQuery, sql } from '@databases/pg';
import type { Page } from './paging.ts';

export type MembershipStatus = 'ritual' | 'active' | 'expired' | 'revoked';

/**
 * A row of the `vip_memberships` projection. The subscription actor is the truth and writes it
 * through its db effects; menus and counts read it.
 */
export interface Membership {
  userId: number;
  planId: number | null;
  status: MembershipStatus;
  startedAt: Date;
  expiresAt: Date;
  ritualStep: number | null;
  updatedAt: Date;
}

interface MembershipRow {
  user_id: number;
  plan_id: number | null;
  status: MembershipStatus;
  started_at: Date;
  expires_at: Date;
  ritual_step: number | null;
  updated_at: Date;
}

const membershipFromRow = (r: MembershipRow): Membership => ({
  userId: r.user_id,
  planId: r.plan_id,
  status: r.status,
  startedAt: r.started_at,
  expiresAt: r.expires_at,
  ritualStep: r.ritual_step,
  updatedAt: r.updated_at,
});

/** Writes the actor's view of a membership, replacing the previous one. */
export async function syncMembership(
  db: Queryable,
  m: Omit<Membership, 'updatedAt'> & { now: Date },
): Promise<void> {
  await syncMemberships(db, [m]);
}

/**
 * Writes many actors' views at once (a wave of expiries): one statement. A person given twice
 * keeps the last view, as two single writes in that order would.
 */
export async function syncMemberships(
  db: Queryable,
  ms: (Omit<Membership, 'updatedAt'> & { now: Date })[],
): Promise<void> {
  const latest = [...new Map(ms.map((m) => [m.userId, m])).values()];
  if (latest.length === 0) return;
  await db.query(sql`
    INSERT INTO vip_memberships (user_id, plan_id, status, started_at, expires_at, ritual_step, updated_at)
    SELECT * FROM unnest(
      ${latest.map((m) => m.userId)}::bigint[], ${latest.map((m) => m.planId)}::integer[],
      ${latest.map((m) => m.status)}::text[], ${latest.map((m) => m.startedAt)}::timestamptz[],
      ${latest.map((m) => m.expiresAt)}::timestamptz[], ${latest.map((m) => m.ritualStep)}::integer[],
      ${latest.map((m) => m.now)}::timestamptz[])
    ON CONFLICT (user_id) DO UPDATE
    SET plan_id = EXCLUDED.plan_id, status = EXCLUDED.status, started_at = EXCLUDED.started_at,
        expires_at = EXCLUDED.expires_at, ritual_step = EXCLUDED.ritual_step, updated_at = EXCLUDED.updated_at`);
}

export async function getMembership(db: Queryable, userId: number): Promise<Membership | undefined> {
  const [row] = await db.query(sql`SELECT * FROM vip_memberships WHERE user_id = ${userId}`);
  return row && membershipFromRow(row);
}

/** `expiring` is a part of `active`; `expired` includes revoked memberships. */
export type MembershipFilter = 'active' | 'expiring' | 'expired' | 'all';

/** How close to its end an active membership counts as expiring. */
export const EXPIRING_WITHIN_DAYS = 7;

/**
 * Conditions on `vip_memberships m` as of `now`, not only by status: an active membership whose
 * end has passed (its expiry timer has not fired yet, or the clock travelled) counts as expired.
 */
function filterCondition(filter: MembershipFilter, now: Date): SQLQuery {
  const soon = new Date(now.getTime() + EXPIRING_WITHIN_DAYS * 86_400_000);
  switch (filter) {
    case 'active':
      return sql`(m.status = 'active' AND m.expires_at > ${now})`;
    case 'expiring':
      return sql`(m.status = 'active' AND m.expires_at > ${now} AND m.expires_at <= ${soon})`;
    case 'expired':
      return sql`(m.status IN ('expired', 'revoked') OR (m.status = 'active' AND m.expires_at <= ${now}))`;
    case 'all':
      return sql`TRUE`;
  }
}

const filterOrder: Record<MembershipFilter, SQLQuery> = {
  active: sql`m.expires_at ASC, m.user_id`,
  expiring: sql`m.expires_at ASC, m.user_id`,
  expired: sql`m.expires_at DESC, m.user_id`,
  all: sql`m.expires_at DESC, m.user_id`,
};

export interface MembershipView extends Membership {
  firstName: string;
  username: string | null;
  planName: string | null;
}

/** Active and expiring: the soonest to end first. Expired and all: the latest end first. */
export async function listMemberships(
  db: Queryable,
  options: { filter: MembershipFilter; now: Date; offset: number; limit: number },
): Promise<Page<MembershipView>> {
  const where = filterCondition(options.filter, options.now);
  const rows = await db.query(sql`
    SELECT m.*, COALESCE(u.first_name, '') AS first_name, u.username, p.name AS plan_name
    FROM vip_memberships m
    LEFT JOIN users u ON u.user_id = m.user_id
    LEFT JOIN plans p ON p.id = m.plan_id
    WHERE ${where}
    ORDER BY ${filterOrder[options.filter]}
    LIMIT ${options.limit} OFFSET ${options.offset}`);
  const [count] = await db.query(sql`SELECT count(*) AS total FROM vip_memberships m WHERE ${where}`);
  return {
    items: rows.map(
      (r: MembershipRow & { first_name: string; username: string | null; plan_name: string | null }) => ({
        ...membershipFromRow(r),
        firstName: r.first_name,
        username: r.username,
        planName: r.plan_name,
      }),
    ),
    total: count.total,
  };
}

/** The numbers on the admin's dashboard, as of `now`; `expiring` is included in `active`. */
export async function countMemberships(
  db: Queryable,
  now: Date,
): Promise<{ active: number; expiring: number; expired: number; ritual: number }> {
  const [row] = await db.query(sql`
    SELECT count(*) FILTER (WHERE ${filterCondition('active', now)}) AS active,
           count(*) FILTER (WHERE ${filterCondition('expiring', now)}) AS expiring,
           count(*) FILTER (WHERE ${filterCondition('expired', now)}) AS expired,
           count(*) FILTER (WHERE m.status = 'ritual') AS ritual
    FROM vip_memberships m`);
  return { active: row.active, expiring: row.expiring, expired: row.expired, ritual: row.ritual };
}
