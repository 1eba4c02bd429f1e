import type { Logger } from '../log.ts';
import type { ActorHost } from './host.ts';

/** How late a timer may be before maintenance fires it directly instead of waiting for its job. */
const OVERDUE_GRACE_MS = 60_000;

/**
 * Once a minute (cluster-wide, through the job queue) and at start: run effects a crashed
 * process left undone, re-send timer jobs that went missing, fire timers long overdue.
 */
export async function runMaintenance(host: ActorHost, log: Logger): Promise<void> {
  const swept = await host.executor.sweep();
  const resent = await host.reconcileTimers();
  const fired = await host.fireDueTimers(1000, OVERDUE_GRACE_MS);
  if (swept + fired > 0) log.info({ swept, resent, fired }, 'maintenance repaired work left undone');
}
