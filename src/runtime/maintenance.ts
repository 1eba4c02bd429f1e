import type { Logger } from '../log.ts';
import type { ActorHost } from './host.ts';
import { pruneHistory } from './retention.ts';

/** How late a timer may be before maintenance fires it directly instead of waiting for its job. */
const OVERDUE_GRACE_MS = 60_000;

/**
 * Once a minute (cluster-wide, through the job queue): run effects a crashed process left
 * undone, re-send timer jobs that went missing, fire timers long overdue, and delete the
 * bookkeeping older than the retention (runtime/retention.ts).
 */
export async function runMaintenance(host: ActorHost, log: Logger): Promise<void> {
  const swept = await host.executor.sweep();
  const resent = await host.reconcileTimers();
  const fired = await host.fireDueTimers(1000, OVERDUE_GRACE_MS);
  if (swept + fired > 0) log.info({ swept, resent, fired }, 'maintenance repaired work left undone');
  const pruned = await pruneHistory(host.db);
  if (pruned.updates + pruned.effects > 0) log.info(pruned, 'old update ids and done effects deleted');
}

/**
 * At start: the same repairs, but every timer already due fires, without the grace (a timer
 * whose job was taken by the process that died would otherwise wait for its job to expire or
 * for the next maintenance). Due timers fire in the background so /health is not held back by a
 * long backlog; each fires once whoever gets there first (the row is taken atomically).
 */
export async function runStartupMaintenance(host: ActorHost, log: Logger): Promise<void> {
  const swept = await host.executor.sweep();
  const resent = await host.reconcileTimers();
  if (swept > 0) log.info({ swept, resent }, 'maintenance repaired work left undone');
  void host.fireDueTimers(10_000, 0).then(
    (fired) => {
      if (fired > 0) log.info({ fired }, 'timers due while the app was down fired');
    },
    (err) => log.warn({ err }, 'due timers not fired at start; maintenance will'),
  );
}
