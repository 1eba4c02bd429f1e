import { createHash, timingSafeEqual } from 'node:crypto';
import { FastResponse } from 'srvx';
import { type Logger, maskSecrets } from '../log.ts';

export interface WebhookOptions {
  /** WEBHOOK_SECRET; without one no request can authenticate. */
  secret: string | undefined;
  /**
   * Applies one parsed update (grammY's `bot.handleUpdate`); resolves once it is committed.
   * Throws NotReadyError while the app is starting.
   */
  handleUpdate: (update: { update_id: number }) => Promise<void>;
  maxBytes?: number;
  log: Logger;
}

/** The bot is not ready to take updates yet: Telegram is answered 503 and tries again. */
export class NotReadyError extends Error {
  constructor() {
    super('not ready for updates yet');
    this.name = 'NotReadyError';
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * A check of a presented secret against `secret`, in constant time (hashes make the lengths
 * equal). The secret's digest is computed once, not per request.
 */
export function secretChecker(secret: string | undefined): (given: string | null) => boolean {
  const expected = secret ? digest(secret) : undefined;
  return (given) => expected !== undefined && given !== null && timingSafeEqual(digest(given), expected);
}

/** `secretChecker(secret)(given)`, for a secret checked once. */
export function secretMatches(given: string | null, secret: string | undefined): boolean {
  return secretChecker(secret)(given);
}

/**
 * What to log of a failed update: the cause inside grammY's BotError (whose context object holds
 * the API client and so the token), with any secret in its text masked.
 */
function loggable(error: unknown): { type: string; message: string; stack?: string } {
  const cause = error instanceof Error && 'ctx' in error && 'error' in error ? error.error : error;
  if (!(cause instanceof Error)) return { type: typeof cause, message: maskSecrets(String(cause)) };
  return { type: cause.name, message: maskSecrets(cause.message), stack: maskSecrets(cause.stack ?? '') };
}

/**
 * The answer to an applied update; Telegram reads only the status. srvx's response writes
 * straight to the socket without building a web stream (it is a Response to every caller).
 */
const OK = (): Response =>
  new FastResponse('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } });

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/**
 * Reads at most `max` bytes of the body; undefined when it is larger. A body whose length is
 * declared (Telegram always declares it; Node's parser holds the sender to it) is read whole,
 * without a web stream; one sent in chunks is counted as it comes.
 */
async function readLimited(
  request: Request,
  declared: number | undefined,
  max: number,
): Promise<string | undefined> {
  if (declared !== undefined) return declared > max ? undefined : request.text();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      // Not cancelled: that would destroy the socket under the answer still to be written.
      // The rest is left unread and the 413 closes the connection.
      reader.releaseLock();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * POST /telegram/webhook: 401 without the right secret, 413 over the size limit, 400 for a
 * body that is not an update; otherwise the parsed update goes straight to the bot (no second
 * Request is built). A failure while handling answers
 * 500 so that Telegram delivers the update again (it is applied once: processed_updates).
 */
export function createWebhookHandler(options: WebhookOptions): (request: Request) => Promise<Response> {
  const max = options.maxBytes ?? 1_048_576;
  const authentic = secretChecker(options.secret);
  return async (request) => {
    if (!authentic(request.headers.get('x-telegram-bot-api-secret-token'))) {
      options.log.warn('webhook call with a missing or wrong secret');
      return json(401, { ok: false, error: 'unauthorized' });
    }
    const length = request.headers.get('content-length');
    const declared = length === null || !/^\d+$/.test(length) ? undefined : Number(length);
    const text = await readLimited(request, declared, max);
    if (text === undefined) {
      options.log.warn({ declared }, 'webhook body too large');
      return new Response(JSON.stringify({ ok: false, error: 'payload too large' }), {
        status: 413,
        headers: { 'content-type': 'application/json', connection: 'close' },
      });
    }
    let update: unknown;
    try {
      update = JSON.parse(text);
    } catch {
      options.log.warn({ bytes: text.length }, 'webhook body is not JSON');
      return json(400, { ok: false, error: 'malformed JSON' });
    }
    const id = (update as { update_id?: unknown } | null)?.update_id;
    if (typeof update !== 'object' || update === null || !Number.isSafeInteger(id)) {
      options.log.warn('webhook body is not a Telegram update');
      return json(400, { ok: false, error: 'not an update' });
    }
    try {
      await options.handleUpdate(update as { update_id: number });
      return OK();
    } catch (error) {
      if (error instanceof NotReadyError) return json(503, { ok: false, error: 'starting' });
      options.log.error({ err: loggable(error), updateId: id }, 'update not processed; Telegram will retry');
      return json(500, { ok: false, error: 'not processed' });
    }
  };
}
