import type { ConnectionPool } from '@databases/pg';
import { readyRequestUserIds } from '../../domain/free-requests.ts';
import type { Clock } from '../../runtime/clock.ts';
import { actorId } from '../../runtime/registry.ts';
import type { ActorEvent, EffectHandler } from '../../runtime/types.ts';
import type { ApiForEffect } from './bot.ts';
import { callTelegram, isTelegramError } from './errors.ts';

export interface FreeEffectDeps {
  api: ApiForEffect;
  db: ConnectionPool;
  clock: Clock;
  /** Sends an event to an actor (the host, once it exists). */
  sendToActor: (actorId: string, event: ActorEvent) => Promise<unknown>;
}

/** Join requests answered by the freeAccess machine, and the admin's "approve all ready now". */
export function freeEffects(deps: FreeEffectDeps): Record<string, EffectHandler> {
  return {
    'telegram.approveJoinRequest': async (raw, context) => {
      const api = deps.api(context);
      const { userId, chatId } = raw as { userId: number; chatId: number };
      try {
        await api.approveChatJoinRequest(chatId, userId);
        return { outcome: 'approved' };
      } catch (error) {
        // A withdrawn request, or someone already inside: the work is done either way.
        if (isTelegramError(error, 400, 'HIDE_REQUESTER_MISSING')) return { outcome: 'request_missing' };
        if (isTelegramError(error, 400, 'USER_ALREADY_PARTICIPANT')) return { outcome: 'already_member' };
        return callTelegram(() => Promise.reject(error));
      }
    },
    'telegram.declineJoinRequest': async (raw, context) => {
      const api = deps.api(context);
      const { userId, chatId } = raw as { userId: number; chatId: number };
      try {
        await api.declineChatJoinRequest(chatId, userId);
      } catch (error) {
        if (!isTelegramError(error, 400, 'HIDE_REQUESTER_MISSING'))
          return callTelegram(() => Promise.reject(error));
      }
      return { declined: true };
    },
    'free.approveReady': async () => {
      const ready = await readyRequestUserIds(deps.db, deps.clock.date(), 1000);
      for (const userId of ready)
        await deps.sendToActor(actorId('freeAccess', userId), { type: 'APPROVE_NOW' });
      return { approved: ready.length };
    },
  };
}
