/** Another writer moved the actor on between our read and our write. Retried by the host. */
export class ActorConflictError extends Error {
  constructor(readonly actorId: string) {
    super(`actor ${actorId} was changed concurrently`);
    this.name = 'ActorConflictError';
  }
}

/** A stored snapshot no longer fits its machine (and no migration could make it fit). */
export class SnapshotRestoreError extends Error {
  constructor(
    readonly actorId: string,
    readonly reason: string,
  ) {
    super(`snapshot of ${actorId} cannot be restored: ${reason}`);
    this.name = 'SnapshotRestoreError';
  }
}

/** The machine itself failed while computing a transition (a bug in a guard or an assign). */
export class TransitionError extends Error {
  constructor(
    readonly actorId: string,
    readonly eventType: string,
    options?: { cause?: unknown },
  ) {
    super(`actor ${actorId} failed to handle ${eventType}`, options);
    this.name = 'TransitionError';
  }
}

/** An actor id whose machine is not registered, or whose shape is not "<machine>:<key>". */
export class UnknownMachineError extends Error {
  constructor(readonly actorId: string) {
    super(`no registered machine for actor ${actorId}`);
    this.name = 'UnknownMachineError';
  }
}

/** Thrown by an effect handler when a later attempt may succeed (network, 5xx, 429). */
export class RetryableEffectError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'RetryableEffectError';
  }
}

/** Thrown by an effect handler when no later attempt can succeed (the user blocked the bot). */
export class PermanentEffectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentEffectError';
  }
}
