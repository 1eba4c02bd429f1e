import { Api, GrammyError } from 'grammy';
import * as assert from 'uvu/assert';
import {
  createBotApiHandler,
  Sandbox,
  type SandboxOptions,
  serveFetchHandler,
} from '../../src/sandbox/index.ts';

export interface Harness {
  sandbox: Sandbox;
  api: Api;
  /** The served emulator's root, e.g. http://127.0.0.1:41234 (grammY's apiRoot). */
  url: string;
  close(): Promise<void>;
}

/** A sandbox served over real HTTP on an ephemeral port, and grammY's Api talking to it. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Harness> {
  const sandbox = new Sandbox({ flood: { enabled: false }, ...options });
  const served = await serveFetchHandler(createBotApiHandler(sandbox), { port: 0 });
  const api = new Api(sandbox.token, { apiRoot: served.url });
  return {
    sandbox,
    api,
    url: served.url,
    close: async () => {
      sandbox.close();
      await served.close();
    },
  };
}

/** Awaits a Bot API call that must fail, and returns grammY's error for its code and text. */
export async function apiError(call: Promise<unknown>): Promise<GrammyError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof GrammyError) return error;
    throw error;
  }
  assert.unreachable('the call succeeded but was expected to fail');
  throw new Error('unreachable');
}

/** A user who pressed START, so the bot may write to them. */
export function startedUser(sandbox: Sandbox, firstName = 'Ana'): number {
  const user = sandbox.createUser({ first_name: firstName });
  sandbox.start(user.id);
  return user.id;
}

/** A manually advanced clock for the sandbox's `now` option. */
export function manualClock(startMs = Date.UTC(2026, 0, 1)) {
  let now = startMs;
  return {
    now: () => now,
    advanceSeconds: (seconds: number) => {
      now += seconds * 1000;
    },
  };
}
