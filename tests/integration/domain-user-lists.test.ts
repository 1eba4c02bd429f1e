import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { markInterestAttended, recordInterest } from '../../src/domain/interests.ts';
import { type MembershipStatus, syncMembership } from '../../src/domain/memberships.ts';
import { createPackage } from '../../src/domain/packages.ts';
import { createPlan } from '../../src/domain/plans.ts';
import { listUsers, type UserFilter, userOverview } from '../../src/domain/user-lists.ts';
import { setRole, upsertUser } from '../../src/domain/users.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let t: TestDatabase;
test.before(async () => {
  t = await createTestDatabase();
});
test.after(async () => {
  await t.drop();
});

const DAY = 86_400_000;
const MINUTE = 60_000;
const now = new Date('2025-03-01T12:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms);
const admin = 111;

let planId = 0;
const person = async (userId: number, seenMinutesAgo: number, name: string) =>
  upsertUser(t.db, { userId, username: name.toLowerCase(), firstName: name }, at(-seenMinutesAgo * MINUTE));
const member = (userId: number, status: MembershipStatus, endsInDays: number, plan: number | null = planId) =>
  syncMembership(t.db, {
    userId,
    planId: plan,
    status,
    startedAt: at(-10 * DAY),
    expiresAt: at(endsInDays * DAY),
    ritualStep: status === 'ritual' ? 1 : null,
    now,
  });

test('vip is a membership running now, free everyone else but admins, all everyone; newest first', async () => {
  planId = (
    await createPlan(t.db, {
      name: 'Mensual',
      durationDays: 30,
      price: '10',
      currency: 'USD',
      createdBy: admin,
      now,
    })
  ).id;
  await person(1, 90, 'Ana'); // active
  await person(2, 80, 'Bea'); // active, no plan (given by an admin)
  await person(3, 70, 'Cris'); // ended, its expiry timer not fired yet
  await person(4, 60, 'Dani'); // expired
  await person(5, 50, 'Eva'); // revoked
  await person(6, 40, 'Fede'); // in the ritual
  await person(7, 30, 'Gala'); // never a member
  await person(8, 20, 'Hugo'); // admin, no membership
  await person(9, 10, 'Inés'); // admin with a running membership
  await member(1, 'active', 20);
  await member(2, 'active', 1, null);
  await member(3, 'active', 0);
  await member(4, 'expired', -3);
  await member(5, 'revoked', 5);
  await member(6, 'ritual', 30);
  await member(9, 'active', 3);
  for (const userId of [8, 9])
    await setRole(t.db, {
      userId,
      role: 'ADMIN',
      changedBy: 0,
      reason: 'ADMIN_GRANTED',
      source: 'ADMIN_IDS',
      now,
    });

  const ids = async (filter: UserFilter, when = now) =>
    (await listUsers(t.db, { filter, now: when, offset: 0, limit: 50 })).items.map((u) => u.userId);
  assert.equal(await ids('all'), [9, 8, 7, 6, 5, 4, 3, 2, 1]);
  assert.equal(await ids('vip'), [9, 2, 1]);
  assert.equal(await ids('free'), [7, 6, 5, 4, 3]);
  // Two days on, Bea's day has ended too.
  assert.equal(await ids('vip', at(2 * DAY)), [9, 1]);
  assert.equal(await ids('free', at(2 * DAY)), [7, 6, 5, 4, 3, 2]);

  const page = await listUsers(t.db, { filter: 'free', now, offset: 1, limit: 2 });
  assert.is(page.total, 5);
  assert.equal(
    page.items.map((u) => [u.userId, u.firstName, u.role, u.membership?.status, u.membership?.activeNow]),
    [
      [6, 'Fede', 'FREE', 'ritual', false],
      [5, 'Eva', 'FREE', 'revoked', false],
    ],
  );
  const [gala] = (await listUsers(t.db, { filter: 'free', now, offset: 0, limit: 1 })).items;
  assert.equal(gala, {
    userId: 7,
    username: 'gala',
    firstName: 'Gala',
    lastName: null,
    role: 'FREE',
    createdAt: at(-30 * MINUTE),
    updatedAt: at(-30 * MINUTE),
    membership: null,
  });
  const vip = await listUsers(t.db, { filter: 'vip', now, offset: 0, limit: 10 });
  assert.is(vip.total, 3);
  assert.equal(
    vip.items.map((u) => u.membership),
    [
      {
        status: 'active',
        planId,
        planName: 'Mensual',
        startedAt: at(-10 * DAY),
        expiresAt: at(3 * DAY),
        activeNow: true,
      },
      {
        status: 'active',
        planId: null,
        planName: null,
        startedAt: at(-10 * DAY),
        expiresAt: at(DAY),
        activeNow: true,
      },
      {
        status: 'active',
        planId,
        planName: 'Mensual',
        startedAt: at(-10 * DAY),
        expiresAt: at(20 * DAY),
        activeNow: true,
      },
    ],
  );
  assert.equal(await listUsers(t.db, { filter: 'all', now, offset: 20, limit: 5 }), { items: [], total: 9 });
});

test('the overview gathers profile, membership, the last five role changes and the last five interests', async () => {
  const roles = ['VIP', 'FREE', 'VIP', 'FREE', 'VIP', 'FREE', 'VIP'] as const;
  for (const [i, role] of roles.entries())
    await setRole(t.db, {
      userId: 1,
      role,
      changedBy: admin,
      reason: `R${i}`,
      source: 'test',
      now: at(i * MINUTE),
    });
  const packages = [];
  for (const i of [0, 1, 2, 3, 4, 5]) {
    const pkg = await createPackage(t.db, {
      name: `Paquete ${i}`,
      category: 'VIP_PREMIUM',
      createdBy: admin,
      now,
    });
    await recordInterest(t.db, { userId: 1, packageId: pkg.id, now: at(i * MINUTE) });
    packages.push(pkg);
  }
  await markInterestAttended(t.db, {
    userId: 1,
    packageId: packages[5]?.id ?? 0,
    by: admin,
    now: at(10 * MINUTE),
  });

  const overview = await userOverview(t.db, 1, now);
  assert.ok(overview);
  assert.equal(overview.profile, {
    userId: 1,
    username: 'ana',
    firstName: 'Ana',
    lastName: null,
    role: 'VIP',
    createdAt: at(-90 * MINUTE),
    updatedAt: at(6 * MINUTE),
  });
  assert.equal(overview.membership, {
    userId: 1,
    planId,
    status: 'active',
    startedAt: at(-10 * DAY),
    expiresAt: at(20 * DAY),
    ritualStep: null,
    updatedAt: now,
    planName: 'Mensual',
    activeNow: true,
  });
  assert.equal(
    overview.roleChanges.map((c) => c.reason),
    ['R6', 'R5', 'R4', 'R3', 'R2'],
  );
  assert.equal(
    overview.interests.map((i) => [i.packageName, i.attended]),
    [
      ['Paquete 5', true],
      ['Paquete 4', false],
      ['Paquete 3', false],
      ['Paquete 2', false],
      ['Paquete 1', false],
    ],
  );

  const ended = await userOverview(t.db, 3, now);
  assert.equal(
    [ended?.membership?.status, ended?.membership?.activeNow, ended?.roleChanges, ended?.interests],
    ['active', false, [], []],
  );
  const planless = await userOverview(t.db, 2, now);
  assert.equal([planless?.membership?.planName, planless?.membership?.activeNow], [null, true]);
  assert.is((await userOverview(t.db, 7, now))?.membership, null);
  assert.is(await userOverview(t.db, 404, now), undefined);
});

test.run();
