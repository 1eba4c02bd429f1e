import { readFile, realpath, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../../log.ts';
import {
  commandLine,
  processExists,
  shutDown,
  waitForExit,
  waitForSharedMemoryRelease,
} from './processes.ts';

/* Recovery after a kill -9: what a previous run's postmaster.pid says, and what to do about it. */

/**
 * A postmaster.pid left by a previous run (we hold the lock, so whoever wrote it is gone):
 * - its pid no longer exists: nothing to do, Postgres replaces the file after its own checks;
 * - a live Postgres serving this directory, orphaned by a killed Lucien: shut down cleanly;
 * - a zombie (a killed postmaster nobody reaped) or a pid reused by another process: Postgres would refuse
 *   to start, so the file is removed, but only once no process of the old server is attached to its
 *   shared memory (removing it while old backends live is how clusters get corrupted).
 */
export async function clearPreviousPostmaster(pgDir: string, log: Logger): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  const lines = (await readFile(pidFile, 'utf8').catch(() => '')).split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !processExists(pid)) return;
  const servesThisCluster = await isPostmasterOf(pid, pgDir);
  if (servesThisCluster === undefined) return;
  if (servesThisCluster) {
    log.warn({ pid }, 'stopping the embedded Postgres left running by a previous Lucien process');
    await shutDown(pid, (ms) => waitForExit(pid, ms));
    return;
  }
  // postmaster.pid line 7: "key shmid" of the old server's System V segment.
  const detached = await waitForSharedMemoryRelease(lines[6]?.trim().split(/\s+/)[1]);
  if (detached === undefined) return;
  if (!detached) {
    throw new Error(
      `Processes of a previous Postgres still use ${pgDir} (see postmaster.pid); stop them first`,
    );
  }
  log.warn({ pid }, 'removing the postmaster.pid of a Postgres that was killed');
  await unlink(pidFile);
}

/** undefined when the process cannot be inspected: then Postgres's own check decides. */
async function isPostmasterOf(pid: number, pgDir: string): Promise<boolean | undefined> {
  const args = await commandLine(pid);
  if (args === undefined) return processExists(pid) ? undefined : false;
  const dir = args[args.indexOf('-D') + 1];
  if (!args.includes('-D') || dir === undefined) return false;
  const [theirs, ours] = await Promise.all([realpath(dir).catch(() => dir), realpath(pgDir)]);
  return theirs === ours;
}
