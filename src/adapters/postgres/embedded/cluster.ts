import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { chown, mkdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../../log.ts';
import type { Owner } from './postgres-user.ts';
import { execFileAsync, spawnBinary } from './programs.ts';

/*
 * The cluster: `<dataDir>/pg`, created by initdb in `<dataDir>/pg.initialising` and renamed when complete
 * (so `pg/PG_VERSION` always means a finished cluster), and `<dataDir>/pg.password`, its superuser's password.
 */

export const SUPERUSER = 'lucien';

export interface Cluster {
  pgDir: string;
  passwordFile: string;
  /** True when this start ran initdb. */
  created: boolean;
}

/** Initialises the cluster on the first start; on later ones, re-owns it for the postgres user. */
export async function prepareCluster(
  initdb: string,
  dataDir: string,
  owner: Owner | undefined,
  log: Logger,
): Promise<Cluster> {
  const pgDir = path.join(dataDir, 'pg');
  const passwordFile = path.join(dataDir, 'pg.password');
  const existed = await isCluster(pgDir);
  if (!existed) await initialiseCluster(initdb, { dataDir, pgDir, passwordFile }, owner, log);
  // Re-owned on every start: a restored backup or a re-created postgres user has other ids.
  else if (owner !== undefined) await execFileAsync('chown', ['-R', `${owner.uid}:${owner.gid}`, pgDir]);
  return { pgDir, passwordFile, created: !existed };
}

export async function readPassword({ passwordFile, pgDir }: Cluster): Promise<string> {
  try {
    return (await readFile(passwordFile, 'utf8')).trim();
  } catch (error) {
    throw new Error(
      `The cluster ${pgDir} exists but its password file ${passwordFile} is missing; restore it`,
      { cause: error },
    );
  }
}

/** True for a finished cluster. A leftover that is not one is refused rather than overwritten. */
async function isCluster(pgDir: string): Promise<boolean> {
  if (await exists(path.join(pgDir, 'PG_VERSION'))) return true;
  if (!(await exists(pgDir))) return false;
  await rmdir(pgDir).catch(() => {
    throw new Error(`${pgDir} is not a Postgres cluster (no PG_VERSION) and not empty; move it away`);
  });
  return false;
}

async function initialiseCluster(
  initdb: string,
  { dataDir, pgDir, passwordFile }: { dataDir: string; pgDir: string; passwordFile: string },
  owner: Owner | undefined,
  log: Logger,
): Promise<void> {
  // Only an unfinished first run leaves this behind: finished clusters live in pg/.
  const target = path.join(dataDir, 'pg.initialising');
  await rm(target, { recursive: true, force: true });
  await mkdir(target, { mode: 0o700 });
  await rm(passwordFile, { force: true });
  await writeFile(passwordFile, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
  if (owner !== undefined) {
    await chown(target, owner.uid, owner.gid);
    await chown(passwordFile, owner.uid, owner.gid);
  }
  log.info({ dataDir }, 'initialising the embedded Postgres cluster (first run)');
  const args = [`--pgdata=${target}`, `--username=${SUPERUSER}`, `--pwfile=${passwordFile}`];
  args.push('--auth=scram-sha-256', '--no-instructions');
  // UTF8 with the builtin C.UTF-8 locale: Unicode-aware upper()/lower() with no OS locale needed.
  args.push('--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8');
  const { child, output } = spawnBinary(initdb, args, { owner, detached: false, log });
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`initdb failed (exit ${code}):\n${output.recent.join('\n')}`);
  await rename(target, pgDir);
}

async function exists(target: string): Promise<boolean> {
  return stat(target).then(
    () => true,
    () => false,
  );
}
