import { randomBytes } from 'node:crypto';
import pg, { type ConnectionPool, sql } from '@databases/pg';
import { migrate } from '../../src/adapters/postgres/migrations.ts';
import { createPool } from '../../src/adapters/postgres/pool.ts';
import { rootLogger } from '../../src/log.ts';

/** The server tests use; CI and developer machines run one on 127.0.0.1:5432 with trust auth. */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  name: string;
  db: ConnectionPool;
  drop(): Promise<void>;
}

function urlFor(database: string): string {
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A fresh, migrated database of its own for one test file, dropped at the end. */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `lucien_test_${randomBytes(6).toString('hex')}`;
  const admin = pg.default({ connectionString: TEST_SERVER_URL, ssl: 'disable', bigIntMode: 'number' });
  await admin.query(sql`CREATE DATABASE ${sql.ident(name)}`);
  await admin.dispose();
  const url = urlFor(name);
  const db = createPool(url, { log: rootLogger, poolSize: 20 });
  if (options.migrate !== false) await migrate(db, rootLogger);
  let dropped = false;
  return {
    url,
    name,
    db,
    async drop() {
      if (dropped) return;
      dropped = true;
      await db.dispose();
      const server = pg.default({ connectionString: TEST_SERVER_URL, ssl: 'disable', bigIntMode: 'number' });
      await server.query(sql`DROP DATABASE IF EXISTS ${sql.ident(name)} WITH (FORCE)`);
      await server.dispose();
    },
  };
}
