import { type Queryable, sql } from '@databases/pg';
import type { Role } from './users.ts';

/**
 * Batch writes of the importer of the previous bot: people, their role history and their
 * interests. Each insert skips what is already there, so that running the import twice adds
 * nothing; each returns how many rows it really added.
 */

const iso = (ms: number) => new Date(ms).toISOString();

export interface LegacyUser {
  userId: number;
  username: string | null;
  firstName: string;
  lastName: string | null;
  role: Role;
  createdAt: number;
  updatedAt: number;
}

/** The ids among `ids` that `users` already has. */
export async function knownUserIds(db: Queryable, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.query(sql`SELECT user_id FROM users WHERE user_id = ANY(${ids}::bigint[])`);
  return new Set(rows.map((r: { user_id: number }) => r.user_id));
}

/** One statement per batch; a person Lucien already knows keeps their row as it is. */
export async function insertLegacyUsers(db: Queryable, users: readonly LegacyUser[]): Promise<number> {
  if (users.length === 0) return 0;
  const rows = await db.query(sql`
    INSERT INTO users (user_id, username, first_name, last_name, role, created_at, updated_at)
    SELECT * FROM unnest(
      ${users.map((u) => u.userId)}::bigint[], ${users.map((u) => u.username)}::text[],
      ${users.map((u) => u.firstName)}::text[], ${users.map((u) => u.lastName)}::text[],
      ${users.map((u) => u.role)}::text[], ${users.map((u) => iso(u.createdAt))}::timestamptz[],
      ${users.map((u) => iso(u.updatedAt))}::timestamptz[])
    ON CONFLICT (user_id) DO NOTHING
    RETURNING user_id`);
  return rows.length;
}

export interface LegacyRoleChange {
  userId: number;
  previousRole: Role | null;
  newRole: Role;
  changedBy: number;
  reason: string;
  source: string;
  metadata: Record<string, unknown>;
  changedAt: number;
}

/** A role change is the same one when person, moment and new role are the same. */
export const roleChangeKey = (c: { userId: number; changedAt: number; newRole: string }) =>
  `${c.userId}|${c.changedAt}|${c.newRole}`;

/** The keys (`roleChangeKey`) of the changes already logged for these people. */
export async function loggedRoleChanges(db: Queryable, userIds: readonly number[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db.query(sql`
    SELECT user_id, changed_at, new_role FROM role_changes WHERE user_id = ANY(${userIds}::bigint[])`);
  return new Set(
    rows.map((r: { user_id: number; changed_at: Date; new_role: string }) =>
      roleChangeKey({ userId: r.user_id, changedAt: r.changed_at.getTime(), newRole: r.new_role }),
    ),
  );
}

export async function insertLegacyRoleChanges(
  db: Queryable,
  changes: readonly LegacyRoleChange[],
): Promise<number> {
  if (changes.length === 0) return 0;
  const rows = await db.query(sql`
    INSERT INTO role_changes (user_id, previous_role, new_role, changed_by, reason, source, metadata, changed_at)
    SELECT * FROM unnest(
      ${changes.map((c) => c.userId)}::bigint[], ${changes.map((c) => c.previousRole)}::text[],
      ${changes.map((c) => c.newRole)}::text[], ${changes.map((c) => c.changedBy)}::bigint[],
      ${changes.map((c) => c.reason)}::text[], ${changes.map((c) => c.source)}::text[],
      ${changes.map((c) => JSON.stringify(c.metadata))}::jsonb[], ${changes.map((c) => iso(c.changedAt))}::timestamptz[])
    RETURNING id`);
  return rows.length;
}

export interface LegacyInterest {
  userId: number;
  packageId: number;
  attendedAt: number | null;
  createdAt: number;
}

/** `user|package` of the interests already recorded for these people. */
export async function recordedInterests(db: Queryable, userIds: readonly number[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db.query(
    sql`SELECT user_id, package_id FROM interests WHERE user_id = ANY(${userIds}::bigint[])`,
  );
  return new Set(rows.map((r: { user_id: number; package_id: number }) => `${r.user_id}|${r.package_id}`));
}

/** Attended interests keep their moment; nobody is named as having attended them. */
export async function insertLegacyInterests(
  db: Queryable,
  interests: readonly LegacyInterest[],
): Promise<number> {
  if (interests.length === 0) return 0;
  const rows = await db.query(sql`
    INSERT INTO interests (user_id, package_id, attended, attended_at, created_at, last_interest_at)
    SELECT u, p, a IS NOT NULL, a, c, c FROM unnest(
      ${interests.map((i) => i.userId)}::bigint[], ${interests.map((i) => i.packageId)}::int[],
      ${interests.map((i) => (i.attendedAt === null ? null : iso(i.attendedAt)))}::timestamptz[],
      ${interests.map((i) => iso(i.createdAt))}::timestamptz[]) AS t(u, p, a, c)
    ON CONFLICT (user_id, package_id) DO NOTHING
    RETURNING user_id`);
  return rows.length;
}
