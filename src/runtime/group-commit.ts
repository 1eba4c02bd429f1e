/**
 * Group commit: items handed in while one write is in flight are written together by the next
 * one. Under load many small writes become a few larger ones; alone, an item is written at once.
 * Each `add` resolves when its own item has been written (or rejects with that write's error).
 */
export class GroupCommit<T> {
  #waiting: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  #flushing = false;

  /**
   * `windowMs`: how long an item may wait for others before a write starts when none is in
   * flight (0: at once). A window suits writes nobody waits for.
   */
  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly maxBatch = 500,
    private readonly windowMs = 0,
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject });
      if (this.#flushing) return;
      this.#flushing = true;
      if (this.windowMs > 0) setTimeout(() => void this.#flush(), this.windowMs);
      else void this.#flush();
    });
  }

  /** Items waiting for a write that has not started yet. */
  get waiting(): number {
    return this.#waiting.length;
  }

  async #flush(): Promise<void> {
    try {
      while (this.#waiting.length > 0) {
        const batch = this.#waiting.splice(0, this.maxBatch);
        try {
          await this.write(batch.map((w) => w.item));
          for (const w of batch) w.resolve();
        } catch (error) {
          for (const w of batch) w.reject(error);
        }
      }
    } finally {
      this.#flushing = false;
    }
  }
}
