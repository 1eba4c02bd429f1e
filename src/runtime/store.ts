import { type Queryable, sql } from '@databases/pg';
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

/** Inserts or updates the actor if nobody else wrote it since we read it; false on a conflict. */
export async function writeActor(db: Queryable, w: ActorWrite): Promise<boolean> {
  const next = w.expectedVersion + 1;
  const rows =
    w.expectedVersion === 0
      ? await db.query(sql`
          INSERT INTO actors (id, machine, machine_version, version, snapshot, state, created_at, updated_at)
          VALUES (${w.actorId}, ${w.machine}, ${w.machineVersion}, 1, ${w.snapshotJson}::jsonb, ${w.state}, ${w.at}, ${w.at})
          ON CONFLICT (id) DO NOTHING
          RETURNING version`)
      : await db.query(sql`
          UPDATE actors
          SET version = ${next}, machine_version = ${w.machineVersion}, snapshot = ${w.snapshotJson}::jsonb,
              state = ${w.state}, updated_at = ${w.at}
          WHERE id = ${w.actorId} AND version = ${w.expectedVersion}
          RETURNING version`);
  return rows.length === 1;
}

export async function appendEvent(
  db: Queryable,
  e: { actorId: string; version: number; eventType: string; from: string | null; to: string; at: Date },
): Promise<void> {
  await db.query(sql`
    INSERT INTO actor_events (actor_id, version, event_type, from_state, to_state, at)
    VALUES (${e.actorId}, ${e.version}, ${e.eventType}, ${e.from}, ${e.to}, ${e.at})`);
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
