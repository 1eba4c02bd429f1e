import { type Queryable, sql } from '@databases/pg';

export type Role = 'FREE' | 'VIP' | 'ADMIN';

/** A person as Telegram last showed them to us, with the role the bot gave them. */
export interface UserProfile {
  userId: number;
  username: string | null;
  firstName: string;
  lastName: string | null;
  role: Role;
  createdAt: Date;
  updatedAt: Date;
}

interface UserRow {
  user_id: number;
  username: string | null;
  first_name: string;
  last_name: string | null;
  role: Role;
  created_at: Date;
  updated_at: Date;
}

const profileFromRow = (r: UserRow): UserProfile => ({
  userId: r.user_id,
  username: r.username,
  firstName: r.first_name,
  lastName: r.last_name,
  role: r.role,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * Records the name Telegram sent with an update; the role is left alone. Called for most
 * updates, so a row is only rewritten when something in it changed.
 */
export async function upsertUser(
  db: Queryable,
  profile: { userId: number; username?: string | null; firstName: string; lastName?: string | null },
  now: Date,
): Promise<void> {
  await db.query(sql`
    INSERT INTO users AS u (user_id, username, first_name, last_name, created_at, updated_at)
    VALUES (${profile.userId}, ${profile.username ?? null}, ${profile.firstName}, ${profile.lastName ?? null},
            ${now}, ${now})
    ON CONFLICT (user_id) DO UPDATE
    SET username = EXCLUDED.username, first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
        updated_at = EXCLUDED.updated_at
    WHERE (u.username, u.first_name, u.last_name)
          IS DISTINCT FROM (EXCLUDED.username, EXCLUDED.first_name, EXCLUDED.last_name)`);
}

/**
 * /start's one round trip: records the person's profile (as `upsertUser`) and returns their
 * current role and the status of their VIP membership, if any.
 */
export async function greetUser(
  db: Queryable,
  profile: { userId: number; username?: string | null; firstName: string; lastName?: string | null },
  now: Date,
): Promise<{ role: Role; membershipStatus: string | null }> {
  const { userId } = profile;
  const username = profile.username ?? null;
  const lastName = profile.lastName ?? null;
  // Read first: a known person with the same profile (nearly every /start) writes nothing, not
  // even the row lock an INSERT ... ON CONFLICT DO UPDATE takes before looking at its WHERE.
  const [row] = await db.query(sql`
    WITH known AS (
      SELECT role, username, first_name, last_name FROM users WHERE user_id = ${userId}
    ),
    created AS (
      INSERT INTO users (user_id, username, first_name, last_name, created_at, updated_at)
      SELECT ${userId}, ${username}, ${profile.firstName}, ${lastName}, ${now}, ${now}
      WHERE NOT EXISTS (SELECT 1 FROM known)
      ON CONFLICT (user_id) DO NOTHING
      RETURNING role
    ),
    changed AS (
      UPDATE users u
      SET username = ${username}, first_name = ${profile.firstName}, last_name = ${lastName}, updated_at = ${now}
      FROM known k
      WHERE u.user_id = ${userId}
        AND (k.username, k.first_name, k.last_name) IS DISTINCT FROM (${username}::text, ${profile.firstName}::text, ${lastName}::text)
      RETURNING u.role
    )
    SELECT coalesce((SELECT role FROM changed), (SELECT role FROM created), (SELECT role FROM known)) AS role,
           (SELECT status FROM vip_memberships WHERE user_id = ${userId}) AS membership_status`);
  const found = row as { role: Role | null; membership_status: string | null };
  // No role at all: the row was created by a concurrent /start after this statement's snapshot,
  // and a new row's role is FREE.
  return { role: found.role ?? 'FREE', membershipStatus: found.membership_status };
}

export async function getUser(db: Queryable, userId: number): Promise<UserProfile | undefined> {
  const [row] = await db.query(sql`SELECT * FROM users WHERE user_id = ${userId}`);
  return row && profileFromRow(row);
}

/**
 * "12345" finds by id; "@name" or "name" by username, ignoring case. Usernames are not unique
 * in our table (one can pass to another person), so the most recently seen holder wins.
 */
export async function findUser(db: Queryable, query: string): Promise<UserProfile | undefined> {
  const text = query.trim();
  if (/^\d+$/.test(text)) return Number.isSafeInteger(Number(text)) ? getUser(db, Number(text)) : undefined;
  const username = text.replace(/^@/, '');
  if (!/^\w{1,32}$/.test(username)) return undefined;
  const [row] = await db.query(sql`
    SELECT * FROM users WHERE lower(username) = lower(${username})
    ORDER BY updated_at DESC LIMIT 1`);
  return row && profileFromRow(row);
}

/**
 * Gives a person a role, creating their row if we never saw them, and logs the change. Nothing
 * is logged when the role stays the same; an unknown person counts as FREE, so making them FREE
 * only creates the row. The row lock orders concurrent changes, so each log entry's previous
 * role is the one it really replaced. Runs in a savepoint when given a transaction.
 */
export async function setRole(
  db: Queryable,
  change: {
    userId: number;
    role: Role;
    changedBy: number;
    reason: string;
    source: string;
    metadata?: Record<string, unknown>;
    now: Date;
  },
): Promise<{ changed: boolean; previous: Role | null }> {
  const { userId, role, now } = change;
  return db.tx(async (tx) => {
    const lockRole = async (): Promise<Role | undefined> =>
      (await tx.query(sql`SELECT role FROM users WHERE user_id = ${userId} FOR UPDATE`))[0]?.role;
    let previous = await lockRole();
    if (previous === undefined) {
      const created = await tx.query(sql`
        INSERT INTO users (user_id, role, created_at, updated_at) VALUES (${userId}, ${role}, ${now}, ${now})
        ON CONFLICT (user_id) DO NOTHING RETURNING user_id`);
      // Someone else created the row meanwhile: theirs is the role we replace.
      if (created.length === 0) previous = await lockRole();
    }
    if (previous === role || (previous === undefined && role === 'FREE')) {
      return { changed: false, previous: previous ?? null };
    }
    if (previous !== undefined) {
      await tx.query(sql`UPDATE users SET role = ${role}, updated_at = ${now} WHERE user_id = ${userId}`);
    }
    await tx.query(sql`
      INSERT INTO role_changes (user_id, previous_role, new_role, changed_by, reason, source, metadata, changed_at)
      VALUES (${userId}, ${previous ?? null}, ${role}, ${change.changedBy}, ${change.reason}, ${change.source},
              ${JSON.stringify(change.metadata ?? {})}::jsonb, ${now})`);
    return { changed: true, previous: previous ?? null };
  });
}

/** One role change of `setRoles`, as `setRole` takes it. */
export type RoleChangeRequest = Parameters<typeof setRole>[1];

/**
 * Many people's role changes in one statement (a wave of expiries), each as `setRole` would make
 * it: the row locked, the role written and the change logged only when it differs; an unknown
 * person is created with the role, and the change logged unless that role is FREE. A person
 * given twice, or one whose row appeared between the statement's read and its insert, goes
 * through `setRole`, one change at a time.
 */
export async function setRoles(db: Queryable, changes: RoleChangeRequest[]): Promise<void> {
  const ids = changes.map((c) => c.userId);
  if (new Set(ids).size < ids.length) {
    for (const change of changes) await setRole(db, change);
    return;
  }
  if (changes.length === 0) return;
  const rows = (await db.query(sql`
    WITH input AS (
      SELECT * FROM unnest(
        ${ids}::bigint[], ${changes.map((c) => c.role)}::text[], ${changes.map((c) => c.changedBy)}::bigint[],
        ${changes.map((c) => c.reason)}::text[], ${changes.map((c) => c.source)}::text[],
        ${changes.map((c) => JSON.stringify(c.metadata ?? {}))}::jsonb[], ${changes.map((c) => c.now)}::timestamptz[]
      ) WITH ORDINALITY AS i (user_id, role, changed_by, reason, source, metadata, at, ord)
    ),
    locked AS (
      SELECT u.user_id, u.role FROM users u WHERE u.user_id IN (SELECT user_id FROM input)
      ORDER BY u.user_id FOR UPDATE
    ),
    created AS (
      INSERT INTO users (user_id, role, created_at, updated_at)
      SELECT i.user_id, i.role, i.at, i.at FROM input i
      WHERE i.user_id NOT IN (SELECT user_id FROM locked)
      ORDER BY i.user_id
      ON CONFLICT (user_id) DO NOTHING
      RETURNING user_id, role
    ),
    updated AS (
      UPDATE users u SET role = i.role, updated_at = i.at
      FROM input i JOIN locked l ON l.user_id = i.user_id
      WHERE u.user_id = i.user_id AND l.role <> i.role
      RETURNING u.user_id, l.role AS previous
    ),
    changed AS (
      SELECT user_id, previous FROM updated
      UNION ALL SELECT user_id, NULL FROM created WHERE role <> 'FREE'
    ),
    logged AS (
      INSERT INTO role_changes (user_id, previous_role, new_role, changed_by, reason, source, metadata, changed_at)
      SELECT i.user_id, c.previous, i.role, i.changed_by, i.reason, i.source, i.metadata, i.at
      FROM input i JOIN changed c ON c.user_id = i.user_id
      ORDER BY i.ord
      RETURNING user_id
    )
    SELECT i.user_id FROM input i
    WHERE i.user_id NOT IN (SELECT user_id FROM locked)
      AND i.user_id NOT IN (SELECT user_id FROM created)`)) as { user_id: number | string }[];
  // Created by someone else meanwhile: theirs is the role to replace, which `setRole` reads again.
  const missed = new Set(rows.map((r) => Number(r.user_id)));
  for (const change of changes) if (missed.has(change.userId)) await setRole(db, change);
}

export interface RoleChange {
  previousRole: Role | null;
  newRole: Role;
  changedBy: number;
  reason: string;
  source: string;
  metadata: Record<string, unknown>;
  changedAt: Date;
}

/** The latest changes first. */
export async function roleHistory(db: Queryable, userId: number, limit: number): Promise<RoleChange[]> {
  const rows = await db.query(sql`
    SELECT previous_role, new_role, changed_by, reason, source, metadata, changed_at
    FROM role_changes WHERE user_id = ${userId}
    ORDER BY changed_at DESC, id DESC LIMIT ${limit}`);
  return rows.map(
    (r: {
      previous_role: Role | null;
      new_role: Role;
      changed_by: number;
      reason: string;
      source: string;
      metadata: Record<string, unknown>;
      changed_at: Date;
    }) => ({
      previousRole: r.previous_role,
      newRole: r.new_role,
      changedBy: r.changed_by,
      reason: r.reason,
      source: r.source,
      metadata: r.metadata,
      changedAt: r.changed_at,
    }),
  );
}

/**
 * ADMIN_IDS decides who is an admin; the role log records it the first time an admin is seen,
 * and when someone left ADMIN_IDS (back to VIP if their membership runs, else FREE).
 */
export async function recordAdminRole(
  db: Queryable,
  who: { userId: number; admin: boolean },
  now: Date,
  /** The person's role when the caller already read it (saves a query). */
  knownRole?: Role,
): Promise<void> {
  const user = knownRole === undefined ? await getUser(db, who.userId) : { role: knownRole };
  if (who.admin && user?.role !== 'ADMIN') {
    await setRole(db, {
      userId: who.userId,
      role: 'ADMIN',
      changedBy: 0,
      reason: 'ADMIN_GRANTED',
      source: 'ADMIN_IDS',
      now,
    });
  } else if (!who.admin && user?.role === 'ADMIN') {
    const [membership] = await db.query(
      sql`SELECT 1 FROM vip_memberships WHERE user_id = ${who.userId} AND status = 'active' AND expires_at > ${now}`,
    );
    const role = membership ? 'VIP' : 'FREE';
    await setRole(db, {
      userId: who.userId,
      role,
      changedBy: 0,
      reason: 'ADMIN_REMOVED',
      source: 'ADMIN_IDS',
      now,
    });
  }
}
