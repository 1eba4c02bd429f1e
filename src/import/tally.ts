import type { ImportKind, ImportSkipReason } from '../voice/es/import.ts';

/** The counts of one kind of record: read, imported (or would be), already there, skipped by reason. */
export class Tally {
  read = 0;
  imported = 0;
  already = 0;
  readonly skipped = new Map<ImportSkipReason, number>();

  constructor(readonly kind: ImportKind) {}

  skip(reason: ImportSkipReason, count = 1): void {
    if (count > 0) this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + count);
  }

  get skippedTotal(): number {
    let total = 0;
    for (const n of this.skipped.values()) total += n;
    return total;
  }
}

/** The whole import, as the summary reports it. */
export interface ImportReport {
  dryRun: boolean;
  tallies: Tally[];
  /** Lucien plans the legacy plan rows were merged into. */
  plansAfterMerge: number;
  /** Timer rows the imported actors scheduled (zero in a dry run). */
  timersScheduled: number;
  elapsedMs: number;
}
