import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from '@databases/pg';
import initSqlJs from 'sql.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { claimInvitation } from '../../src/domain/invitations.ts';
import {
  type ImportReport,
  type LegacySource,
  openPostgresSource,
  openSqliteSource,
  runImport,
} from '../../src/import/index.ts';
import { rootLogger } from '../../src/log.ts';
import { Clock } from '../../src/runtime/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { importedCounts } from '../helpers/legacy-counts.ts';
import {
  LEGACY_LAST_MOMENT,
  legacyCopy,
  loadLegacyIntoPostgres,
  openLegacy,
  saveLegacy,
} from '../helpers/legacy-fixture.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
// The real file as if the previous bot had stopped within the last day: the same data, its
// times moved by whole days so that what was fresh then is fresh now, whatever today is.
const SHIFT = Math.floor((Date.now() - LEGACY_LAST_MOMENT) / DAY) * DAY;
const legacyAt = (iso: string) => Date.parse(`${iso}Z`) + SHIFT;
/** Shifting through SQLite's julian days may move a time by a millisecond. */
const near = (actual: number, expected: number, what: string) =>
  assert.ok(
    Math.abs(actual - expected) <= 2,
    `${what}: ${new Date(actual).toISOString()} vs ${new Date(expected).toISOString()}`,
  );

let file: string;
let target: TestDatabase;
let first: ImportReport;

const importInto = async (db: TestDatabase, source: LegacySource, dryRun = false) => {
  try {
    return await runImport({ source, db: db.db, log: rootLogger, dryRun, clock: new Clock() });
  } finally {
    await source.close();
  }
};
const byKind = (report: ImportReport) =>
  Object.fromEntries(
    report.tallies.map((t) => [
      t.kind,
      { read: t.read, imported: t.imported, already: t.already, skipped: Object.fromEntries(t.skipped) },
    ]),
  );

test.before(async () => {
  file = await legacyCopy({ stoppedAt: LEGACY_LAST_MOMENT + SHIFT });
  target = await createTestDatabase();
  first = await importInto(target, await openSqliteSource(file));
});

test.after(async () => {
  await target.drop();
});

test('the real database: every kind counted, nothing lost without a reason', async () => {
  assert.equal(byKind(first), {
    settings: { read: 10, imported: 7, already: 0, skipped: { empty: 2, no_equivalent: 1 } },
    users: { read: 5, imported: 5, already: 0, skipped: {} },
    plans: { read: 68, imported: 68, already: 0, skipped: {} },
    invitations: { read: 82, imported: 25, already: 0, skipped: { no_plan: 56, plan_missing: 1 } },
    memberships: { read: 4, imported: 4, already: 0, skipped: {} },
    freeRequests: { read: 31, imported: 4, already: 0, skipped: { processed: 27 } },
    packages: { read: 4, imported: 4, already: 0, skipped: {} },
    interests: { read: 1, imported: 1, already: 0, skipped: {} },
    roleLog: { read: 2, imported: 2, already: 0, skipped: {} },
  });
  assert.is(first.plansAfterMerge, 6);
  const counts = await importedCounts(target.db);
  assert.equal(
    { ...counts, actor_events: undefined },
    {
      users: 5,
      plans: 6,
      codes: 25,
      actors: 8,
      actor_versions: 8,
      actor_events: undefined,
      // Four expiries, each with its next reminder (72 h before), and four approvals.
      timers: 12,
      memberships: 4,
      free_requests: 4,
      packages: 4,
      interests: 1,
      role_changes: 2,
      outbox: 0,
    },
  );
  const [config] = await target.db.query(sql`SELECT * FROM bot_config`);
  assert.is(config.vip_channel_id, -1001468184215);
  assert.is(config.free_channel_id, -1002432681471);
  assert.is(config.free_wait_minutes, 1);
  assert.is(config.social_instagram, 'diana');
  assert.is(config.free_invite_link, 'https://t.me/+5K5lQvpCTBc2ZmRh');
});

test('a known member is active on the annual plan, with the expiry and a reminder at the legacy dates', async () => {
  const [actor] = await target.db.query(
    sql`SELECT state, snapshot FROM actors WHERE id = 'subscription:6181290784'`,
  );
  assert.is(actor.state, 'active.reminding');
  const expiry = legacyAt('2027-01-28T12:58:06.138');
  near(actor.snapshot.context.expiresAt, expiry, 'expiresAt');
  assert.is(actor.snapshot.context.planName, 'Plan Anual');
  assert.is(actor.snapshot.context.ritualDone, true);
  const timers = await target.db.query(
    sql`SELECT send_id, due_at FROM actor_timers WHERE actor_id = 'subscription:6181290784' ORDER BY due_at`,
  );
  assert.equal(
    timers.map((t: { send_id: string }) => t.send_id),
    [
      'xstate.after.untilReminder.subscription.active.reminding',
      'xstate.after.untilExpiry.subscription.active',
    ],
  );
  near(timers[0].due_at.getTime(), expiry - 72 * HOUR, 'reminder');
  near(timers[1].due_at.getTime(), expiry, 'expiry');
  const [membership] = await target.db.query(
    sql`SELECT m.status, m.ritual_step, p.name, p.duration_days, p.price FROM vip_memberships m JOIN plans p ON p.id = m.plan_id WHERE m.user_id = 6181290784`,
  );
  assert.equal(membership, {
    status: 'active',
    ritual_step: null,
    name: 'Plan Anual',
    duration_days: 365,
    price: '79.99',
  });
  // A subscriber whose token had no plan is not lost: a membership without a plan.
  const [planless] = await target.db.query(
    sql`SELECT status, plan_id FROM vip_memberships WHERE user_id = 222222`,
  );
  assert.equal(planless, { status: 'active', plan_id: null });
});

test('a used code stays used by whom and when; a fresh one opens until its real end and not after', async () => {
  const [used] = await target.db.query(
    sql`SELECT used_by, used_at FROM invitation_codes WHERE code = 'tjTHuvcQvxSJVpPG'`,
  );
  assert.is(used.used_by, 6181290784);
  near(used.used_at.getTime(), legacyAt('2026-01-28T12:58:06.138'), 'used_at');
  const claimAt = (code: string, at: number) =>
    target.db
      .tx(async (tx) => {
        const result = await claimInvitation(tx, code, 12345, new Date(at));
        throw Object.assign(new Error('rollback'), { result });
      })
      .catch((e: { result?: Awaited<ReturnType<typeof claimInvitation>> }) => {
        if (!e.result) throw e;
        return e.result;
      });
  assert.is((await claimAt('tjTHuvcQvxSJVpPG', Date.now())).status, 'used');
  // Token 74: 8760 hours of validity from its creation, on a 365-day plan.
  const end = legacyAt('2026-01-26T12:06:39.133') + 8760 * HOUR;
  const [fresh] = await target.db.query(
    sql`SELECT expires_at FROM invitation_codes WHERE code = 'ZrwtMS54C0r5aSmc'`,
  );
  near(fresh.expires_at.getTime(), end, 'expires_at');
  const before = await claimAt('ZrwtMS54C0r5aSmc', fresh.expires_at.getTime() - 1000);
  assert.is(before.status, 'claimed');
  if (before.status === 'claimed')
    assert.equal([before.plan.durationDays, before.plan.price], [365, '79.99']);
  assert.is((await claimAt('ZrwtMS54C0r5aSmc', fresh.expires_at.getTime())).status, 'expired');
  // A token whose plan the previous bot had deleted cannot be claimed in Lucien.
  assert.is((await claimAt('TOKEN_DELETED_PLAN', Date.now())).status, 'unknown');
});

test('pending free requests resume their wait from the legacy request date', async () => {
  const rows = await target.db.query(sql`
    SELECT f.user_id, f.requested_at, f.ready_at, t.due_at FROM free_requests f
    JOIN actor_timers t ON t.actor_id = 'freeAccess:' || f.user_id ORDER BY f.user_id`);
  assert.equal(
    rows.map((r: { user_id: number }) => r.user_id),
    [12345, 12346, 111111, 555555],
  );
  const request = rows.find((r: { user_id: number }) => r.user_id === 555555);
  near(request.requested_at.getTime(), legacyAt('2026-01-24T15:36:27.578'), 'requested_at');
  near(request.ready_at.getTime(), legacyAt('2026-01-24T15:37:27.578'), 'ready_at (one minute of wait)');
  // That wait is long over: the approval is due at once, not a minute from the import.
  assert.ok(request.due_at.getTime() <= Date.now());
});

test('a second run changes nothing', async () => {
  const before = await importedCounts(target.db);
  const again = await importInto(target, await openSqliteSource(file));
  for (const tally of again.tallies) assert.is(tally.imported, 0, tally.kind);
  assert.equal(byKind(again).memberships, { read: 4, imported: 0, already: 4, skipped: {} });
  assert.equal(await importedCounts(target.db), before);
});

test('a dry run reports what it would do and writes nothing, even before the migrations', async () => {
  const empty = await createTestDatabase({ migrate: false });
  try {
    const dry = await importInto(empty, await openSqliteSource(file), true);
    assert.equal(byKind(dry), byKind(first));
    const [tables] = await empty.db.query(
      sql`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`,
    );
    assert.is(tables.n, 0);
  } finally {
    await empty.drop();
  }
  const migrated = await createTestDatabase();
  try {
    const dry = await importInto(migrated, await openSqliteSource(file), true);
    assert.equal(byKind(dry), byKind(first));
    const counts = await importedCounts(migrated.db);
    assert.ok(
      Object.values(counts).every((n) => n === 0),
      JSON.stringify(counts),
    );
    const [config] = await migrated.db.query(sql`SELECT vip_channel_id, free_wait_minutes FROM bot_config`);
    assert.equal(config, { vip_channel_id: null, free_wait_minutes: 5 });
  } finally {
    await migrated.drop();
  }
});

test('a Postgres database of the previous bot imports the same as its SQLite file', async () => {
  const legacy = await createTestDatabase({ migrate: false });
  const other = await createTestDatabase();
  try {
    await loadLegacyIntoPostgres(file, legacy.url);
    const report = await importInto(other, await openPostgresSource(legacy.url));
    assert.equal(byKind(report), byKind(first));
    const digest = (db: TestDatabase) =>
      db.db.query(sql`
        SELECT (SELECT json_agg(u ORDER BY user_id) FROM (SELECT user_id, username, first_name, role, created_at FROM users) u) AS users,
               (SELECT json_agg(c ORDER BY code) FROM (SELECT code, expires_at, used_by, used_at FROM invitation_codes) c) AS codes,
               (SELECT json_agg(m ORDER BY user_id) FROM (SELECT user_id, status, started_at, expires_at FROM vip_memberships) m) AS members,
               (SELECT json_agg(a ORDER BY id) FROM (SELECT id, state FROM actors) a) AS actors`);
    assert.equal(await digest(other), await digest(target));
  } finally {
    await legacy.drop();
    await other.drop();
  }
});

/** Runs the command as the operator would; returns its exit code and what it printed on stderr. */
function cli(args: string[], env: Record<string, string | undefined>) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/import-legacy.ts', ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
  });
  return { code: run.status, stderr: run.stderr.trim(), stdout: run.stdout };
}

test('files that are not the previous bot are refused with exit code 2 and one sentence', async () => {
  const env = { DATABASE_URL: target.url };
  const text = join(tmpdir(), `notes-${process.pid}.txt`);
  await writeFile(text, 'Lista de la compra\n');
  const notSqlite = cli([text], env);
  assert.is(notSqlite.code, 2);
  assert.match(notSqlite.stderr, /no es una base de datos SQLite/);
  assert.is(notSqlite.stderr.split('\n').length, 1);

  const SQL = await initSqlJs();
  const other = new SQL.Database();
  other.run('CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)');
  const foreign = cli([await saveLegacy(other)], env);
  assert.is(foreign.code, 2);
  assert.match(foreign.stderr, /le falta la tabla bot_config/);

  const legacy = await openLegacy(file);
  legacy.run('DROP INDEX idx_vip_entry_stage');
  legacy.run('ALTER TABLE vip_subscribers DROP COLUMN vip_entry_stage');
  const older = cli([await saveLegacy(legacy)], env);
  assert.is(older.code, 2);
  assert.match(older.stderr, /a la tabla vip_subscribers le falta la columna vip_entry_stage/);

  const missing = cli([join(tmpdir(), 'no-such-file.sqlite')], env);
  assert.is(missing.code, 2);
  assert.match(missing.stderr, /No encuentro el archivo/);

  const noTarget = cli([file], { DATABASE_URL: '' });
  assert.is(noTarget.code, 2);
  assert.match(noTarget.stderr, /Falta DATABASE_URL/);
  // Nothing was written by any of them.
  assert.is((await importedCounts(target.db)).users, 5);
});

test('the command prints the summary table and, off a terminal, progress lines', async () => {
  const run = cli([file, '--dry-run'], { DATABASE_URL: target.url });
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, /Personas\s+5\s+0\s+5\s+0/);
  assert.match(run.stdout, /Invitaciones: 56 omitidos \(sin plan en el bot anterior\)/);
  assert.match(run.stdout, /registros por segundo/);
  assert.match(run.stderr, /Personas: 5 de 5 \(100 %\)/);
});

test.run();
