import type { MethodParams } from '../method-params.ts';
import type { SandboxWorld } from '../world.ts';

export interface CallContext {
  /** Aborted when the HTTP client went away (a long poll stops waiting). */
  signal?: AbortSignal;
}

/** A result Telegram sends with a human-readable `description` beside it (e.g. "Webhook was set"). */
export class DescribedResult {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}

export type BotMethod = (world: SandboxWorld, params: MethodParams, context: CallContext) => unknown;

export type MethodTable = Record<string, BotMethod>;
