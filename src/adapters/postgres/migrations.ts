import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type ConnectionPool, sql } from '@databases/pg';
import type { Logger } from '../../log.ts';

/** Default location of the numbered migration files (`001_init.sql`, `002_...`). */
export const migrationsDir = new URL('../../../sql/', import.meta.url).pathname;

// An arbitrary constant shared by every instance of the app: whoever holds it migrates.
const MIGRATION_LOCK = 727_000_001;

export interface AppliedMigration {
  name: string;
}

/**
 * Applies every `sql/*.sql` file not yet recorded, in name order, each in its own transaction,
 * under a session advisory lock so two instances starting together apply each file once.
 * A small runner instead of a library: the files are plain SQL and the rules fit in this file.
 */
export async function migrate(
  db: ConnectionPool,
  log: Logger,
  dir: string = migrationsDir,
): Promise<AppliedMigration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f)).sort();
  return db.task(async (conn) => {
    await conn.query(sql`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      await conn.query(sql`
        CREATE TABLE IF NOT EXISTS schema_migrations (
          name text PRIMARY KEY,
          applied_at timestamptz NOT NULL DEFAULT now()
        )`);
      const done = new Set<string>(
        (await conn.query(sql`SELECT name FROM schema_migrations`)).map((r: { name: string }) => r.name),
      );
      const applied: AppliedMigration[] = [];
      for (const name of files) {
        if (done.has(name)) continue;
        await conn.tx(async (tx) => {
          await tx.query(sql.file(join(dir, name)));
          await tx.query(sql`INSERT INTO schema_migrations (name) VALUES (${name})`);
        });
        log.info({ migration: name }, 'migration applied');
        applied.push({ name });
      }
      return applied;
    } finally {
      await conn.query(sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`);
    }
  });
}
