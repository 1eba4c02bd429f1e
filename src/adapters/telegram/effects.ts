import type { ConnectionPool } from '@databases/pg';
import type { Api } from 'grammy';
import { lastVariants, rememberVariants } from '../../domain/voice-memory.ts';
import type { ShowScreenParams } from '../../machines/conversation.ts';
import type { Clock } from '../../runtime/clock.ts';
import type { EffectHandler } from '../../runtime/types.ts';
import { partOfDay } from '../../voice/index.ts';
import { classifyTelegramError, isTelegramError } from './errors.ts';
import { messageKeysOf, renderScreen } from './screens.ts';

export interface TelegramEffectDeps {
  api: Api;
  db: ConnectionPool;
  clock: Clock;
  timeZone: string;
}

/** Runs a Bot API call, turning Telegram's refusals into retryable or final effect errors. */
async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw classifyTelegramError(error);
  }
}

/** The outbound effects machines may ask for, by action name. */
export function telegramEffects(deps: TelegramEffectDeps): Record<string, EffectHandler> {
  const showScreen: EffectHandler = async (raw) => {
    const params = raw as unknown as ShowScreenParams;
    const greeting = params.greeting ?? 'returning';
    const keys = messageKeysOf({ screen: params.screen, greeting });
    const last = await lastVariants(deps.db, params.userId, keys);
    const screen = renderScreen(
      {
        screen: params.screen,
        firstName: params.firstName,
        greeting,
        partOfDay: partOfDay(deps.clock.date(), deps.timeZone),
      },
      last,
    );
    const options = { parse_mode: 'HTML' as const, reply_markup: screen.keyboard };
    let messageId: number | undefined;
    if (params.mode === 'edit' && params.messageId !== undefined) {
      const editedId = params.messageId;
      try {
        await deps.api.editMessageText(params.chatId, editedId, screen.text, options);
        messageId = editedId;
      } catch (error) {
        if (isTelegramError(error, 400, 'message is not modified')) messageId = editedId;
        else if (
          !isTelegramError(error, 400, 'message to edit not found') &&
          !isTelegramError(error, 400, "message can't be edited")
        ) {
          throw classifyTelegramError(error);
        }
      }
    }
    if (messageId === undefined) {
      const sent = await call(() => deps.api.sendMessage(params.chatId, screen.text, options));
      messageId = sent.message_id;
    }
    await rememberVariants(deps.db, params.userId, screen.shown);
    return { messageId };
  };

  return { 'telegram.showScreen': showScreen };
}
