import type { ResponseParameters } from 'grammy/types';

/**
 * A Bot API failure exactly as Telegram reports it: the HTTP status doubles as `error_code`,
 * and `description` carries Telegram's wording, which bots match on.
 */
export class BotApiError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(description);
    this.name = 'BotApiError';
  }

  toJSON(): { ok: false; error_code: number; description: string; parameters?: ResponseParameters } {
    return {
      ok: false,
      error_code: this.errorCode,
      description: this.description,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    };
  }
}

export const badRequest = (detail: string): BotApiError => new BotApiError(400, `Bad Request: ${detail}`);
export const forbidden = (detail: string): BotApiError => new BotApiError(403, `Forbidden: ${detail}`);
export const conflict = (detail: string): BotApiError => new BotApiError(409, `Conflict: ${detail}`);
export const unauthorized = (): BotApiError => new BotApiError(401, 'Unauthorized');
export const methodNotFound = (): BotApiError => new BotApiError(404, 'Not Found');
export const tooManyRequests = (retryAfter: number): BotApiError =>
  new BotApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });

/** What a Telegram app would show a person whose action failed, e.g. `INVITE_HASH_EXPIRED`. */
export class SandboxClientError extends Error {
  constructor(
    readonly code: string,
    message: string = code,
  ) {
    super(message);
    this.name = 'SandboxClientError';
  }
}

/** A sandbox waiter (`waitForMessage`, ...) gave up; the message names what it waited for. */
export class SandboxTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxTimeoutError';
  }
}
