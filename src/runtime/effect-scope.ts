import { AsyncLocalStorage } from 'node:async_hooks';

/** The outbound effect being executed, visible to the adapters it calls (its idempotency key). */
export interface EffectScope {
  idempotencyKey: string;
  actorId: string;
  attempt: number;
}

const storage = new AsyncLocalStorage<EffectScope>();

/** Runs `work` as the execution of one effect. */
export function runInEffectScope<T>(scope: EffectScope, work: () => Promise<T>): Promise<T> {
  return storage.run(scope, work);
}

/** The effect whose execution is running now, if any. */
export function currentEffect(): EffectScope | undefined {
  return storage.getStore();
}
