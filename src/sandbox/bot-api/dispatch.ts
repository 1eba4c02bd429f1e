import { BotApiError, methodNotFound } from '../errors.ts';
import { MethodParams, type RawParams } from '../method-params.ts';
import type { SandboxWorld } from '../world.ts';
import { type BotMethod, DescribedResult } from './bot-method.ts';
import { chatMethods } from './chat-methods.ts';
import { editMethods } from './edit-methods.ts';
import { inviteMethods } from './invite-methods.ts';
import { queryMethods } from './query-methods.ts';
import { sendMethods } from './send-methods.ts';
import { updateMethods } from './update-methods.ts';

const METHODS: Record<string, BotMethod> = {
  ...updateMethods,
  ...sendMethods,
  ...editMethods,
  ...queryMethods,
  ...chatMethods,
  ...inviteMethods,
};

/** Telegram matches method names case-insensitively (`/sendmessage` works). */
const METHODS_BY_LOWER_NAME = new Map(
  Object.entries(METHODS).map(([name, fn]) => [name.toLowerCase(), { name, fn }]),
);

export const SUPPORTED_METHODS: readonly string[] = Object.keys(METHODS);

export interface CallMeta {
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export interface CallOutcome {
  result: unknown;
  description?: string;
}

/**
 * Runs one Bot API method against the world, unless a test injected a failure for it
 * (`Sandbox.failNext`), and records it in the call log. Failures are `BotApiError`s with
 * Telegram's code and text; anything unexpected is logged and reported as Telegram's 500 so
 * the emulator's own bugs never look like a bot's mistake.
 */
export async function callBotMethod(
  world: SandboxWorld,
  method: string,
  raw: RawParams,
  meta: CallMeta = {},
): Promise<CallOutcome> {
  const entry = METHODS_BY_LOWER_NAME.get(method.toLowerCase());
  const name = entry?.name ?? method;
  const at = world.now();
  const hint = meta.idempotencyKey ? { idempotencyKey: meta.idempotencyKey } : {};
  let injected = false;
  try {
    if (!entry) throw methodNotFound();
    const failure = world.faults.take(name, raw);
    if (failure) {
      injected = true;
      throw failure;
    }
    const value = await entry.fn(world, new MethodParams(raw), meta.signal ? { signal: meta.signal } : {});
    const outcome: CallOutcome =
      value instanceof DescribedResult
        ? { result: value.result, description: value.description }
        : { result: value };
    world.calls.add({ at, method: name, params: raw, ok: true, result: outcome.result, ...hint });
    world.changed();
    return outcome;
  } catch (caught) {
    if (meta.signal?.aborted) throw caught;
    const error = caught instanceof BotApiError ? caught : new BotApiError(500, 'Internal Server Error');
    if (!(caught instanceof BotApiError))
      world.log.error({ err: caught, method: name }, 'sandbox method failed');
    world.calls.add({
      at,
      method: name,
      params: raw,
      ok: false,
      error: { error_code: error.errorCode, description: error.description },
      ...(injected ? { injected: true as const } : {}),
      ...hint,
    });
    world.changed();
    throw error;
  }
}
