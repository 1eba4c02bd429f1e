/**
 * `npm run import-legacy -- <sqlite file | postgres URL> [--dry-run]`: moves the previous bot's
 * data into Lucien's database (DATABASE_URL, migrated first). Exit codes: 0 done, 2 refused
 * (nothing to import from, or nowhere to import to), 1 stopped by a problem midway (what was
 * written stays; running it again is safe).
 */
import { migrate } from '../adapters/postgres/migrations.ts';
import { createPool } from '../adapters/postgres/pool.ts';
import {
  LegacySchemaError,
  type LegacySource,
  LegacySourceError,
  openPostgresSource,
  openSqliteSource,
  renderSummary,
  runImport,
  streamProgress,
} from '../import/index.ts';
import { maskSecrets, rootLogger } from '../log.ts';
import {
  importFailed,
  importFileMissing,
  importHeader,
  importMissingColumn,
  importMissingTable,
  importNoDatabaseUrl,
  importNotSqlite,
  importSourceUnreachable,
  importUsage,
} from '../voice/es/import.ts';
import { type Message, renderMessage } from '../voice/message.ts';

const say = <P>(m: Message<P>, params: P) => renderMessage(m, params).text;

/** Stops with exit code 2 and one sentence on stderr. */
function refuse(sentence: string): never {
  console.error(sentence);
  process.exit(2);
}

function sourceRefusal(error: LegacySourceError): string {
  switch (error.reason) {
    case 'file_missing':
      return say(importFileMissing, { path: error.label });
    case 'not_sqlite':
      return say(importNotSqlite, { path: error.label });
    case 'unreachable':
      return say(importSourceUnreachable, { source: error.label });
  }
}

const isPostgresUrl = (s: string) => /^postgres(ql)?:\/\//i.test(s);

/** ADMIN_IDS as the app reads it; the import only needs it to leave admins' roles alone. */
function adminIds(): number[] {
  return (process.env.ADMIN_IDS ?? '')
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isSafeInteger(n) && n > 0);
}

async function run(): Promise<void> {
  const args = process.argv.slice(2);
  const dryRun = args.includes('--dry-run');
  const positional = args.filter((a) => !a.startsWith('--'));
  if (positional.length !== 1 || args.includes('--help')) refuse(say(importUsage, {}));
  const from = positional[0] as string;
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) refuse(say(importNoDatabaseUrl, {}));
  rootLogger.level = process.env.LOG_LEVEL ?? 'warn';
  const log = rootLogger.child({ module: 'import-legacy' });

  let source: LegacySource;
  try {
    source = isPostgresUrl(from) ? await openPostgresSource(from) : await openSqliteSource(from);
  } catch (error) {
    if (error instanceof LegacySourceError) refuse(sourceRefusal(error));
    throw error;
  }
  const db = createPool(databaseUrl, { log });
  try {
    if (!dryRun) await migrate(db, log);
    console.log(say(importHeader, { source: source.label, dryRun }));
    const report = await runImport({
      source,
      db,
      log,
      dryRun,
      adminIds: adminIds(),
      progress: streamProgress(process.stderr),
    });
    console.log(renderSummary(report));
  } catch (error) {
    if (error instanceof LegacySchemaError) {
      const { table, column } = error.gap;
      refuse(
        column
          ? say(importMissingColumn, { source: source.label, table, column })
          : say(importMissingTable, { source: source.label, table }),
      );
    }
    throw error;
  } finally {
    await source.close();
    await db.dispose();
  }
}

run().catch((error) => {
  const detail = maskSecrets(error instanceof Error ? error.message : String(error));
  rootLogger.error(
    { err: maskSecrets(error instanceof Error ? (error.stack ?? detail) : detail) },
    'import stopped',
  );
  console.error(say(importFailed, { detail }));
  process.exit(1);
});
