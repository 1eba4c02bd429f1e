import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg, { sql } from '@databases/pg';
import initSqlJs, { type Database } from 'sql.js';
import { LEGACY_TABLES } from '../../src/import/schema.ts';

/** The previous bot's real database (v1.2), as the creators have it. */
export const LEGACY_FILE = process.env.LEGACY_SQLITE ?? '/work/shared/legacy/lucien-v1.2.sqlite';

/** The latest moment recorded in the real file (a free request processed 2026-01-29 04:46:51). */
export const LEGACY_LAST_MOMENT = Date.UTC(2026, 0, 29, 4, 46, 51, 132);

/** Every timestamp column of the legacy schema, by table. */
export const LEGACY_TIME_COLUMNS: Record<string, string[]> = {
  bot_config: ['created_at', 'updated_at'],
  users: ['created_at', 'updated_at'],
  subscription_plans: ['created_at'],
  invitation_tokens: ['created_at', 'used_at'],
  free_channel_requests: ['request_date', 'processed_at'],
  vip_subscribers: ['join_date', 'expiry_date', 'invite_link_sent_at'],
  user_role_change_log: ['changed_at'],
  content_packages: ['created_at', 'updated_at'],
  user_interests: ['attended_at', 'created_at'],
};

/** A moment as the previous bot wrote it: naive UTC with microseconds. */
export const naiveUtc = (ms: number) => `${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}000`;

export async function openLegacy(path = LEGACY_FILE): Promise<Database> {
  const SQL = await initSqlJs();
  return new SQL.Database(await readFile(path));
}

/** Writes `db` to a new temporary file and returns its path. */
export async function saveLegacy(db: Database): Promise<string> {
  const path = join(tmpdir(), `legacy-${randomBytes(6).toString('hex')}.sqlite`);
  await writeFile(path, db.export());
  db.close();
  return path;
}

/**
 * The real file with every timestamp moved by `shiftMs`, so that its relations in time stay
 * as they were: e.g. "the previous bot stopped an hour ago", whatever today is.
 */
export function shiftLegacyTimes(db: Database, shiftMs: number): void {
  const days = shiftMs / 86_400_000;
  for (const [table, columns] of Object.entries(LEGACY_TIME_COLUMNS)) {
    for (const column of columns) {
      db.run(
        `UPDATE ${table} SET ${column} = strftime('%Y-%m-%d %H:%M:%f', julianday(${column}) + ?) WHERE ${column} IS NOT NULL`,
        [days],
      );
    }
  }
}

/** The real file as if the previous bot had stopped at `stoppedAt` (a copy; the original is read-only). */
export async function legacyCopy(options: { stoppedAt?: number; edit?: (db: Database) => void } = {}) {
  const db = await openLegacy();
  if (options.stoppedAt !== undefined) shiftLegacyTimes(db, options.stoppedAt - LEGACY_LAST_MOMENT);
  options.edit?.(db);
  return saveLegacy(db);
}

/** Postgres types of the legacy columns: as the previous bot's SQLAlchemy models declare them. */
function postgresType(column: string, declared: string): string {
  const type = declared.toUpperCase();
  if (type.startsWith('BIGINT')) return 'bigint';
  if (type.startsWith('INTEGER')) return 'integer';
  if (type.startsWith('BOOLEAN')) return 'boolean';
  if (type.startsWith('FLOAT')) return 'double precision';
  if (type.startsWith('NUMERIC')) return 'numeric(10,2)';
  if (type.startsWith('DATETIME') || type.startsWith('TIMESTAMP')) return 'timestamp';
  if (type.startsWith('JSON')) return 'json';
  return column === 'id' ? 'integer' : 'text';
}

/**
 * Creates the legacy tables in the Postgres database at `url` with the sqlite file's columns
 * and copies every row: the previous bot as it ran on Postgres.
 */
export async function loadLegacyIntoPostgres(sqlitePath: string, url: string): Promise<void> {
  const lite = await openLegacy(sqlitePath);
  const db = pg.default({ connectionString: url, ssl: 'disable', bigIntMode: 'number' });
  try {
    for (const table of Object.keys(LEGACY_TABLES)) {
      const [info] = lite.exec(`PRAGMA table_info(${table})`);
      const columns = (info?.values ?? []).map((v) => ({ name: String(v[1]), type: String(v[2]) }));
      await db.query(
        sql`CREATE TABLE ${sql.ident(table)} (${sql.join(
          columns.map(
            (c) => sql`${sql.ident(c.name)} ${sql.__dangerous__rawValue(postgresType(c.name, c.type))}`,
          ),
          ', ',
        )})`,
      );
      const [data] = lite.exec(`SELECT * FROM ${table}`);
      for (const row of data?.values ?? []) {
        const values = row.map((v, i) => {
          const type = postgresType(columns[i]?.name ?? '', columns[i]?.type ?? '');
          if (v === null) return sql`NULL`;
          if (type === 'boolean') return sql`${v !== 0}`;
          return sql`${v}::${sql.__dangerous__rawValue(type)}`;
        });
        await db.query(sql`INSERT INTO ${sql.ident(table)} VALUES (${sql.join(values, ', ')})`);
      }
    }
  } finally {
    lite.close();
    await db.dispose();
  }
}
