import { type Queryable, type SQLQuery, sql } from '@databases/pg';
import type { PackageCategory } from './packages.ts';
import type { Page, PageRequest } from './paging.ts';

/** A person's interest in a package: one per person and package, pending until an admin attends it. */
export interface Interest {
  userId: number;
  packageId: number;
  attended: boolean;
  attendedAt: Date | null;
  /** The admin who attended it; null while pending (and for imported rows). */
  attendedBy: number | null;
  /** The first time the person showed interest in the package. */
  createdAt: Date;
  /** The latest time; showing interest again makes an attended interest pending again. */
  lastInterestAt: Date;
}

export interface InterestView extends Interest {
  packageName: string;
  packageCategory: PackageCategory;
  packagePrice: string | null;
  packageCurrency: string;
  packageActive: boolean;
  /** '' when the person is unknown to `users`. */
  firstName: string;
  username: string | null;
}

export type InterestFilter = 'pending' | 'attended' | 'all';

/** Interest can only be shown in a package that exists and is offered (a stale button, a forged one). */
export class PackageUnavailableError extends Error {
  constructor(
    readonly packageId: number,
    readonly reason: 'not_found' | 'inactive',
  ) {
    super(`package ${packageId} is ${reason === 'inactive' ? 'inactive' : 'not found'}`);
    this.name = 'PackageUnavailableError';
  }
}

/**
 * Records that a person wants a package: a new interest, or the existing one 'renewed' (its
 * time moves to now and it is pending again, since the person is asking again). Inserting only
 * from an active package makes the check and the write one statement.
 */
export async function recordInterest(
  db: Queryable,
  input: { userId: number; packageId: number; now: Date },
): Promise<'new' | 'renewed'> {
  const [row] = await db.query(sql`
    INSERT INTO interests AS i (user_id, package_id, created_at, last_interest_at)
    SELECT ${input.userId}, k.id, ${input.now}, ${input.now}
    FROM content_packages k WHERE k.id = ${input.packageId} AND k.active
    ON CONFLICT (user_id, package_id) DO UPDATE
    SET last_interest_at = EXCLUDED.last_interest_at, attended = false, attended_at = NULL, attended_by = NULL
    RETURNING (i.xmax = 0) AS inserted`);
  // xmax is 0 on a row version that was inserted, not updated: Postgres' way of telling the two apart.
  if (row) return row.inserted ? 'new' : 'renewed';
  const [found] = await db.query(sql`SELECT active FROM content_packages WHERE id = ${input.packageId}`);
  throw new PackageUnavailableError(input.packageId, found ? 'inactive' : 'not_found');
}

/** True when a pending interest became attended; false when there is none or it already was. */
export async function markInterestAttended(
  db: Queryable,
  input: { userId: number; packageId: number; by: number; now: Date },
): Promise<boolean> {
  const updated = await db.query(sql`
    UPDATE interests SET attended = true, attended_at = ${input.now}, attended_by = ${input.by}
    WHERE user_id = ${input.userId} AND package_id = ${input.packageId} AND NOT attended
    RETURNING user_id`);
  return updated.length === 1;
}

const viewColumns = sql`i.user_id, i.package_id, i.attended, i.attended_at, i.attended_by, i.created_at,
  i.last_interest_at, k.name AS package_name, k.category AS package_category, k.price AS package_price,
  k.currency AS package_currency, k.active AS package_active,
  COALESCE(u.first_name, '') AS first_name, u.username`;

const viewFrom = sql`interests i
  JOIN content_packages k ON k.id = i.package_id
  LEFT JOIN users u ON u.user_id = i.user_id`;

interface InterestViewRow {
  user_id: number;
  package_id: number;
  attended: boolean;
  attended_at: Date | null;
  attended_by: number | null;
  created_at: Date;
  last_interest_at: Date;
  package_name: string;
  package_category: PackageCategory;
  package_price: string | null;
  package_currency: string;
  package_active: boolean;
  first_name: string;
  username: string | null;
}

const viewFromRow = (r: InterestViewRow): InterestView => ({
  userId: r.user_id,
  packageId: r.package_id,
  attended: r.attended,
  attendedAt: r.attended_at,
  attendedBy: r.attended_by,
  createdAt: r.created_at,
  lastInterestAt: r.last_interest_at,
  packageName: r.package_name,
  packageCategory: r.package_category,
  packagePrice: r.package_price,
  packageCurrency: r.package_currency,
  packageActive: r.package_active,
  firstName: r.first_name,
  username: r.username,
});

const filterCondition: Record<InterestFilter, SQLQuery> = {
  pending: sql`NOT i.attended`,
  attended: sql`i.attended`,
  all: sql`TRUE`,
};

const filterOrder: Record<InterestFilter, SQLQuery> = {
  pending: sql`i.last_interest_at ASC, i.user_id, i.package_id`,
  attended: sql`i.attended_at DESC, i.user_id, i.package_id`,
  all: sql`i.last_interest_at DESC, i.user_id, i.package_id`,
};

/**
 * The admin's list. Pending: the longest waiting first (by the latest interest, which is what
 * the person waits on). Attended: the latest attended first. All: the latest interest first.
 */
export async function listInterests(
  db: Queryable,
  options: { filter: InterestFilter; category: PackageCategory | 'any' } & PageRequest,
): Promise<Page<InterestView>> {
  const where = sql.join(
    [
      filterCondition[options.filter],
      options.category === 'any' ? sql`TRUE` : sql`k.category = ${options.category}`,
    ],
    ' AND ',
  );
  const rows = await db.query(sql`
    SELECT ${viewColumns} FROM ${viewFrom}
    WHERE ${where}
    ORDER BY ${filterOrder[options.filter]}
    LIMIT ${options.limit} OFFSET ${options.offset}`);
  const [count] = await db.query(sql`
    SELECT count(*) AS total FROM interests i JOIN content_packages k ON k.id = i.package_id WHERE ${where}`);
  return { items: rows.map(viewFromRow), total: count.total };
}

export async function countInterests(
  db: Queryable,
): Promise<{ pending: number; attended: number; total: number }> {
  const [row] = await db.query(sql`
    SELECT count(*) FILTER (WHERE NOT attended) AS pending, count(*) FILTER (WHERE attended) AS attended,
           count(*) AS total
    FROM interests`);
  return { pending: row.pending, attended: row.attended, total: row.total };
}

/** One person's interests, the latest first. */
export async function interestsOfUser(db: Queryable, userId: number, limit: number): Promise<InterestView[]> {
  const rows = await db.query(sql`
    SELECT ${viewColumns} FROM ${viewFrom}
    WHERE i.user_id = ${userId}
    ORDER BY i.last_interest_at DESC, i.package_id
    LIMIT ${limit}`);
  return rows.map(viewFromRow);
}
