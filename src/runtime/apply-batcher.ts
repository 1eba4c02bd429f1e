import type { ConnectionPool } from '@databases/pg';
import { ActorConflictError } from './errors.ts';
import {
  applyTransition,
  applyTransitions,
  type Claim,
  CONFLICT,
  type TransitionWrite,
  type TransitionWritten,
  transitionItem,
} from './store.ts';

/** An error Postgres itself reported (it carries a SQLSTATE): the statement was rolled back. */
function answeredByPostgres(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

interface Waiting {
  write: TransitionWrite;
  claim: Claim | undefined;
  item: string;
  resolve: (written: TransitionWritten) => void;
  reject: (error: unknown) => void;
}

export interface ApplyBatcherOptions {
  /** Transitions in one statement at most. */
  maxBatch?: number;
  /** Statements on their way at once; what arrives meanwhile waits for the next one. */
  maxInFlight?: number;
  /** Told of each statement written, with how many transitions it carried. */
  onBatch?: (size: number) => void;
}

/**
 * Writes the transitions of different actors that arrive together as one statement
 * (`applyTransitions`): one round trip and one commit for all of them. Alone, a transition is
 * written at once; under load, those computed while a statement is on its way go in the next.
 * Each `apply` answers for its own transition exactly as `applyTransition` would: written,
 * duplicate, or ActorConflictError (an actor that moved on does not hold back the others).
 */
export class ApplyBatcher {
  #waiting: Waiting[] = [];
  #inFlight = 0;
  #scheduled = false;
  readonly #maxBatch: number;
  readonly #maxInFlight: number;

  constructor(
    private readonly db: ConnectionPool,
    private readonly options: ApplyBatcherOptions = {},
  ) {
    this.#maxBatch = options.maxBatch ?? 64;
    this.#maxInFlight = options.maxInFlight ?? 2;
  }

  apply(write: TransitionWrite, claim?: Claim): Promise<TransitionWritten> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ write, claim, item: transitionItem(write, claim), resolve, reject });
      this.#schedule();
    });
  }

  /** Starts a statement after this turn of the event loop, so that what arrives with it joins. */
  #schedule(): void {
    if (this.#scheduled || this.#inFlight >= this.#maxInFlight || this.#waiting.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      while (this.#inFlight < this.#maxInFlight && this.#waiting.length > 0) {
        void this.#write(this.#waiting.splice(0, this.#maxBatch));
      }
    });
  }

  async #write(batch: Waiting[]): Promise<void> {
    this.#inFlight++;
    try {
      // One lock order for every statement: actors by id.
      batch.sort((a, b) =>
        a.write.actorId < b.write.actorId ? -1 : a.write.actorId > b.write.actorId ? 1 : 0,
      );
      if (batch.length === 1) {
        const [only] = batch as [Waiting];
        await applyTransition(this.db, only.write, only.claim).then(only.resolve, only.reject);
        this.options.onBatch?.(1);
        return;
      }
      let results: (TransitionWritten | typeof CONFLICT)[];
      try {
        results = await applyTransitions(
          this.db,
          batch.map((w) => w.item),
        );
      } catch (error) {
        // Without an answer from Postgres (a connection lost) the statement may have committed:
        // each transition fails as a single one would, and nothing is written twice.
        if (!answeredByPostgres(error)) {
          for (const w of batch) w.reject(error);
          return;
        }
        // Postgres refused the statement as a whole (a deadlock, an actor created concurrently):
        // nothing of it was written. Each transition is tried on its own.
        await Promise.all(
          batch.map((w) => applyTransition(this.db, w.write, w.claim).then(w.resolve, w.reject)),
        );
        return;
      }
      this.options.onBatch?.(batch.length);
      batch.forEach((w, i) => {
        const result = results[i];
        if (result === CONFLICT) w.reject(new ActorConflictError(w.write.actorId));
        else if (result) w.resolve(result);
        else w.reject(new Error(`no result for the transition of ${w.write.actorId}`));
      });
    } finally {
      this.#inFlight--;
      this.#schedule();
    }
  }
}
