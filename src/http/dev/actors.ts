import { type Queryable, sql } from '@databases/pg';
import { findUser } from '../../domain/users.ts';
import type { PersistedSnapshot } from '../../runtime/types.ts';
import { activePaths } from './machines.ts';

const SEARCH_LIMIT = 50;
const EFFECTS_LIMIT = 50;
const ACTOR_ID = /^[A-Za-z][\w-]*:[^\s:/?#]{1,120}$/;

/** An actor id as the runtime makes them (`<machine>:<key>`); anything else is refused early. */
export const isActorId = (id: string): boolean => ACTOR_ID.test(id);

export interface ActorSummary {
  id: string;
  machine: string;
  state: string;
  version: number;
  updatedAt: Date;
}

interface SummaryRow {
  id: string;
  machine: string;
  state: string;
  version: number;
  updated_at: Date;
}

const summary = (r: SummaryRow): ActorSummary => ({
  id: r.id,
  machine: r.machine,
  state: r.state,
  version: r.version,
  updatedAt: r.updated_at,
});

/** A person's actors: keyed by their Telegram id, or by `<id>-<something>` (interests). */
async function actorsOfPerson(db: Queryable, userId: string): Promise<ActorSummary[]> {
  const rows: SummaryRow[] = await db.query(sql`
    SELECT id, machine, state, version, updated_at FROM actors
    WHERE substr(id, strpos(id, ':') + 1) = ${userId}
       OR substr(id, strpos(id, ':') + 1) LIKE ${`${userId}-%`}
    ORDER BY updated_at DESC, id LIMIT ${SEARCH_LIMIT}`);
  return rows.map(summary);
}

/**
 * GET /dev/api/actors?q= — an actor id (`subscription:123`), a Telegram user id (`123`), or a
 * username (`@ana`). Without a query: the actors that changed most recently.
 */
export async function searchActors(db: Queryable, query: string): Promise<ActorSummary[]> {
  const q = query.trim();
  if (q === '') {
    const rows: SummaryRow[] = await db.query(sql`
      SELECT id, machine, state, version, updated_at FROM actors
      ORDER BY updated_at DESC, id LIMIT ${SEARCH_LIMIT}`);
    return rows.map(summary);
  }
  if (q.includes(':')) {
    if (!isActorId(q)) return [];
    const rows: SummaryRow[] = await db.query(
      sql`SELECT id, machine, state, version, updated_at FROM actors WHERE id = ${q}`,
    );
    return rows.map(summary);
  }
  if (/^\d{1,16}$/.test(q)) return actorsOfPerson(db, String(Number(q)));
  const user = await findUser(db, q);
  return user ? actorsOfPerson(db, String(user.userId)) : [];
}

export interface ActorDetail {
  id: string;
  machine: string;
  machineVersion: number;
  version: number;
  state: string;
  activePaths: string[];
  context: unknown;
  updatedAt: Date;
  timers: { id: string; sendId: string; event: unknown; dueAt: Date }[];
  effects: {
    id: number;
    type: string;
    status: string;
    attempts: number;
    lastError: string | null;
    createdAt: Date;
    doneAt: Date | null;
    params: unknown;
  }[];
}

/** GET /dev/api/actors/:id — the row, its pending timers and its newest effects. */
export async function actorDetail(db: Queryable, id: string): Promise<ActorDetail | undefined> {
  const [row] = await db.query(sql`
    SELECT id, machine, machine_version, version, state, snapshot, updated_at FROM actors WHERE id = ${id}`);
  if (!row) return undefined;
  const snapshot = row.snapshot as PersistedSnapshot;
  const [timers, effects] = await Promise.all([
    db.query(sql`
      SELECT id, send_id, event, due_at FROM actor_timers WHERE actor_id = ${id} ORDER BY due_at, id`),
    db.query(sql`
      SELECT id, effect_type, status, attempts, last_error, created_at, done_at, params FROM outbox
      WHERE actor_id = ${id} ORDER BY id DESC LIMIT ${EFFECTS_LIMIT}`),
  ]);
  return {
    id: row.id,
    machine: row.machine,
    machineVersion: row.machine_version,
    version: row.version,
    state: row.state,
    activePaths: activePaths(snapshot.value),
    context: snapshot.context,
    updatedAt: row.updated_at,
    timers: timers.map((t: { id: string; send_id: string; event: unknown; due_at: Date }) => ({
      id: t.id,
      sendId: t.send_id,
      event: t.event,
      dueAt: t.due_at,
    })),
    effects: effects.map(
      (e: {
        id: number;
        effect_type: string;
        status: string;
        attempts: number;
        last_error: string | null;
        created_at: Date;
        done_at: Date | null;
        params: unknown;
      }) => ({
        id: e.id,
        type: e.effect_type,
        status: e.status,
        attempts: e.attempts,
        lastError: e.last_error,
        createdAt: e.created_at,
        doneAt: e.done_at,
        params: e.params,
      }),
    ),
  };
}

export async function actorExists(db: Queryable, id: string): Promise<boolean> {
  return (await db.query(sql`SELECT 1 FROM actors WHERE id = ${id}`)).length === 1;
}

export interface EventPage {
  items: { version: number; eventType: string; from: string | null; to: string; at: Date }[];
  /** Pass as `before` for the next (older) page; null when this page reaches the first event. */
  nextBefore: number | null;
}

/** GET /dev/api/actors/:id/events — newest first, `limit` at a time, older than `before`. */
export async function actorEvents(
  db: Queryable,
  id: string,
  page: { before: number | undefined; limit: number },
): Promise<EventPage> {
  const rows = await db.query(
    page.before === undefined
      ? sql`SELECT version, event_type, from_state, to_state, at FROM actor_events
            WHERE actor_id = ${id} ORDER BY version DESC LIMIT ${page.limit + 1}`
      : sql`SELECT version, event_type, from_state, to_state, at FROM actor_events
            WHERE actor_id = ${id} AND version < ${page.before} ORDER BY version DESC LIMIT ${page.limit + 1}`,
  );
  const items = rows
    .slice(0, page.limit)
    .map(
      (r: {
        version: number;
        event_type: string;
        from_state: string | null;
        to_state: string;
        at: Date;
      }) => ({
        version: r.version,
        eventType: r.event_type,
        from: r.from_state,
        to: r.to_state,
        at: r.at,
      }),
    );
  const more = rows.length > page.limit;
  return { items, nextBefore: more ? (items.at(-1)?.version ?? null) : null };
}
