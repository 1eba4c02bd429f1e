import { type Queryable, type SQLQuery, sql } from '@databases/pg';
import { type InterestView, interestsOfUser } from './interests.ts';
import { getMembership, type Membership, type MembershipStatus } from './memberships.ts';
import type { Page, PageRequest } from './paging.ts';
import { getPlan } from './plans.ts';
import { getUser, type Role, type RoleChange, roleHistory, type UserProfile } from './users.ts';

/** vip: a membership running now. free: everyone else but the admins. all: everyone. */
export type UserFilter = 'all' | 'vip' | 'free';

/** A person's membership as a list line shows it. */
export interface MembershipSummary {
  status: MembershipStatus;
  planId: number | null;
  planName: string | null;
  startedAt: Date;
  expiresAt: Date;
  /** Status active and not yet at its end: what makes a person VIP in these lists. */
  activeNow: boolean;
}

export interface UserListItem extends UserProfile {
  membership: MembershipSummary | null;
}

// The rule of `listMemberships`' 'active' filter, on `vip_memberships m` joined to each person
// (so NULL when they have none, hence the COALESCE).
const runningCondition = (now: Date) => sql`COALESCE(m.status = 'active' AND m.expires_at > ${now}, false)`;

function filterCondition(filter: UserFilter, now: Date): SQLQuery {
  switch (filter) {
    case 'vip':
      return runningCondition(now);
    case 'free':
      return sql`NOT ${runningCondition(now)} AND u.role <> 'ADMIN'`;
    case 'all':
      return sql`TRUE`;
  }
}

const fromUsers = sql`users u LEFT JOIN vip_memberships m ON m.user_id = u.user_id`;

interface UserListRow {
  user_id: number;
  username: string | null;
  first_name: string;
  last_name: string | null;
  role: Role;
  created_at: Date;
  updated_at: Date;
  status: MembershipStatus | null;
  plan_id: number | null;
  plan_name: string | null;
  started_at: Date | null;
  expires_at: Date | null;
  active_now: boolean;
}

const itemFromRow = (r: UserListRow): UserListItem => ({
  userId: r.user_id,
  username: r.username,
  firstName: r.first_name,
  lastName: r.last_name,
  role: r.role,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  membership:
    r.status === null || r.started_at === null || r.expires_at === null
      ? null
      : {
          status: r.status,
          planId: r.plan_id,
          planName: r.plan_name,
          startedAt: r.started_at,
          expiresAt: r.expires_at,
          activeNow: r.active_now,
        },
});

/** People the bot knows, the newest first, each with their membership as of `now`. */
export async function listUsers(
  db: Queryable,
  options: { filter: UserFilter; now: Date } & PageRequest,
): Promise<Page<UserListItem>> {
  const where = filterCondition(options.filter, options.now);
  const rows = await db.query(sql`
    SELECT u.user_id, u.username, u.first_name, u.last_name, u.role, u.created_at, u.updated_at,
           m.status, m.plan_id, p.name AS plan_name, m.started_at, m.expires_at,
           ${runningCondition(options.now)} AS active_now
    FROM ${fromUsers} LEFT JOIN plans p ON p.id = m.plan_id
    WHERE ${where}
    ORDER BY u.created_at DESC, u.user_id DESC
    LIMIT ${options.limit} OFFSET ${options.offset}`);
  const [count] = await db.query(sql`SELECT count(*) AS total FROM ${fromUsers} WHERE ${where}`);
  return { items: rows.map(itemFromRow), total: count.total };
}

/** Everything the admin's screen of one person shows. */
export interface UserOverview {
  profile: UserProfile;
  membership: (Membership & { planName: string | null; activeNow: boolean }) | null;
  /** The latest first, at most `OVERVIEW_HISTORY` of each. */
  roleChanges: RoleChange[];
  interests: InterestView[];
}

export const OVERVIEW_HISTORY = 5;

/** Undefined for a person the bot never saw. */
export async function userOverview(
  db: Queryable,
  userId: number,
  now: Date,
): Promise<UserOverview | undefined> {
  const profile = await getUser(db, userId);
  if (!profile) return undefined;
  const membership = await getMembership(db, userId);
  const plan = membership?.planId == null ? undefined : await getPlan(db, membership.planId);
  return {
    profile,
    membership: membership
      ? {
          ...membership,
          planName: plan?.name ?? null,
          activeNow: membership.status === 'active' && membership.expiresAt.getTime() > now.getTime(),
        }
      : null,
    roleChanges: await roleHistory(db, userId, OVERVIEW_HISTORY),
    interests: await interestsOfUser(db, userId, OVERVIEW_HISTORY),
  };
}
