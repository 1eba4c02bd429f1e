import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createInvitations } from '../../src/domain/invitations.ts';
import { syncMembership } from '../../src/domain/memberships.ts';
import {
  createPlan,
  deletePlanIfUnused,
  getPlan,
  InvalidPlanError,
  listPlans,
  type Parsed,
  parseCurrency,
  parsePlanDays,
  parsePlanName,
  parsePlanPrice,
  setPlanActive,
  updatePlan,
} from '../../src/domain/plans.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let t: TestDatabase;
test.before(async () => {
  t = await createTestDatabase();
});
test.after(async () => {
  await t.drop();
});

const now = new Date('2025-03-01T12:00:00Z');
const admin = 111;

function expectParsed<T>(parse: (raw: string) => Parsed<T>, cases: [string, T | string][]): void {
  for (const [raw, expected] of cases) {
    const result = parse(raw);
    const got = result.ok ? result.value : `!${result.problem}`;
    assert.equal(got, expected, `${JSON.stringify(raw)}`);
  }
}

test('plan names are trimmed single lines of 1 to 100 characters, emoji counting as one', () => {
  expectParsed(parsePlanName, [
    ['  Mensual  ', 'Mensual'],
    ['Plan\n  VIP\tanual', 'Plan VIP anual'],
    ['💎 Diamante', '💎 Diamante'],
    ['💎'.repeat(100), '💎'.repeat(100)],
    ['a'.repeat(100), 'a'.repeat(100)],
    ['a'.repeat(101), '!too_long'],
    ['   ', '!empty'],
    ['', '!empty'],
  ]);
});

test('plan days are whole numbers from 1 to 3650', () => {
  expectParsed(parsePlanDays, [
    ['1', 1],
    [' 30 ', 30],
    ['3650', 3650],
    ['0', '!out_of_range'],
    ['3651', '!out_of_range'],
    ['-1', '!out_of_range'],
    ['1.5', '!not_whole'],
    ['7,5', '!not_whole'],
    ['1e3', '!not_a_number'],
    ['abc', '!not_a_number'],
    ['', '!empty'],
    ['99999999999999999999999', '!out_of_range'],
  ]);
});

test('prices accept a comma or a point and come back with two decimals', () => {
  expectParsed(parsePlanPrice, [
    ['10', '10.00'],
    ['10.5', '10.50'],
    ['10,50', '10.50'],
    ['0', '0.00'],
    ['0,99', '0.99'],
    ['007', '7.00'],
    ['99999.99', '99999.99'],
    ['100000', '!out_of_range'],
    ['99999.991', '!too_many_decimals'],
    ['10.555', '!too_many_decimals'],
    ['-1', '!out_of_range'],
    ['abc', '!not_a_number'],
    ['1e3', '!not_a_number'],
    ['10.', '!not_a_number'],
    ['$10', '!not_a_number'],
    ['', '!empty'],
  ]);
});

test('currencies are three letters in any case, or a common symbol', () => {
  expectParsed(parseCurrency, [
    ['usd', 'USD'],
    [' Eur ', 'EUR'],
    ['$', 'USD'],
    ['€', 'EUR'],
    ['US', '!bad_currency'],
    ['USDT', '!bad_currency'],
    ['U$D', '!bad_currency'],
    ['constructor', '!bad_currency'],
    ['', '!empty'],
  ]);
});

test('a plan is created with normalized fields and read back', async () => {
  const plan = await createPlan(t.db, {
    name: ' Mensual ',
    durationDays: 30,
    price: '10,5',
    currency: 'usd',
    createdBy: admin,
    now,
  });
  assert.equal(
    { ...plan, id: 0 },
    {
      id: 0,
      name: 'Mensual',
      durationDays: 30,
      price: '10.50',
      currency: 'USD',
      active: true,
      createdBy: admin,
      createdAt: now,
    },
  );
  assert.equal(await getPlan(t.db, plan.id), plan);
  assert.is(await getPlan(t.db, 999_999), undefined);
});

test('createPlan refuses fields the admin parsers would refuse, naming the field', async () => {
  const base = { name: 'X', durationDays: 30, price: '1', currency: 'USD', createdBy: admin, now };
  for (const [patch, field] of [
    [{ durationDays: 3651 }, 'durationDays'],
    [{ durationDays: 1.5 }, 'durationDays'],
    [{ price: '100000' }, 'price'],
    [{ currency: 'dollars' }, 'currency'],
    [{ name: ' ' }, 'name'],
  ] as const) {
    try {
      await createPlan(t.db, { ...base, ...patch });
      assert.unreachable(`accepted ${JSON.stringify(patch)}`);
    } catch (error) {
      assert.instance(error, InvalidPlanError);
      assert.is((error as InvalidPlanError).field, field);
    }
  }
});

test('plans list active first, then by name, with code counts and paging', async () => {
  await t.db.query(sql`TRUNCATE plans RESTART IDENTITY CASCADE`);
  const make = (name: string) =>
    createPlan(t.db, { name, durationDays: 30, price: '5', currency: 'EUR', createdBy: admin, now });
  const zeta = await make('zeta');
  const alpha = await make('Alpha');
  const beta = await make('beta');
  const old = await make('Antiguo');
  await setPlanActive(t.db, old.id, false, now);
  await createInvitations(t.db, { planId: beta.id, count: 3, validDays: 7, createdBy: admin, now });
  const [code] = await createInvitations(t.db, {
    planId: beta.id,
    count: 1,
    validDays: 7,
    createdBy: admin,
    now,
  });
  await t.db.query(sql`UPDATE invitation_codes SET used_by = 5, used_at = ${now} WHERE id = ${code?.id}`);

  const activeOnly = await listPlans(t.db, { includeInactive: false, offset: 0, limit: 10 });
  assert.equal(
    activeOnly.items.map((p) => p.name),
    ['Alpha', 'beta', 'zeta'],
  );
  assert.is(activeOnly.total, 3);
  const everything = await listPlans(t.db, { includeInactive: true, offset: 0, limit: 10 });
  assert.equal(
    everything.items.map((p) => [p.name, p.active, p.codesTotal, p.codesUsed]),
    [
      ['Alpha', true, 0, 0],
      ['beta', true, 4, 1],
      ['zeta', true, 0, 0],
      ['Antiguo', false, 0, 0],
    ],
  );
  const page2 = await listPlans(t.db, { includeInactive: true, offset: 2, limit: 2 });
  assert.equal(
    page2.items.map((p) => p.id),
    [zeta.id, old.id],
  );
  assert.is(page2.total, 4);
  const beyond = await listPlans(t.db, { includeInactive: true, offset: 10, limit: 2 });
  assert.equal(beyond, { items: [], total: 4 });
  assert.ok(alpha.active);
});

test('updatePlan changes only the given fields; deactivate and reactivate', async () => {
  const plan = await createPlan(t.db, {
    name: 'Trimestral',
    durationDays: 90,
    price: '25',
    currency: 'USD',
    createdBy: admin,
    now,
  });
  const later = new Date(now.getTime() + 60_000);
  const renamed = await updatePlan(t.db, plan.id, { name: 'Trimestre', price: '20,00' }, later);
  assert.equal(renamed, { ...plan, name: 'Trimestre', price: '20.00' });
  const longer = await updatePlan(t.db, plan.id, { durationDays: 91, currency: 'eur' }, later);
  assert.equal(longer, { ...plan, name: 'Trimestre', price: '20.00', durationDays: 91, currency: 'EUR' });
  assert.is(await updatePlan(t.db, 999_999, { name: 'x' }, later), undefined);

  const off = await setPlanActive(t.db, plan.id, false, later);
  assert.is(off?.active, false);
  const on = await setPlanActive(t.db, plan.id, true, later);
  assert.is(on?.active, true);
  assert.is(await setPlanActive(t.db, 999_999, true, later), undefined);
});

test('a plan is deleted only while no code or membership refers to it', async () => {
  const make = () =>
    createPlan(t.db, { name: 'Temp', durationDays: 1, price: '0', currency: 'USD', createdBy: admin, now });
  const unused = await make();
  assert.is(await deletePlanIfUnused(t.db, unused.id), 'deleted');
  assert.is(await getPlan(t.db, unused.id), undefined);
  assert.is(await deletePlanIfUnused(t.db, unused.id), 'not_found');

  const withCode = await make();
  await createInvitations(t.db, { planId: withCode.id, count: 1, validDays: 1, createdBy: admin, now });
  assert.is(await deletePlanIfUnused(t.db, withCode.id), 'in_use');

  const withMember = await make();
  await syncMembership(t.db, {
    userId: 42,
    planId: withMember.id,
    status: 'expired',
    startedAt: now,
    expiresAt: now,
    ritualStep: null,
    now,
  });
  assert.is(await deletePlanIfUnused(t.db, withMember.id), 'in_use');
  assert.ok(await getPlan(t.db, withMember.id));
});

test('a code committed while the delete waits makes it in_use, and the caller transaction survives', async () => {
  const plan = await createPlan(t.db, {
    name: 'Carrera',
    durationDays: 1,
    price: '0',
    currency: 'USD',
    createdBy: admin,
    now,
  });
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  // The insert holds a key-share lock on the plan until it commits; the delete must wait for it.
  const inserting = t.db.tx(async (tx) => {
    await createInvitations(tx, { planId: plan.id, count: 1, validDays: 1, createdBy: admin, now });
    await held;
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
  const deleting = t.db.tx(async (tx) => {
    const outcome = await deletePlanIfUnused(tx, plan.id);
    const [row] = await tx.query(sql`SELECT count(*) AS n FROM plans WHERE id = ${plan.id}`);
    return { outcome, stillThere: row.n };
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
  release();
  await inserting;
  assert.equal(await deleting, { outcome: 'in_use', stillThere: 1 });
});

test.run();
