import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorCode } from './error-code.ts';
import { execFileAsync } from './programs.ts';

/* Other processes, by pid: liveness, start time, command line, shared memory, and stopping them. */

export const SHUTDOWN_TIMEOUT_MS = 30_000;

/** Exists in the process table, zombies included. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

/** Exists and runs: a zombie is a process that ended but that its parent (init, for orphans) has not reaped. */
export function isProcessAlive(pid: number): boolean {
  return processExists(pid) && procStat(pid)?.[0] !== 'Z';
}

export function processStartTime(pid: number): string | undefined {
  return procStat(pid)?.[19];
}

/** Fields of /proc/<pid>/stat after the command name (state first), or undefined off Linux. */
function procStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** From /proc on Linux; from ps elsewhere (macOS), where arguments containing spaces are split apart. */
export async function commandLine(pid: number): Promise<string[] | undefined> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
  } catch {
    const listed = await execFileAsync('ps', ['-o', 'command=', '-p', String(pid)]).catch(() => undefined);
    return listed?.stdout.trim().split(/\s+/);
  }
}

/**
 * Waits until no process is attached to the System V shared memory segment `shmid`. undefined when
 * that cannot be known (no shmid, no /proc/sysvipc): then Postgres decides.
 */
export async function waitForSharedMemoryRelease(shmid: string | undefined): Promise<boolean | undefined> {
  if (shmid === undefined) return undefined;
  const deadline = Date.now() + 10_000;
  for (;;) {
    let table: string;
    try {
      table = await readFile('/proc/sysvipc/shm', 'utf8');
    } catch {
      return undefined;
    }
    const row = table
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .find((fields) => fields[1] === shmid);
    if (row === undefined || row[6] === '0') return true;
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
}

export async function waitForExit(pid: number, timeoutMs = SHUTDOWN_TIMEOUT_MS): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/** Fast shutdown (SIGINT); immediate (SIGQUIT) if it hangs; SIGKILL as the last resort. */
export async function shutDown(pid: number, exited: (timeoutMs?: number) => Promise<boolean>): Promise<void> {
  for (const [signal, timeoutMs] of [
    ['SIGINT', SHUTDOWN_TIMEOUT_MS],
    ['SIGQUIT', 5_000],
    ['SIGKILL', 5_000],
  ] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    if (await exited(timeoutMs)) return;
  }
}
