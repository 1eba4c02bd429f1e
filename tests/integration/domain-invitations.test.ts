import type { Queryable } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  type ClaimResult,
  claimInvitation,
  createInvitations,
  describeInvitation,
  generateInvitationCode,
  type Invitation,
  invitationState,
  listInvitations,
  PlanUnavailableError,
  parseInvitationCount,
  parseInvitationValidDays,
  revokeInvitation,
} from '../../src/domain/invitations.ts';
import { createPlan, type Plan, setPlanActive } from '../../src/domain/plans.ts';
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
const admin = 111;

const newPlan = (name = 'Mensual'): Promise<Plan> =>
  createPlan(t.db, { name, durationDays: 30, price: '10', currency: 'USD', createdBy: admin, now });

async function issue(plan: Plan, count = 1, validDays = 7): Promise<Invitation[]> {
  return createInvitations(t.db, { planId: plan.id, count, validDays, createdBy: admin, now });
}

async function issueOne(plan: Plan): Promise<Invitation> {
  const [invitation] = await issue(plan);
  if (!invitation) throw new Error('no invitation issued');
  return invitation;
}

test('codes carry 128 random bits in 22 URL-safe characters', () => {
  const codes = Array.from({ length: 1000 }, generateInvitationCode);
  for (const code of codes) {
    assert.match(code, /^[A-Za-z0-9_-]{22}$/);
    assert.is(Buffer.from(code, 'base64url').length, 16);
  }
  assert.is(new Set(codes).size, 1000);
});

test('count and validity inputs are whole numbers within their limits', () => {
  const show = (p: ReturnType<typeof parseInvitationCount>) => (p.ok ? p.value : p.problem);
  assert.equal(
    ['1', '500', '0', '501', 'diez', '2.5'].map((s) => show(parseInvitationCount(s))),
    [1, 500, 'out_of_range', 'out_of_range', 'not_a_number', 'not_whole'],
  );
  assert.equal(
    ['1', '365', '366', ''].map((s) => show(parseInvitationValidDays(s))),
    [1, 365, 'out_of_range', 'empty'],
  );
});

test('500 codes in one batch: all distinct, all valid for the chosen days', async () => {
  const plan = await newPlan();
  const batch = await issue(plan, 500, 30);
  assert.is(batch.length, 500);
  assert.is(new Set(batch.map((i) => i.code)).size, 500);
  assert.ok(batch.every((i, n) => n === 0 || i.id > (batch[n - 1] as Invitation).id));
  for (const invitation of batch) {
    assert.is(invitation.planId, plan.id);
    assert.is(invitation.createdBy, admin);
    assert.equal(invitation.createdAt, now);
    assert.equal(invitation.expiresAt, at(30 * DAY));
    assert.is(invitation.usedBy, null);
    assert.is(invitationState(invitation, at(30 * DAY - 1)), 'available');
    assert.is(invitationState(invitation, at(30 * DAY)), 'expired');
  }
});

test('no codes for a missing or inactive plan, nor outside the limits', async () => {
  const plan = await newPlan('Pausado');
  await setPlanActive(t.db, plan.id, false, now);
  for (const [planId, reason] of [
    [plan.id, 'inactive'],
    [999_999, 'not_found'],
  ] as const) {
    try {
      await createInvitations(t.db, { planId, count: 3, validDays: 7, createdBy: admin, now });
      assert.unreachable('codes were issued');
    } catch (error) {
      assert.instance(error, PlanUnavailableError);
      assert.is((error as PlanUnavailableError).reason, reason);
    }
  }
  const active = await newPlan();
  for (const [count, validDays] of [
    [0, 7],
    [501, 7],
    [1, 0],
    [1, 366],
    [1.5, 7],
  ]) {
    try {
      await issue(active, count, validDays);
      assert.unreachable(`issued ${count} for ${validDays} days`);
    } catch (error) {
      assert.instance(error, RangeError);
    }
  }
});

test('the state of a code: revoked before used before expired', () => {
  const base: Invitation = {
    id: 1,
    code: 'x'.repeat(22),
    planId: 1,
    createdBy: admin,
    createdAt: now,
    expiresAt: at(DAY),
    usedBy: null,
    usedAt: null,
    revokedAt: null,
  };
  const late = at(2 * DAY);
  assert.is(invitationState(base, now), 'available');
  assert.is(invitationState(base, late), 'expired');
  assert.is(invitationState({ ...base, usedBy: 5, usedAt: now }, late), 'used');
  assert.is(invitationState({ ...base, usedBy: 5, usedAt: now, revokedAt: now }, late), 'revoked');
});

test('a claim wins once; then the code reads as used, even for the same person', async () => {
  const plan = await newPlan();
  const code = (await issueOne(plan)).code;
  const first = await t.db.tx((tx) => claimInvitation(tx, code, 501, at(1000)));
  assert.is(first.status, 'claimed');
  if (first.status !== 'claimed') return;
  assert.is(first.invitation.usedBy, 501);
  assert.equal(first.invitation.usedAt, at(1000));
  assert.equal(first.plan, plan);
  const again = await claimInvitation(t.db, code, 502, at(2000));
  assert.is(again.status, 'used');
  assert.is(again.status !== 'unknown' && again.invitation.usedBy, 501);
  assert.is((await claimInvitation(t.db, code, 501, at(3000))).status, 'used');
});

test('a code expires at its expiry instant by the given clock', async () => {
  const plan = await newPlan();
  const early = await issueOne(plan);
  assert.is((await claimInvitation(t.db, early.code, 1, at(7 * DAY - 1))).status, 'claimed');
  const late = await issueOne(plan);
  assert.is((await claimInvitation(t.db, late.code, 1, at(7 * DAY))).status, 'expired');
  assert.is((await describeInvitation(t.db, late.code, at(7 * DAY)))?.state, 'expired');
});

test('revoked, unknown, malformed and inactive-plan claims are each told apart', async () => {
  const plan = await newPlan();
  const revoked = await issueOne(plan);
  assert.is(await revokeInvitation(t.db, revoked.id, now), 'revoked');
  assert.is((await claimInvitation(t.db, revoked.code, 1, now)).status, 'revoked');
  assert.equal(await claimInvitation(t.db, generateInvitationCode(), 1, now), { status: 'unknown' });

  // Malformed payloads never reach the database.
  const noDatabase = {
    query: () => Promise.reject(new Error('queried')),
  } as unknown as Queryable;
  for (const code of [
    'short',
    'x'.repeat(65),
    'has spaces in it here',
    'ünïcödé-ünïcödé-ü',
    '',
    `${'a'.repeat(20)};--`,
  ]) {
    assert.equal(await claimInvitation(noDatabase, code, 1, now), { status: 'unknown' }, code);
    assert.is(await describeInvitation(noDatabase, code, now), undefined);
  }

  const paused = await newPlan('Pausado');
  const [waiting, usedBefore] = await issue(paused, 2);
  if (!waiting || !usedBefore) throw new Error('no invitations issued');
  assert.is((await claimInvitation(t.db, usedBefore.code, 7, now)).status, 'claimed');
  await setPlanActive(t.db, paused.id, false, now);
  const refused: ClaimResult = await claimInvitation(t.db, waiting.code, 8, now);
  assert.is(refused.status, 'plan_inactive');
  assert.is(refused.status !== 'unknown' && refused.invitation.usedBy, null);
  assert.is((await claimInvitation(t.db, usedBefore.code, 8, now)).status, 'used');
  await setPlanActive(t.db, paused.id, true, now);
  assert.is((await claimInvitation(t.db, waiting.code, 8, now)).status, 'claimed');
});

test('100 concurrent claims of one code in 100 transactions: exactly one wins', async () => {
  const plan = await newPlan();
  const { code } = await issueOne(plan);
  const claims = Array.from({ length: 100 }, (_, i) =>
    t.db.tx(async (tx) => {
      const result = await claimInvitation(tx, code, 10_000 + i, at(1000));
      // The winner holds its row lock a little longer, as a real transition would.
      if (result.status === 'claimed') await new Promise((resolve) => setTimeout(resolve, 20));
      return result;
    }),
  );
  const results = await Promise.all(claims);
  const won = results.filter((r) => r.status === 'claimed');
  assert.is(won.length, 1);
  assert.is(results.filter((r) => r.status === 'used').length, 99);
  const winner = won[0]?.status === 'claimed' ? won[0].invitation.usedBy : undefined;
  const stored = await describeInvitation(t.db, code, at(1000));
  assert.is(stored?.invitation.usedBy, winner);
  assert.ok(results.every((r) => r.status !== 'unknown' && r.invitation.usedBy === winner));
});

test('listing filters by plan and state in SQL, newest first, with paging and who used each', async () => {
  const plan = await newPlan('Listado');
  await upsertUser(t.db, { userId: 77, username: 'ana', firstName: 'Ana', lastName: 'Ruiz' }, now);
  const codes: Invitation[] = [];
  for (let i = 0; i < 6; i++) {
    const [invitation] = await createInvitations(t.db, {
      planId: plan.id,
      count: 1,
      validDays: i < 2 ? 1 : 30,
      createdBy: admin,
      now: at(i * 1000),
    });
    if (invitation) codes.push(invitation);
  }
  const [short1, short2, used, revoked, open1, open2] = codes as [Invitation, ...Invitation[]];
  const later = at(2 * DAY);
  await claimInvitation(t.db, (used as Invitation).code, 77, at(10_000));
  await revokeInvitation(t.db, (revoked as Invitation).id, at(10_000));

  const list = (state?: 'available' | 'used' | 'expired' | 'revoked', offset = 0, limit = 10) =>
    listInvitations(t.db, { planId: plan.id, state, offset, limit, now: later });
  const ids = async (state?: 'available' | 'used' | 'expired' | 'revoked') =>
    (await list(state)).items.map((i) => i.id);

  assert.equal(
    await ids(),
    [...codes].reverse().map((i) => i.id),
  );
  assert.equal(await ids('available'), [open2?.id, open1?.id]);
  assert.equal(await ids('expired'), [short2?.id, short1.id]);
  assert.equal(await ids('used'), [used?.id]);
  assert.equal(await ids('revoked'), [revoked?.id]);

  const [usedView] = (await list('used')).items;
  assert.equal(
    usedView && [usedView.state, usedView.planName, usedView.usedByName, usedView.usedByUsername],
    ['used', 'Listado', 'Ana Ruiz', 'ana'],
  );
  const [openView] = (await list('available')).items;
  assert.equal(openView && [openView.state, openView.usedByName], ['available', null]);

  const page = await list(undefined, 2, 3);
  assert.is(page.total, 6);
  assert.equal(
    page.items.map((i) => i.id),
    [revoked?.id, used?.id, short2?.id],
  );
  const allPlans = await listInvitations(t.db, { offset: 0, limit: 1, now: later });
  assert.ok(allPlans.total > 6);
  assert.is(allPlans.items[0]?.id, open2?.id);
});

test('revoking: only an unused code, once', async () => {
  const plan = await newPlan();
  const [a, b] = await issue(plan, 2);
  if (!a || !b) throw new Error('no invitations issued');
  assert.is(await revokeInvitation(t.db, a.id, now), 'revoked');
  assert.is(await revokeInvitation(t.db, a.id, now), 'already_revoked');
  await claimInvitation(t.db, b.code, 9, now);
  assert.is(await revokeInvitation(t.db, b.id, now), 'already_used');
  assert.is(await revokeInvitation(t.db, 999_999, now), 'not_found');
  assert.is((await describeInvitation(t.db, a.code, now))?.state, 'revoked');
  assert.equal((await describeInvitation(t.db, a.code, now))?.invitation.revokedAt, now);
});

test.run();
