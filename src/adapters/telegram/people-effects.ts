import type { ConnectionPool } from '@databases/pg';
import { getBotConfigRecent } from '../../domain/bot-config.ts';
import { getPackage } from '../../domain/packages.ts';
import { findUser } from '../../domain/users.ts';
import type { Logger } from '../../log.ts';
import type { EffectHandler } from '../../runtime/types.ts';
import type { ApiForEffect } from './bot.ts';
import { renderInterestNotice } from './content-screens.ts';
import { callTelegram } from './errors.ts';

export interface PeopleEffectDeps {
  api: ApiForEffect;
  db: ConnectionPool;
  adminIds: readonly number[];
  log: Logger;
}

/**
 * Effects about people: finding one for an admin, expelling one from both channels (all or
 * nothing), and telling every admin about an interest in a package.
 */
export function peopleEffects(deps: PeopleEffectDeps): Record<string, EffectHandler> {
  return {
    'telegram.findUser': async (raw) => {
      const { query } = raw as { query: string };
      const user = await findUser(deps.db, query);
      return { userId: user?.userId ?? null };
    },

    'telegram.expel': async (raw, context) => {
      const api = deps.api(context);
      const { userId } = raw as { userId: number };
      const config = await getBotConfigRecent(deps.db);
      const channels = [config.vipChannelId, config.freeChannelId].filter((id): id is number => id !== null);
      const done: number[] = [];
      for (const chatId of channels) {
        try {
          await callTelegram(() => api.banChatMember(chatId, userId));
          done.push(chatId);
        } catch (error) {
          // All or nothing: lift the bans already made, and report that nothing changed.
          deps.log.warn(
            { err: String(error), userId, chatId },
            'expulsion failed; undoing the first removal',
          );
          for (const undone of done) {
            await callTelegram(() => api.unbanChatMember(undone, userId, { only_if_banned: true }));
          }
          return { ok: false };
        }
      }
      return { ok: true };
    },

    'telegram.notifyAdmins': async (raw, context) => {
      const { userId, packageId, firstName, username } = raw as {
        userId: number;
        packageId: number;
        firstName: string;
        username: string | null;
      };
      const pkg = await getPackage(deps.db, packageId);
      if (!pkg) return { notified: 0 };
      const { text, keyboard: reply_markup } = renderInterestNotice({
        userId,
        firstName,
        username,
        packageId,
        packageName: pkg.name,
        category: pkg.category,
        price: pkg.price,
        currency: pkg.currency,
      });
      let notified = 0;
      const api = deps.api(context);
      for (const adminId of deps.adminIds) {
        // One admin who blocked the bot must not keep the others from hearing about it.
        await api.sendMessage(adminId, text, { parse_mode: 'HTML', reply_markup }).then(
          () => notified++,
          (err) =>
            deps.log.warn({ err: String(err), adminId }, 'an admin could not be told about an interest'),
        );
      }
      return { notified };
    },
  };
}
