import { GrammyError, HttpError } from 'grammy';
import { PermanentEffectError, RetryableEffectError } from '../../runtime/errors.ts';

/**
 * Telegram's answer, in the runtime's terms: a 429 waits `retry_after`, a 5xx or a network
 * failure is tried again, any other refusal (blocked by the user, chat not found) is final.
 */
export function classifyTelegramError(error: unknown): Error {
  if (error instanceof GrammyError) {
    const description = `${error.method}: ${error.description}`;
    if (error.error_code === 429) {
      return new RetryableEffectError(description, (error.parameters.retry_after ?? 1) * 1000);
    }
    if (error.error_code >= 500) return new RetryableEffectError(description);
    return new PermanentEffectError(description);
  }
  if (error instanceof HttpError) return new RetryableEffectError(`network: ${error.message}`);
  return error instanceof Error ? error : new Error(String(error));
}

export function isTelegramError(error: unknown, code: number, descriptionPart: string): boolean {
  return (
    error instanceof GrammyError && error.error_code === code && error.description.includes(descriptionPart)
  );
}

/** Runs a Bot API call, turning Telegram's refusals into retryable or final effect errors. */
export async function callTelegram<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw classifyTelegramError(error);
  }
}
