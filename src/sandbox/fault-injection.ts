import { BotApiError, SandboxClientError } from './errors.ts';
import type { RawParams } from './method-params.ts';

/** A Bot API failure as Telegram reports it; the HTTP status is `error_code`. */
export interface InjectedFailure {
  error_code: number;
  description: string;
  /** Seconds; answered as `parameters.retry_after`, as Telegram does with 429. */
  retry_after?: number;
}

export interface FailNextOptions {
  /** How many matching calls fail (default 1). */
  times?: number;
  /** Only calls whose parameters (as the bot sent them) pass this fail. */
  when?: (params: Record<string, unknown>) => boolean;
}

interface Fault {
  method: string;
  failure: InjectedFailure;
  remaining: number;
  when?: (params: Record<string, unknown>) => boolean;
}

const invalid = (detail: string): SandboxClientError => new SandboxClientError('PARAMETER_INVALID', detail);

function checkFailure(failure: InjectedFailure): void {
  const { error_code: code, description, retry_after: retryAfter } = failure;
  // Telegram's errors are 4xx and 5xx; anything else would not read as a failure at all.
  if (!Number.isInteger(code) || code < 400 || code > 599)
    throw invalid('error_code must be an integer from 400 to 599');
  if (typeof description !== 'string' || description === '')
    throw invalid('description must be a non-empty string');
  if (retryAfter !== undefined && (!Number.isInteger(retryAfter) || retryAfter < 1))
    throw invalid('retry_after must be a positive integer');
}

/**
 * Failures a test asked for, as Telegram sometimes answers them (a 429 in a ban wave, a 502
 * during an outage, a 403 from a chat): each makes the next matching call(s) of its method fail
 * instead of running. Faults are tried in the order they were added; a call uses at most one.
 */
export class FaultInjector {
  private faults: Fault[] = [];

  /** `method` is the canonical name (`banChatMember`): the dispatcher asks with that spelling. */
  add(method: string, failure: InjectedFailure, options: FailNextOptions = {}): void {
    checkFailure(failure);
    const times = options.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw invalid('times must be a positive integer');
    this.faults.push({
      method,
      // A copy: the test's object may change later without changing what was asked for.
      failure: { ...failure },
      remaining: times,
      ...(options.when ? { when: options.when } : {}),
    });
  }

  /** The failure this call answers with, if a fault matches it; that fault has one use less. */
  take(method: string, params: RawParams): BotApiError | undefined {
    const fault = this.faults.find((f) => f.method === method && (f.when?.(params) ?? true));
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining === 0) this.faults = this.faults.filter((f) => f !== fault);
    const { error_code: code, description, retry_after: retryAfter } = fault.failure;
    return new BotApiError(
      code,
      description,
      retryAfter === undefined ? undefined : { retry_after: retryAfter },
    );
  }

  clear(): void {
    this.faults = [];
  }
}
