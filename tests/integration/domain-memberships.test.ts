import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  countMemberships,
  getMembership,
  listMemberships,
  type Membership,
  type MembershipFilter,
  syncMembership,
  syncMemberships,
} from '../../src/domain/memberships.ts';
import { createPlan } from '../../src/domain/plans.ts';
import { upsertUser } from '../../src/domain/users.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let t: TestDatabase;
test.before(async () => {
  t = await createTestDatabase();
});
test.after(async () => {
  await t.drop();
});

const DAY = 86_400_000;
const now = new Date('2025-03-01T12:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms);

test('syncMembership inserts, then replaces the projection', async () => {
  const first = {
    userId: 1,
    planId: null,
    status: 'ritual' as const,
    startedAt: now,
    expiresAt: at(30 * DAY),
    ritualStep: 1,
  };
  await syncMembership(t.db, { ...first, now });
  assert.equal(await getMembership(t.db, 1), { ...first, updatedAt: now });
  await syncMembership(t.db, { ...first, status: 'active', ritualStep: null, now: at(1000) });
  assert.equal(await getMembership(t.db, 1), {
    ...first,
    status: 'active',
    ritualStep: null,
    updatedAt: at(1000),
  });
  assert.is(await getMembership(t.db, 404), undefined);
});

test('syncMemberships writes many people in one call; a person given twice keeps the last view', async () => {
  const view = (userId: number, status: 'active' | 'expired', ms: number) => ({
    userId,
    planId: null,
    status,
    startedAt: now,
    expiresAt: at(30 * DAY),
    ritualStep: null,
    now: at(ms),
  });
  await syncMemberships(t.db, [view(801, 'active', 0), view(802, 'active', 0), view(801, 'expired', 1000)]);
  assert.is((await getMembership(t.db, 801))?.status, 'expired');
  assert.equal((await getMembership(t.db, 801))?.updatedAt, at(1000));
  assert.is((await getMembership(t.db, 802))?.status, 'active');
  await syncMemberships(t.db, []);
  // The next test counts every membership in the table.
  await t.db.query(sql`DELETE FROM vip_memberships WHERE user_id IN (801, 802)`);
});

test('filters, order and counts as of a given now', async () => {
  const plan = await createPlan(t.db, {
    name: 'Mensual',
    durationDays: 30,
    price: '10',
    currency: 'USD',
    createdBy: 1,
    now,
  });
  const member = async (userId: number, status: Membership['status'], endsInDays: number, name?: string) => {
    if (name) await upsertUser(t.db, { userId, username: name.toLowerCase(), firstName: name }, now);
    await syncMembership(t.db, {
      userId,
      planId: plan.id,
      status,
      startedAt: at(-10 * DAY),
      expiresAt: at(endsInDays * DAY),
      ritualStep: status === 'ritual' ? 2 : null,
      now,
    });
  };
  // User 1 from the previous test: active, ends in 30 days, no plan, no profile.
  await member(100, 'active', 20, 'Ana');
  await member(101, 'active', 3, 'Bea');
  await member(102, 'active', 7);
  await member(103, 'active', -1); // its expiry timer has not fired yet
  await member(104, 'expired', -5);
  await member(105, 'revoked', 10);
  await member(106, 'ritual', 30);

  const ids = async (filter: MembershipFilter, when = now) =>
    (await listMemberships(t.db, { filter, now: when, offset: 0, limit: 50 })).items.map((m) => m.userId);
  assert.equal(await ids('active'), [101, 102, 100, 1]);
  assert.equal(await ids('expiring'), [101, 102]);
  assert.equal(await ids('expired'), [105, 103, 104]);
  assert.equal(await ids('all'), [1, 106, 100, 105, 102, 101, 103, 104]);
  assert.equal(await countMemberships(t.db, now), { active: 4, expiring: 2, expired: 3, ritual: 1 });

  // Five days later: Bea's membership has ended and Ana's is about to.
  const later = at(5 * DAY);
  assert.equal(await ids('active', later), [102, 100, 1]);
  assert.equal(await ids('expiring', later), [102]);
  assert.equal(await countMemberships(t.db, later), { active: 3, expiring: 1, expired: 4, ritual: 1 });
  assert.equal(await ids('expiring', at(14 * DAY)), [100]);

  const page = await listMemberships(t.db, { filter: 'active', now, offset: 1, limit: 2 });
  assert.is(page.total, 4);
  assert.equal(
    page.items.map((m) => [m.userId, m.firstName, m.username, m.planName]),
    [
      [102, '', null, 'Mensual'],
      [100, 'Ana', 'ana', 'Mensual'],
    ],
  );
  const [noPlan] = (await listMemberships(t.db, { filter: 'active', now, offset: 3, limit: 1 })).items;
  assert.equal(noPlan && [noPlan.userId, noPlan.planName], [1, null]);
  assert.equal(await listMemberships(t.db, { filter: 'all', now, offset: 50, limit: 5 }), {
    items: [],
    total: 8,
  });
});

test.run();
