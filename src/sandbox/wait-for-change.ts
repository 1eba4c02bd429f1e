import { SandboxTimeoutError } from './errors.ts';
import type { SandboxWorld } from './world.ts';

/**
 * Resolves with `check()`'s first truthy value, evaluated now and after every change of the
 * world; rejects after `timeoutMs` naming `what` it waited for, so a failing test says why.
 */
export function waitForChange<T>(
  world: SandboxWorld,
  check: () => T | undefined | null | false,
  timeoutMs: number,
  what: string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let unsubscribe: (() => void) | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settle = (): void => {
      settled = true;
      unsubscribe?.();
      if (timer) clearTimeout(timer);
    };
    const attempt = (): void => {
      if (settled) return;
      try {
        const value = check();
        if (value !== undefined && value !== null && value !== false) {
          settle();
          resolve(value);
        }
      } catch (error) {
        settle();
        reject(error);
      }
    };
    attempt();
    if (settled) return;
    unsubscribe = world.onChange(attempt);
    timer = setTimeout(() => {
      settle();
      reject(new SandboxTimeoutError(`sandbox: timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
  });
}
