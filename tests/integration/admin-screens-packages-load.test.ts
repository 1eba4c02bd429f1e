import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadAdminViewData, renderAdminView } from '../../src/adapters/telegram/admin-screens/index.ts';
import { markInterestAttended, recordInterest } from '../../src/domain/interests.ts';
import { createPackage, type Package, setPackageActive } from '../../src/domain/packages.ts';
import { upsertUser } from '../../src/domain/users.ts';
import type { AdminView } from '../../src/machines/conversation/admin-view.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let t: TestDatabase;
const now = new Date('2026-03-01T12:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms);
const admin = 111;
const context = { adminId: admin, now, botUsername: 'LucienBot' };
const load = (view: AdminView) => loadAdminViewData(t.db, view, context);
const packages: Package[] = [];

test.before(async () => {
  t = await createTestDatabase();
  const categories = ['FREE_CONTENT', 'VIP_CONTENT', 'VIP_PREMIUM'] as const;
  // 12 packages, one a minute; every fourth paused.
  for (let i = 1; i <= 12; i++) {
    const p = await createPackage(t.db, {
      name: `Paquete ${String(i).padStart(2, '0')}`,
      category: categories[i % 3] as (typeof categories)[number],
      price: i % 2 === 0 ? '10' : null,
      createdBy: admin,
      now: at(i * 60_000),
    });
    packages.push(i % 4 === 0 ? ((await setPackageActive(t.db, p.id, false, now)) as Package) : p);
  }
  await upsertUser(t.db, { userId: 501, username: 'ana', firstName: 'Ana' }, now);
  const first = packages[0] as Package;
  const second = packages[1] as Package;
  await recordInterest(t.db, { userId: 501, packageId: first.id, now: at(1000) });
  await recordInterest(t.db, { userId: 502, packageId: first.id, now: at(2000) });
  await recordInterest(t.db, { userId: 503, packageId: first.id, now: at(3000) });
  await recordInterest(t.db, { userId: 501, packageId: second.id, now: at(4000) });
  await markInterestAttended(t.db, { userId: 502, packageId: first.id, by: admin, now: at(5000) });
});

test.after(async () => {
  await t.drop();
});

test('packages: all of them, paused too, 10 a page, newest first; a page past the end shows the last', async () => {
  const first = await load({ kind: 'packages', page: 0 });
  assert.is(first.packages?.total, 12);
  assert.is(first.packages?.items.length, 10);
  assert.is(first.packages?.items[0]?.name, 'Paquete 12');
  const past = await load({ kind: 'packages', page: 7 });
  assert.is(past.packages?.page, 1);
  assert.equal(
    past.packages?.items.map((p) => p.name),
    ['Paquete 02', 'Paquete 01'],
  );
});

test('package: the package with its interests (pending and total); a missing one reads as such', async () => {
  const first = packages[0] as Package;
  for (const kind of ['package', 'packageConfirmToggle'] as const) {
    const data = await load({ kind, packageId: first.id });
    assert.is(data.package?.name, 'Paquete 01');
    assert.equal(data.package?.interests, { pending: 2, total: 3 });
  }
  const edit = await load({ kind: 'packageEdit', packageId: (packages[4] as Package).id, field: 'price' });
  assert.equal(edit.package?.interests, { pending: 0, total: 0 });
  assert.is((await load({ kind: 'package', packageId: 99_999 })).package, undefined);
});

test('interests: each filter and category with its total and the counts of the whole realm', async () => {
  const totals: Record<string, number | undefined> = {};
  for (const filter of ['pending', 'attended', 'all'] as const) {
    const data = await load({ kind: 'interests', filter, category: 'any', page: 0 });
    totals[filter] = data.interests?.total;
    assert.equal(data.interestCounts, { pending: 3, attended: 1, total: 4 });
  }
  assert.equal(totals, { pending: 3, attended: 1, all: 4 });
  const first = packages[0] as Package;
  const byCategory = await load({ kind: 'interests', filter: 'all', category: first.category, page: 0 });
  assert.is(byCategory.interests?.total, 3);
  const view = { kind: 'interests', filter: 'pending', category: 'any', page: 0 } as const;
  const data = await load(view);
  assert.equal(
    data.interests?.items.map((i) => [i.userId, i.packageName]),
    [
      [501, 'Paquete 01'],
      [503, 'Paquete 01'],
      [501, 'Paquete 02'],
    ],
  );
  const screen = renderAdminView(view, data, {
    timeZone: 'America/Mexico_City',
    now: now.getTime(),
    botUsername: 'LucienBot',
  });
  assert.match(screen.text, /Ana \(@ana\)/);
  assert.match(screen.text, /#503/);
});

test('package wizard: reads nothing', async () => {
  assert.equal(await load({ kind: 'packageWizard', step: 'name', draft: {} }), {});
});

test.run();
