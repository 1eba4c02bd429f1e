import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { updateBotConfig } from '../../src/domain/bot-config.ts';
import { syncFreeRequest } from '../../src/domain/free-requests.ts';
import { createInvitations } from '../../src/domain/invitations.ts';
import { type MembershipStatus, syncMembership } from '../../src/domain/memberships.ts';
import { createPlan } from '../../src/domain/plans.ts';
import { computeStats } from '../../src/domain/stats.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let t: TestDatabase;
test.before(async () => {
  t = await createTestDatabase();
});
test.after(async () => {
  await t.drop();
});

const MINUTE = 60_000;
const DAY = 86_400_000;
const ZONE = 'America/Mexico_City'; // UTC-6 all year since 2022
// Friday 28 February 2025, 21:00 in Mexico City; already Saturday 1 March in UTC.
const now = new Date('2025-03-01T03:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms);
const utc = (iso: string) => new Date(`${iso}Z`);
const admin = 111;
const VIP_CHANNEL = -1_001_111_111_111;
const FREE_CHANNEL = -1_002_222_222_222;

test('an empty kingdom: zeros, no averages, no revenue, and what is missing', async () => {
  assert.equal(await computeStats(t.db, now, ZONE), {
    vip: { active: 0, expired: 0, expiringIn7Days: 0, newToday: 0, newThisWeek: 0, newThisMonth: 0 },
    free: { pending: 0, approved: 0, averageWaitSeconds: null },
    codes: { created: 0, used: 0, expired: 0, available: 0, revoked: 0, conversion: null },
    revenue: { projectedMonthly: '0.00', currency: null, byCurrency: [] },
    warnings: ['few_codes', 'vip_channel_missing', 'free_channel_missing'],
    since: { today: utc('2025-02-28T06:00'), week: utc('2025-02-24T06:00'), month: utc('2025-02-01T06:00') },
    computedAt: now,
  });
});

test('a seeded kingdom: every figure, in the creator’s time zone', async () => {
  const plan = (name: string, durationDays: number, price: string, currency: string) =>
    createPlan(t.db, { name, durationDays, price, currency, createdBy: admin, now: utc('2025-01-01T00:00') });
  const monthly = await plan('Mensual', 30, '10', 'USD'); // 10.00 a month
  const quarterly = await plan('Trimestral', 90, '25', 'USD'); // 8.333… a month
  const yearly = await plan('Anual', 365, '100', 'EUR'); // 8.219… a month
  const weekly = await plan('Semanal', 7, '3.50', 'USD'); // 15.00 a month

  const member = (
    userId: number,
    planId: number | null,
    status: MembershipStatus,
    expiresAt: Date,
    startedAt: string,
  ) =>
    syncMembership(t.db, {
      userId,
      planId,
      status,
      startedAt: utc(startedAt),
      expiresAt,
      ritualStep: status === 'ritual' ? 2 : null,
      now,
    });
  // Local times in comments (UTC-6).
  await member(1, monthly.id, 'active', at(20 * DAY), '2025-02-01T05:00'); // Jan 31 23:00: last month
  await member(2, monthly.id, 'active', at(3 * DAY), '2025-02-01T06:00'); // Feb 1 00:00: this month
  await member(3, quarterly.id, 'active', at(7 * DAY), '2025-02-24T05:00'); // Sun Feb 23 23:00; expiring, at the edge
  await member(4, quarterly.id, 'active', at(8 * DAY), '2025-02-24T06:00'); // Mon Feb 24 00:00: this week
  await member(5, quarterly.id, 'active', at(60 * DAY), '2025-02-28T05:59'); // Thu Feb 27 23:59
  await member(6, yearly.id, 'active', at(300 * DAY), '2025-02-28T06:00'); // Fri Feb 28 00:00: today
  await member(7, null, 'active', at(DAY), '2025-03-01T02:00'); // today; given by an admin, no plan
  await member(8, weekly.id, 'active', at(5 * DAY), '2025-01-15T12:00');
  await member(9, monthly.id, 'active', now, '2025-01-30T12:00'); // ended; its timer has not fired yet
  await member(10, monthly.id, 'expired', at(-5 * DAY), '2025-01-01T12:00');
  await member(11, monthly.id, 'revoked', at(10 * DAY), '2025-02-28T12:00'); // today, revoked since
  await member(12, monthly.id, 'ritual', at(30 * DAY), '2025-03-01T02:30'); // today, still in the ritual

  // Codes: 4 available, 2 used (one of them past its expiry since), 1 expired, 1 revoked.
  const issue = (count: number, createdAt: Date) =>
    createInvitations(t.db, { planId: monthly.id, count, validDays: 7, createdBy: admin, now: createdAt });
  await issue(4, at(-DAY));
  const [usedFresh, revoked] = await issue(2, at(-DAY));
  const [usedOld, expired] = await issue(2, at(-10 * DAY));
  assert.ok(usedFresh && revoked && usedOld && expired);
  await t.db.query(
    sql`UPDATE invitation_codes SET used_by = 7, used_at = ${at(-MINUTE)} WHERE id = ${usedFresh.id}`,
  );
  await t.db.query(
    sql`UPDATE invitation_codes SET used_by = 8, used_at = ${at(-5 * DAY)} WHERE id = ${usedOld.id}`,
  );
  await t.db.query(sql`UPDATE invitation_codes SET revoked_at = ${at(-MINUTE)} WHERE id = ${revoked.id}`);

  // Free requests: 3 pending (1 still waiting, 2 ready), 2 approved after 60 s and 180 s, 1 declined, 1 gone.
  const request = (
    userId: number,
    status: 'pending' | 'approved' | 'declined' | 'gone',
    ago: number,
    wait: number,
    decided?: number,
  ) =>
    syncFreeRequest(t.db, {
      userId,
      chatId: FREE_CHANNEL,
      status,
      requestedAt: at(-ago * MINUTE),
      readyAt: at((-ago + wait) * MINUTE),
      decidedAt: decided === undefined ? null : at(-decided * MINUTE),
      now,
    });
  await request(201, 'pending', 2, 5);
  await request(202, 'pending', 30, 5);
  await request(203, 'pending', 20, 5);
  await request(204, 'approved', 60, 1, 59);
  await request(205, 'approved', 10, 3, 7);
  await request(206, 'declined', 15, 5, 10);
  await request(207, 'gone', 15, 5);

  await updateBotConfig(t.db, { vipChannelId: VIP_CHANNEL, freeChannelId: FREE_CHANNEL }, now);

  assert.equal(await computeStats(t.db, now, ZONE), {
    vip: { active: 8, expired: 3, expiringIn7Days: 4, newToday: 4, newThisWeek: 6, newThisMonth: 8 },
    free: { pending: 3, approved: 2, averageWaitSeconds: 120 },
    codes: { created: 8, used: 2, expired: 1, available: 4, revoked: 1, conversion: 0.25 },
    revenue: {
      // 10 + 10 + 3 × 8.333… + 15, rounded once: 60.00, not 59.99.
      projectedMonthly: '60.00',
      currency: 'mixed',
      byCurrency: [
        { currency: 'USD', projectedMonthly: '60.00', members: 6 },
        { currency: 'EUR', projectedMonthly: '8.22', members: 1 },
      ],
    },
    warnings: [],
    since: { today: utc('2025-02-28T06:00'), week: utc('2025-02-24T06:00'), month: utc('2025-02-01T06:00') },
    computedAt: now,
  });
});

test('periods follow the time zone: across the month boundary, and in UTC', async () => {
  // Saturday 1 March, 01:00 in Mexico City: a new day and a new month, the same week.
  const march = await computeStats(t.db, utc('2025-03-01T07:00'), ZONE);
  assert.equal(march.since, {
    today: utc('2025-03-01T06:00'),
    week: utc('2025-02-24T06:00'),
    month: utc('2025-03-01T06:00'),
  });
  assert.equal([march.vip.newToday, march.vip.newThisWeek, march.vip.newThisMonth], [0, 6, 0]);
  // The same moment counted in UTC draws other lines.
  const inUtc = await computeStats(t.db, now, 'UTC');
  assert.equal(inUtc.since, {
    today: utc('2025-03-01T00:00'),
    week: utc('2025-02-24T00:00'),
    month: utc('2025-03-01T00:00'),
  });
  assert.equal([inUtc.vip.newToday, inUtc.vip.newThisWeek, inUtc.vip.newThisMonth], [2, 7, 2]);
  // Daylight saving: New York moved to UTC-4 on Sunday 9 March; its month began in UTC-5.
  const ny = await computeStats(t.db, utc('2025-03-12T15:00'), 'America/New_York');
  assert.equal(ny.since, {
    today: utc('2025-03-12T04:00'),
    week: utc('2025-03-10T04:00'),
    month: utc('2025-03-01T05:00'),
  });
});

test('warnings appear only past their thresholds', async () => {
  const expiring = (from: number, to: number) =>
    t.db.query(sql`
      INSERT INTO vip_memberships (user_id, plan_id, status, started_at, expires_at, updated_at)
      SELECT n, NULL, 'active', ${utc('2025-01-10T12:00')}, ${at(2 * DAY)}, ${now} FROM generate_series(${from}::int, ${to}::int) n`);
  const pending = (from: number, to: number) =>
    t.db.query(sql`
      INSERT INTO free_requests (user_id, chat_id, status, requested_at, ready_at, updated_at)
      SELECT n, ${FREE_CHANNEL}, 'pending', ${at(-MINUTE)}, ${at(4 * MINUTE)}, ${now} FROM generate_series(${from}::int, ${to}::int) n`);
  const revokeOneAvailable = () =>
    t.db.query(sql`
      UPDATE invitation_codes SET revoked_at = ${now}
      WHERE id = (SELECT min(id) FROM invitation_codes
                  WHERE used_by IS NULL AND revoked_at IS NULL AND expires_at > ${now})`);

  // At the thresholds: 10 expiring, 50 pending, 3 available.
  await expiring(300, 305);
  await pending(400, 446);
  await revokeOneAvailable();
  const edge = await computeStats(t.db, now, ZONE);
  assert.equal([edge.vip.expiringIn7Days, edge.free.pending, edge.codes.available], [10, 50, 3]);
  assert.equal(edge.warnings, []);
  // Memberships without a plan add members but no revenue.
  assert.equal([edge.vip.active, edge.revenue.projectedMonthly], [14, '60.00']);

  await expiring(306, 306);
  await pending(447, 447);
  await revokeOneAvailable();
  await updateBotConfig(t.db, { freeChannelId: null }, now);
  const past = await computeStats(t.db, now, ZONE);
  assert.equal([past.vip.expiringIn7Days, past.free.pending, past.codes.available], [11, 51, 2]);
  assert.equal([past.codes.created, past.codes.revoked, past.codes.conversion], [8, 3, 0.25]);
  assert.equal(past.warnings, ['few_codes', 'many_expiring', 'long_queue', 'free_channel_missing']);

  await updateBotConfig(t.db, { vipChannelId: null }, now);
  assert.equal((await computeStats(t.db, now, ZONE)).warnings, [
    'few_codes',
    'many_expiring',
    'long_queue',
    'vip_channel_missing',
    'free_channel_missing',
  ]);
});

test('with one currency left, revenue names it', async () => {
  await syncMembership(t.db, {
    userId: 6,
    planId: null,
    status: 'expired',
    startedAt: utc('2025-02-28T06:00'),
    expiresAt: now,
    ritualStep: null,
    now,
  });
  assert.equal((await computeStats(t.db, now, ZONE)).revenue, {
    projectedMonthly: '60.00',
    currency: 'USD',
    byCurrency: [{ currency: 'USD', projectedMonthly: '60.00', members: 6 }],
  });
});

test('an unknown time zone is refused before any query', async () => {
  await computeStats(t.db, now, 'Mars/Olympus_Mons').then(
    () => assert.unreachable('accepted'),
    (error: unknown) => assert.instance(error, RangeError),
  );
});

test.run();
