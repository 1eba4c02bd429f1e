import type { ConnectionPool, Queryable } from '@databases/pg';
import type { BotConfig } from '../domain/bot-config.ts';
import type { ActorHost } from '../runtime/host.ts';
import type { Progress } from './progress.ts';
import type { LegacySource } from './source.ts';

/** What every step of the import shares, and what earlier steps leave for later ones. */
export interface ImportContext {
  source: LegacySource;
  db: ConnectionPool;
  /**
   * Where to look for what is already there; null in a dry run against a database whose
   * migrations have not run yet (so it holds nothing).
   */
  target: Queryable | null;
  host: ActorHost;
  dryRun: boolean;
  progress: Progress;
  /** Rows per insert statement, and actors per transaction. */
  batchSize: number;
  actorBatchSize: number;
  /** Lucien's settings once the legacy ones are applied. */
  config: BotConfig;
  /** Legacy plan id -> Lucien plan (a negative placeholder id in a dry run). */
  plans: Map<number, { id: number; name: string }>;
  /** Legacy plan ids that could not be moved. */
  plansSkipped: Set<number>;
  /** Legacy token id -> its legacy plan id. */
  tokenPlans: Map<number, number | null>;
  /** Legacy user id -> first name, for the imported memberships. */
  firstNames: Map<number, string>;
  /** Legacy package id -> Lucien package id. */
  packages: Map<number, number>;
  timersScheduled: number;
  plansAfterMerge: number;
}

/** `items` in slices of `size`. */
export function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
