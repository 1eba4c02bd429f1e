import { type Queryable, type SQLQuery, sql } from '@databases/pg';
import type { Page } from './paging.ts';

export type FreeRequestStatus = 'pending' | 'approved' | 'declined' | 'gone';

/**
 * A row of the `free_requests` projection: a person's latest join request to a free channel.
 * The freeAccess actor is the truth and writes it through its db effects; menus and counts read it.
 */
export interface FreeRequest {
  userId: number;
  chatId: number;
  status: FreeRequestStatus;
  requestedAt: Date;
  /** When the wait is over and the request may be approved. */
  readyAt: Date;
  /** When it was approved or declined; null while pending (and for a request that went away). */
  decidedAt: Date | null;
  updatedAt: Date;
}

interface FreeRequestRow {
  user_id: number;
  chat_id: number;
  status: FreeRequestStatus;
  requested_at: Date;
  ready_at: Date;
  decided_at: Date | null;
  updated_at: Date;
}

const requestFromRow = (r: FreeRequestRow): FreeRequest => ({
  userId: r.user_id,
  chatId: r.chat_id,
  status: r.status,
  requestedAt: r.requested_at,
  readyAt: r.ready_at,
  decidedAt: r.decided_at,
  updatedAt: r.updated_at,
});

/** Writes the actor's view of a request, replacing the previous one of that person and channel. */
export async function syncFreeRequest(
  db: Queryable,
  r: Omit<FreeRequest, 'updatedAt'> & { now: Date },
): Promise<void> {
  await db.query(sql`
    INSERT INTO free_requests (user_id, chat_id, status, requested_at, ready_at, decided_at, updated_at)
    VALUES (${r.userId}, ${r.chatId}, ${r.status}, ${r.requestedAt}, ${r.readyAt}, ${r.decidedAt}, ${r.now})
    ON CONFLICT (user_id, chat_id) DO UPDATE
    SET status = EXCLUDED.status, requested_at = EXCLUDED.requested_at, ready_at = EXCLUDED.ready_at,
        decided_at = EXCLUDED.decided_at, updated_at = EXCLUDED.updated_at`);
}

/** `pending` still waits (ready later than now); `ready` has waited long enough; the two never overlap. */
export type FreeQueueFilter = 'pending' | 'ready' | 'approved' | 'all';

/** Conditions on `free_requests f` as of `now`: readiness depends on the clock, not on a status. */
function filterCondition(filter: FreeQueueFilter, now: Date): SQLQuery {
  switch (filter) {
    case 'pending':
      return sql`(f.status = 'pending' AND f.ready_at > ${now})`;
    case 'ready':
      return sql`(f.status = 'pending' AND f.ready_at <= ${now})`;
    case 'approved':
      return sql`(f.status = 'approved')`;
    case 'all':
      return sql`TRUE`;
  }
}

const filterOrder: Record<FreeQueueFilter, SQLQuery> = {
  pending: sql`f.requested_at ASC, f.user_id, f.chat_id`,
  ready: sql`f.requested_at ASC, f.user_id, f.chat_id`,
  approved: sql`f.decided_at DESC, f.user_id, f.chat_id`,
  all: sql`f.requested_at DESC, f.user_id, f.chat_id`,
};

export interface FreeRequestView extends FreeRequest {
  /** '' when the requester is unknown to `users` (a join request can come before any chat). */
  firstName: string;
  username: string | null;
}

/** Pending and ready: the oldest request first. Approved: the latest approval first. All: the newest request first. */
export async function listFreeRequests(
  db: Queryable,
  options: { filter: FreeQueueFilter; now: Date; offset: number; limit: number },
): Promise<Page<FreeRequestView>> {
  const where = filterCondition(options.filter, options.now);
  const rows = await db.query(sql`
    SELECT f.*, COALESCE(u.first_name, '') AS first_name, u.username
    FROM free_requests f
    LEFT JOIN users u ON u.user_id = f.user_id
    WHERE ${where}
    ORDER BY ${filterOrder[options.filter]}
    LIMIT ${options.limit} OFFSET ${options.offset}`);
  const [count] = await db.query(sql`SELECT count(*) AS total FROM free_requests f WHERE ${where}`);
  return {
    items: rows.map((r: FreeRequestRow & { first_name: string; username: string | null }) => ({
      ...requestFromRow(r),
      firstName: r.first_name,
      username: r.username,
    })),
    total: count.total,
  };
}

/**
 * The numbers on the admin's free-channel screen, as of `now`. `averageWaitSeconds` is the mean
 * time from request to approval over approved requests; null when there is none.
 */
export async function countFreeRequests(
  db: Queryable,
  now: Date,
): Promise<{ pending: number; ready: number; approved: number; averageWaitSeconds: number | null }> {
  const [row] = await db.query(sql`
    SELECT count(*) FILTER (WHERE ${filterCondition('pending', now)}) AS pending,
           count(*) FILTER (WHERE ${filterCondition('ready', now)}) AS ready,
           count(*) FILTER (WHERE ${filterCondition('approved', now)}) AS approved,
           (avg(extract(epoch FROM f.decided_at - f.requested_at))
              FILTER (WHERE ${filterCondition('approved', now)}))::float8 AS average_wait_seconds
    FROM free_requests f`);
  return {
    pending: row.pending,
    ready: row.ready,
    approved: row.approved,
    averageWaitSeconds: row.average_wait_seconds,
  };
}

/**
 * People whose request has waited long enough, the oldest request first, each once (a person
 * with requests to two channels is one actor): whom to send the approval to.
 */
export async function readyRequestUserIds(db: Queryable, now: Date, limit: number): Promise<number[]> {
  const rows = await db.query(sql`
    SELECT f.user_id, min(f.requested_at) AS requested_at
    FROM free_requests f
    WHERE ${filterCondition('ready', now)}
    GROUP BY f.user_id
    ORDER BY requested_at ASC, f.user_id
    LIMIT ${limit}`);
  return rows.map((r: { user_id: number }) => r.user_id);
}
