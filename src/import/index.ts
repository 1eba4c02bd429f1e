export { type ImportOptions, LegacySchemaError, runImport } from './importer.ts';
export { openPostgresSource } from './postgres-source.ts';
export { type Progress, silentProgress, streamProgress } from './progress.ts';
export { findSchemaGap, LEGACY_TABLES } from './schema.ts';
export { type LegacySource, LegacySourceError } from './source.ts';
export { openSqliteSource } from './sqlite-source.ts';
export { renderSummary } from './summary.ts';
export { type ImportReport, Tally } from './tally.ts';
