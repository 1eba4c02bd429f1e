import { type Queryable, sql } from '@databases/pg';
import { ActorConflictError } from './errors.ts';
import type { PersistedSnapshot } from './types.ts';

/** An actor row as the host needs it. `snapshotJson` is kept as text to avoid parsing twice. */
export interface StoredActor {
  version: number;
  machineVersion: number;
  snapshot: PersistedSnapshot;
}

export async function loadActor(
  db: Queryable,
  actorId: string,
  forUpdate: boolean,
): Promise<StoredActor | undefined> {
  const rows = await db.query(
    forUpdate
      ? sql`SELECT version, machine_version, snapshot FROM actors WHERE id = ${actorId} FOR UPDATE`
      : sql`SELECT version, machine_version, snapshot FROM actors WHERE id = ${actorId}`,
  );
  const row = rows[0] as
    | { version: number; machine_version: number; snapshot: PersistedSnapshot }
    | undefined;
  return row && { version: row.version, machineVersion: row.machine_version, snapshot: row.snapshot };
}

/** Many actors' rows in one statement (unlocked), by id; those that do not exist are absent. */
export async function loadActors(db: Queryable, actorIds: string[]): Promise<Map<string, StoredActor>> {
  const rows = (await db.query(
    sql`SELECT id, version, machine_version, snapshot FROM actors WHERE id = ANY (${actorIds})`,
  )) as { id: string; version: number; machine_version: number; snapshot: PersistedSnapshot }[];
  return new Map(
    rows.map((r) => [r.id, { version: r.version, machineVersion: r.machine_version, snapshot: r.snapshot }]),
  );
}

export interface ActorWrite {
  actorId: string;
  machine: string;
  machineVersion: number;
  /** The version read; 0 when the actor did not exist. */
  expectedVersion: number;
  snapshotJson: string;
  state: string;
  at: Date;
}

export async function quarantineSnapshot(
  db: Queryable,
  q: { actorId: string; machine: string; stored: StoredActor; reason: string },
): Promise<void> {
  await db.query(sql`
    INSERT INTO quarantined_snapshots (actor_id, machine, machine_version, version, snapshot, reason)
    VALUES (${q.actorId}, ${q.machine}, ${q.stored.machineVersion}, ${q.stored.version},
            ${JSON.stringify(q.stored.snapshot)}::jsonb, ${q.reason})`);
}

/** Marks a Telegram update as applied; false when it already was (a retry of the same update). */
export async function claimUpdate(db: Queryable, updateId: number): Promise<boolean> {
  const rows = await db.query(
    sql`INSERT INTO processed_updates (update_id) VALUES (${updateId}) ON CONFLICT DO NOTHING RETURNING update_id`,
  );
  return rows.length === 1;
}

/** What makes an event exactly-once: the Telegram update it came from, or the effect it replies to. */
export type Claim = { updateId: number } | { effectId: number; error?: string };

/** A computed transition, ready to be written in one statement (see sql/007_apply_function.sql). */
export interface TransitionWrite extends ActorWrite {
  eventType: string;
  from: string | null;
  cancels: string[];
  timers: { id: string; sendId: string; event: unknown; dueAt: Date }[];
  effects: { type: string; params: Record<string, unknown>; replyEvent: string | null }[];
  leaseSeconds: number;
}

export type TransitionWritten =
  | { status: 'duplicate' }
  | { status: 'applied'; cancelled: string[]; effects: { id: number; key: string }[] };

/** How `lucien_apply_one` marks the error it raises when an actor was created concurrently. */
const CONFLICT_HINT = 'lucien.conflict';

/** Postgres refused a write because an actor was created concurrently (lucien_apply_one's hint). */
export function isConflictError(error: unknown): boolean {
  return (error as { hint?: unknown } | null)?.hint === CONFLICT_HINT;
}

/** One transition as an element of the array `applyTransitions` sends (the snapshot goes in as it was serialised). */
export function transitionItem(w: TransitionWrite, claim?: Claim): string {
  const updateId = claim && 'updateId' in claim ? claim.updateId : null;
  const effectId = claim && 'effectId' in claim ? claim.effectId : null;
  const effectError = claim && 'effectId' in claim ? (claim.error ?? null) : null;
  const rest = JSON.stringify({
    u: updateId,
    e: effectId,
    err: effectError,
    a: w.actorId,
    m: w.machine,
    mv: w.machineVersion,
    x: w.expectedVersion,
    st: w.state,
    ev: w.eventType,
    from: w.from,
    at: w.at.toISOString(),
    c: w.cancels,
    t: w.timers.map((t) => ({ id: t.id, sendId: t.sendId, event: t.event, dueAt: t.dueAt.toISOString() })),
    fx: w.effects.map((e) => ({ type: e.type, params: e.params, reply: e.replyEvent })),
    l: w.leaseSeconds,
  });
  return `{"s":${w.snapshotJson},${rest.slice(1)}`;
}

type RawWritten = { status: string; cancelled?: string[]; effects?: [number, string][] };

/** A conflict, as the apply functions report it for one of their items. */
export const CONFLICT: unique symbol = Symbol('conflict');

function written(result: RawWritten): TransitionWritten {
  if (result.status === 'duplicate') return { status: 'duplicate' };
  return {
    status: 'applied',
    cancelled: result.cancelled ?? [],
    effects: (result.effects ?? []).map(([id, key]) => ({ id, key })),
  };
}

/**
 * From this many transitions a batch is written table by table (`lucien_apply_set`); fewer are
 * written one after the other inside one statement (`lucien_apply_many`). The two answer and
 * write the same; the first runs a dozen statements whatever the batch's size, the second half a
 * dozen per transition, so each is the cheaper for Postgres on its side of this size (a wave of
 * expiries, ten to a batch: 5 to 20 % less Postgres CPU per expiry with the first; webhook
 * updates, two or three to a batch: about 20 % more with it).
 */
export const SET_BATCH_FROM = 8;

/**
 * Many transitions (items of `transitionItem`) in one statement and one commit. Each result is
 * that item's, in order; CONFLICT where the actor had moved on (nothing of that item written).
 * Throws when the statement fails as a whole (nothing of any item written).
 */
export async function applyTransitions(
  db: Queryable,
  items: string[],
): Promise<(TransitionWritten | typeof CONFLICT)[]> {
  const batch = `[${items.join(',')}]`;
  const [row] = await db.query(
    items.length >= SET_BATCH_FROM
      ? sql`SELECT lucien_apply_set(${batch}::jsonb) AS r`
      : sql`SELECT lucien_apply_many(${batch}::jsonb) AS r`,
  );
  return (row as { r: RawWritten[] }).r.map((result) =>
    result.status === 'conflict' ? CONFLICT : written(result),
  );
}

/**
 * Claims (optionally), writes the actor, its log row, timers and outbox rows in one round trip
 * (a batch of one). Throws ActorConflictError when another writer got there first (nothing is
 * written then).
 */
export async function applyTransition(
  db: Queryable,
  w: TransitionWrite,
  claim?: Claim,
): Promise<TransitionWritten> {
  try {
    const [result] = await applyTransitions(db, [transitionItem(w, claim)]);
    if (result === CONFLICT || !result) throw new ActorConflictError(w.actorId);
    return result;
  } catch (error) {
    if (isConflictError(error)) throw new ActorConflictError(w.actorId);
    throw error;
  }
}
