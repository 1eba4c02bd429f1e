import pg, { sql } from '@databases/pg';
import { maskSecrets } from '../log.ts';
import { LEGACY_TABLES, type LegacyRow, type LegacyTable } from './schema.ts';
import { type LegacySource, LegacySourceError } from './source.ts';

const loopback = /@(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;

/**
 * The previous bot's tables in a Postgres database (it could run on Postgres as well). Every
 * column is read as text, so that values reach the importer in one shape whatever their type.
 */
export async function openPostgresSource(url: string): Promise<LegacySource> {
  const label = maskSecrets(url);
  const db = pg.default({
    connectionString: url,
    bigIntMode: 'number',
    ssl: loopback.test(url) ? 'disable' : undefined,
    poolSize: 2,
    connectionTimeoutMilliseconds: 5_000,
  });
  try {
    await db.query(sql`SELECT 1`);
  } catch (cause) {
    await db.dispose().catch(() => {});
    throw new LegacySourceError('unreachable', label, { cause });
  }
  return {
    label,
    async columns(table) {
      const rows = await db.query(sql`
        SELECT column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = ${table}
        ORDER BY ordinal_position`);
      return rows.length === 0 ? undefined : rows.map((r: { column_name: string }) => r.column_name);
    },
    async rows<T extends LegacyTable>(table: T): Promise<LegacyRow<T>[]> {
      const spec = LEGACY_TABLES[table];
      const columns = sql.join(
        spec.columns.map((c) => sql`${sql.ident(c)}::text AS ${sql.ident(c)}`),
        ', ',
      );
      return db.query(sql`SELECT ${columns} FROM ${sql.ident(table)} ORDER BY ${sql.ident(spec.order)}`);
    },
    async close() {
      await db.dispose();
    },
  };
}
