import { readdir } from 'node:fs/promises';
import type { ConnectionPool } from '@databases/pg';
import { sql } from '@databases/pg';
import { migrationsDir } from '../adapters/postgres/migrations.ts';
import { type BotConfig, getBotConfig } from '../domain/bot-config.ts';
import { domainDbEffects } from '../domain/db-effects.ts';
import type { Logger } from '../log.ts';
import { createMachineRegistry } from '../machines/registry.ts';
import { Clock } from '../runtime/clock.ts';
import { ActorHost, type HostCache } from '../runtime/host.ts';
import type { ImportContext } from './context.ts';
import { type Progress, silentProgress } from './progress.ts';
import { findSchemaGap, type SchemaGap } from './schema.ts';
import type { LegacySource } from './source.ts';
import { importInterests, importPackages } from './steps/content.ts';
import { importFreeRequests } from './steps/free-requests.ts';
import { importInvitations } from './steps/invitations.ts';
import { importMemberships } from './steps/memberships.ts';
import { importPlans } from './steps/plans.ts';
import { importRoleLog } from './steps/role-log.ts';
import { importSettings } from './steps/settings.ts';
import { importUsers } from './steps/users.ts';
import type { ImportReport, Tally } from './tally.ts';

export interface ImportOptions {
  source: LegacySource;
  /** Lucien's database, migrated (unless `dryRun`: then it may still be empty). */
  db: ConnectionPool;
  log: Logger;
  dryRun?: boolean;
  clock?: Clock;
  progress?: Progress;
  /** ADMIN_IDS, as the app's db effects take them. */
  adminIds?: readonly number[];
  batchSize?: number;
  actorBatchSize?: number;
}

/** The source is not the previous bot's database: what it lacks. */
export class LegacySchemaError extends Error {
  constructor(
    readonly label: string,
    readonly gap: NonNullable<SchemaGap>,
  ) {
    super(`${label} lacks ${gap.column ? `column ${gap.table}.${gap.column}` : `table ${gap.table}`}`);
    this.name = 'LegacySchemaError';
  }
}

/**
 * Snapshots of the imported actors are not cached: a hundred thousand of them would only push
 * the bot's live ones out. The app reads them from Postgres on their first event.
 */
const noCache: HostCache = { get: async () => undefined, set: async () => {} };

/** Lucien's settings as the migrations create them, for a dry run before the migrations ran. */
const DEFAULT_CONFIG: BotConfig = {
  vipChannelId: null,
  freeChannelId: null,
  reminderLeadHours: [72, 24],
  freeInviteLink: null,
  socialInstagram: null,
  socialTiktok: null,
  socialX: null,
  freeWaitMinutes: 5,
  antiSpamMinutes: 5,
  vipReactions: ['❤️', '🔥', '👑'],
  freeReactions: ['❤️', '🔥', '🌸'],
};

/** Whether every migration file has been applied to `db`. */
async function migrated(db: ConnectionPool): Promise<boolean> {
  const files = (await readdir(migrationsDir)).filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f));
  const [row] = await db.query(sql`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`);
  if (!row.present) return false;
  const done = await db.query(sql`SELECT name FROM schema_migrations`);
  return files.every((f) => done.some((d: { name: string }) => d.name === f));
}

/**
 * Moves the previous bot's data into Lucien: settings, people, plans, codes, VIP members (as
 * subscription actors in their state, with their timers), pending free requests (as freeAccess
 * actors), content, interests and the role log. Each step skips what is already there, so
 * running it again changes nothing. Timers are rows: the app's reconciler (at start and every
 * minute) gives each its job as it comes due. Nothing is sent to Telegram.
 */
export async function runImport(options: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const gap = await findSchemaGap((table) => options.source.columns(table));
  if (gap) throw new LegacySchemaError(options.source.label, gap);
  const clock = options.clock ?? new Clock();
  const dryRun = options.dryRun ?? false;
  const ready = await migrated(options.db);
  if (!ready && !dryRun) throw new Error('the target database is not migrated; run the migrations first');
  const target = ready ? options.db : null;
  const host = new ActorHost({
    db: options.db,
    cache: noCache,
    clock,
    registry: createMachineRegistry(),
    dbEffects: domainDbEffects({ clock, adminIds: options.adminIds ?? [] }),
    log: options.log.child({ module: 'import-host' }),
  });
  const ctx: ImportContext = {
    source: options.source,
    db: options.db,
    target,
    host,
    dryRun,
    progress: options.progress ?? silentProgress,
    batchSize: options.batchSize ?? 5_000,
    actorBatchSize: options.actorBatchSize ?? 500,
    config: target ? await getBotConfig(target) : DEFAULT_CONFIG,
    plans: new Map(),
    plansSkipped: new Set(),
    tokenPlans: new Map(),
    firstNames: new Map(),
    packages: new Map(),
    timersScheduled: 0,
    plansAfterMerge: 0,
  };
  const steps = [
    importSettings,
    importUsers,
    importPlans,
    importInvitations,
    importMemberships,
    importFreeRequests,
    importPackages,
    importInterests,
    importRoleLog,
  ];
  const tallies: Tally[] = [];
  for (const step of steps) {
    tallies.push(await step(ctx));
    ctx.progress.finish();
    const last = tallies.at(-1) as Tally;
    options.log.info(
      {
        kind: last.kind,
        read: last.read,
        imported: last.imported,
        already: last.already,
        skipped: last.skippedTotal,
      },
      dryRun ? 'legacy import simulated' : 'legacy import step done',
    );
  }
  return {
    dryRun,
    tallies,
    plansAfterMerge: ctx.plansAfterMerge,
    timersScheduled: ctx.timersScheduled,
    elapsedMs: performance.now() - started,
  };
}
