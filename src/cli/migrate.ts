/**
 * `npm run migrate`: applies the pending `sql/*.sql` files to DATABASE_URL (or to the embedded
 * Postgres under DATA_DIR when it is unset) and exits. The app also does this at every start.
 */
import { startEmbeddedPostgres } from '../adapters/postgres/embedded.ts';
import { migrate } from '../adapters/postgres/migrations.ts';
import { createPool } from '../adapters/postgres/pool.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { maskSecrets, rootLogger } from '../log.ts';

async function run(): Promise<void> {
  const config = loadConfig();
  rootLogger.level = config.logLevel;
  const log = rootLogger.child({ module: 'migrate' });
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.dataDir, log });
  const db = createPool(config.databaseUrl ?? (embedded?.url as string), { log });
  try {
    const applied = await migrate(db, log);
    console.log(
      applied.length === 0 ? 'Database is up to date.' : `Applied: ${applied.map((m) => m.name).join(', ')}`,
    );
  } finally {
    await db.dispose();
    await embedded?.stop();
  }
}

run().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : maskSecrets(String(error)));
  process.exit(error instanceof ConfigError ? 2 : 1);
});
