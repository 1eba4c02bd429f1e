import { readFile } from 'node:fs/promises';
import initSqlJs from 'sql.js';
import { LEGACY_TABLES, type LegacyRow, type LegacyTable } from './schema.ts';
import { type LegacySource, LegacySourceError } from './source.ts';

/** Every SQLite file starts with these 16 bytes. */
const SQLITE_MAGIC = 'SQLite format 3\u0000';

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * A SQLite file of the previous bot, read in memory with sql.js (WebAssembly: nothing to build).
 * A file that is missing or not SQLite is refused before any query.
 */
export async function openSqliteSource(path: string): Promise<LegacySource> {
  const bytes = await readFile(path).catch((cause) => {
    throw new LegacySourceError('file_missing', path, { cause });
  });
  if (bytes.subarray(0, 16).toString('latin1') !== SQLITE_MAGIC)
    throw new LegacySourceError('not_sqlite', path);
  const SQL = await initSqlJs();
  const db = new SQL.Database(bytes);
  return {
    label: path,
    async columns(table) {
      const [result] = db.exec(`PRAGMA table_info(${quote(table)})`);
      if (!result) return undefined;
      const nameAt = result.columns.indexOf('name');
      return result.values.map((row) => String(row[nameAt]));
    },
    async rows<T extends LegacyTable>(table: T): Promise<LegacyRow<T>[]> {
      const spec = LEGACY_TABLES[table];
      const statement = db.prepare(
        `SELECT ${spec.columns.map(quote).join(', ')} FROM ${quote(table)} ORDER BY ${quote(spec.order)}`,
      );
      const rows: LegacyRow<T>[] = [];
      try {
        while (statement.step()) {
          const values = statement.get();
          const row: Record<string, string | number | null> = {};
          spec.columns.forEach((column, i) => {
            const value = values[i];
            row[column] = value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : (value ?? null);
          });
          rows.push(row as LegacyRow<T>);
        }
      } finally {
        statement.free();
      }
      return rows;
    },
    async close() {
      db.close();
    },
  };
}
