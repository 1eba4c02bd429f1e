import type { LegacyRow, LegacyTable } from './schema.ts';

/** The previous bot's database, read table by table (SQLite file or Postgres). */
export interface LegacySource {
  /** How the operator named it (a file path, or a URL with its password masked). */
  readonly label: string;
  /** The columns of `table`, or undefined when there is no such table. */
  columns(table: string): Promise<string[] | undefined>;
  /** Every row of a legacy table, in its order column, with the columns the importer reads. */
  rows<T extends LegacyTable>(table: T): Promise<LegacyRow<T>[]>;
  close(): Promise<void>;
}

/** Why a source cannot be read at all; the CLI turns it into a sentence and exit code 2. */
export class LegacySourceError extends Error {
  constructor(
    readonly reason: 'file_missing' | 'not_sqlite' | 'unreachable',
    readonly label: string,
    options?: { cause?: unknown },
  ) {
    super(`legacy source ${label}: ${reason}`, options);
    this.name = 'LegacySourceError';
  }
}
