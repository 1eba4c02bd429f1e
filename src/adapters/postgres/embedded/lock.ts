import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { errorCode } from './error-code.ts';
import { isProcessAlive, processStartTime } from './processes.ts';

/* The lock: one Lucien process per data directory. `<dataDir>/embedded-postgres.lock` names its owner. */

export class EmbeddedPostgresLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `Another Lucien process (pid ${pid}) uses the embedded Postgres in ${dataDir}; stop it or set another DATA_DIR`,
    );
    this.name = 'EmbeddedPostgresLockedError';
  }
}

export function embeddedPostgresLockFile(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'embedded-postgres.lock');
}

interface LockOwner {
  pid: number;
  /** The process's start time (Linux): a pid reused after a reboot or in a new container is not the owner. */
  started?: string;
}

/** Takes the lock or throws EmbeddedPostgresLockedError; returns its (idempotent, synchronous) release. */
export async function acquireLock(dataDir: string): Promise<() => void> {
  const lockFile = embeddedPostgresLockFile(dataDir);
  const mine = JSON.stringify({
    pid: process.pid,
    started: processStartTime(process.pid),
  } satisfies LockOwner);
  // Written whole, then linked into place: the lock never exists half-written.
  const draft = `${lockFile}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(draft, mine);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await link(draft, lockFile);
        return releaseLockOnce(lockFile, mine);
      } catch (error) {
        if (errorCode(error) !== 'EEXIST') throw error;
      }
      const held = await readFile(lockFile, 'utf8').catch(() => '');
      const owner = parseLockOwner(held);
      if (owner !== undefined && isOwnerAlive(owner))
        throw new EmbeddedPostgresLockedError(dataDir, owner.pid);
      await moveStaleLockAside(lockFile, held, dataDir);
    }
    throw new Error(`Could not take the lock ${lockFile}: it keeps changing hands`);
  } finally {
    await unlink(draft).catch(() => undefined);
  }
}

/**
 * Renames the stale lock away, then checks that what moved is the stale lock judged, not a fresh lock
 * that a process racing us created in between; such a lock is put back and its owner wins.
 */
async function moveStaleLockAside(lockFile: string, staleContent: string, dataDir: string): Promise<void> {
  const aside = `${lockFile}.stale.${process.pid}`;
  try {
    await rename(lockFile, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  const moved = await readFile(aside, 'utf8');
  if (moved !== staleContent) {
    await link(aside, lockFile).catch(() => undefined);
    await unlink(aside);
    throw new EmbeddedPostgresLockedError(dataDir, parseLockOwner(moved)?.pid ?? 0);
  }
  await unlink(aside);
}

function releaseLockOnce(lockFile: string, mine: string): () => void {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    try {
      if (readFileSync(lockFile, 'utf8') === mine) unlinkSync(lockFile);
    } catch {
      // Already gone: nothing to release.
    }
  };
  process.on('exit', release);
  return release;
}

function parseLockOwner(content: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(content) as Partial<LockOwner>;
    if (!Number.isInteger(parsed.pid) || (parsed.pid ?? 0) <= 0) return undefined;
    return {
      pid: parsed.pid as number,
      started: typeof parsed.started === 'string' ? parsed.started : undefined,
    };
  } catch {
    return undefined;
  }
}

function isOwnerAlive(owner: LockOwner): boolean {
  if (!isProcessAlive(owner.pid)) return false;
  const started = processStartTime(owner.pid);
  return owner.started === undefined || started === undefined || started === owner.started;
}
