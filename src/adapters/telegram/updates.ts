import type { ConnectionPool } from '@databases/pg';
import type { Context } from 'grammy';
import type { User } from 'grammy/types';
import type { Logger } from '../../log.ts';
import type { Speaker } from '../../machines/conversation.ts';
import type { Clock } from '../../runtime/clock.ts';
import { SnapshotRestoreError, TransitionError, UnknownMachineError } from '../../runtime/errors.ts';
import type { ActorHost } from '../../runtime/host.ts';
import { renderMessage, unexpectedProblem } from '../../voice/index.ts';

export interface RouterDeps {
  host: ActorHost;
  db: ConnectionPool;
  clock: Clock;
  adminIds: readonly number[];
  log: Logger;
  /**
   * How long to keep retrying an update when Postgres or the queue is unreachable. In webhook
   * mode 0: the error answers 5xx and Telegram retries. In long polling the update would be
   * lost once the offset moves on, so the router waits for the database to come back.
   */
  retryInfrastructureForMs?: number;
}

/** Errors of a machine or its data: retrying the update cannot help, so the person is told. */
function isLogicError(error: unknown): boolean {
  return (
    error instanceof TransitionError ||
    error instanceof SnapshotRestoreError ||
    error instanceof UnknownMachineError
  );
}

/** What to log of a result: a status string, or a send's status and state (not its snapshot). */
function summarize(result: unknown): unknown {
  if (typeof result !== 'object' || result === null) return result;
  const { status, state } = result as { status?: unknown; state?: unknown };
  return state === undefined ? status : `${String(status)} ${String(state)}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Who is talking, with admin rights read from ADMIN_IDS on this very update. */
export function speakerOf(deps: RouterDeps, from: User, chatId: number): Speaker {
  return {
    userId: from.id,
    chatId,
    firstName: from.first_name,
    admin: deps.adminIds.includes(from.id),
    superAdmin: deps.adminIds[0] === from.id,
  };
}

/**
 * Runs the work that applies one update. Infrastructure failures are retried (polling) or
 * rethrown (webhook: Telegram retries); a machine's own failure is logged and the person in
 * `chatId` (if any) hears about an unexpected problem instead of silence.
 */
export async function applyUpdate(
  deps: RouterDeps,
  ctx: Context,
  chatId: number | undefined,
  work: () => Promise<unknown>,
): Promise<void> {
  // Fields rather than a child logger: a child is built (its bindings serialised) per update.
  const { log } = deps;
  const ids = { updateId: ctx.update.update_id, userId: ctx.from?.id };
  const giveUpAt = Date.now() + (deps.retryInfrastructureForMs ?? 0);
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await work();
        if (log.isLevelEnabled('debug')) log.debug({ ...ids, result: summarize(result) }, 'update applied');
        return;
      } catch (error) {
        if (isLogicError(error) || Date.now() >= giveUpAt) throw error;
        log.warn({ ...ids, err: error, attempt }, 'update not applied yet; retrying');
        await sleep(Math.min(5_000, 200 * 2 ** attempt));
      }
    }
  } catch (error) {
    if (!isLogicError(error)) throw error;
    log.error({ ...ids, err: error }, 'update could not be applied');
    if (chatId === undefined) return;
    await ctx.api
      .sendMessage(chatId, renderMessage(unexpectedProblem, {}).text, { parse_mode: 'HTML' })
      .catch((err) => log.warn({ ...ids, err }, 'could not tell the person about the problem'));
  }
}
