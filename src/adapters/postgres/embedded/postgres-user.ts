import type { Logger } from '../../../log.ts';
import { execFileAsync } from './programs.ts';

/* The postgres system user: Postgres refuses to run as root, so as root it runs as this user. */

export interface Owner {
  uid: number;
  gid: number;
}

/** The postgres user (created if missing) when running as root; undefined otherwise. */
export async function postgresOwner(log: Logger): Promise<Owner | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const existing = await lookupUser('postgres');
  if (existing !== undefined) return existing;
  log.info('creating the system user "postgres": Postgres refuses to run as root');
  try {
    await execFileAsync('groupadd', ['--system', 'postgres']).catch(async (error) => {
      if ((await execFileAsync('getent', ['group', 'postgres']).catch(() => undefined)) === undefined)
        throw error;
    });
    await execFileAsync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres']);
  } catch (error) {
    throw new Error(
      'Running as root, and the system user "postgres" could not be created (groupadd/useradd)',
      { cause: error },
    );
  }
  const created = await lookupUser('postgres');
  if (created === undefined) throw new Error('The system user "postgres" was created but cannot be found');
  return created;
}

async function lookupUser(name: string): Promise<Owner | undefined> {
  try {
    const [uid, gid] = await Promise.all([
      execFileAsync('id', ['-u', name]),
      execFileAsync('id', ['-g', name]),
    ]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

export async function assertReachable(owner: Owner, paths: string[]): Promise<void> {
  for (const target of paths) {
    try {
      await execFileAsync('test', ['-x', target], { uid: owner.uid, gid: owner.gid });
    } catch {
      throw new Error(
        `The system user "postgres" cannot reach ${target}; keep the app and DATA_DIR in directories others may enter (not under /root)`,
      );
    }
  }
}
