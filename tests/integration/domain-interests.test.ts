import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  countInterests,
  type InterestFilter,
  interestsOfUser,
  listInterests,
  markInterestAttended,
  PackageUnavailableError,
  recordInterest,
} from '../../src/domain/interests.ts';
import { createPackage, type PackageCategory, setPackageActive } from '../../src/domain/packages.ts';
import { upsertUser } from '../../src/domain/users.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let t: TestDatabase;
test.before(async () => {
  t = await createTestDatabase();
});
test.after(async () => {
  await t.drop();
});

const MINUTE = 60_000;
const now = new Date('2025-03-01T12:00:00Z');
const at = (minutes: number) => new Date(now.getTime() + minutes * MINUTE);
const admin = 111;

const makePackage = (name: string, category: PackageCategory, price: string | null = null) =>
  createPackage(t.db, { name, category, price, createdBy: admin, now });

const rowOf = async (userId: number, packageId: number) =>
  (
    await t.db.query(sql`
      SELECT attended, attended_at, attended_by, created_at, last_interest_at
      FROM interests WHERE user_id = ${userId} AND package_id = ${packageId}`)
  )[0];

test('the first interest is new; asking again renews it and makes it pending again', async () => {
  const pkg = await makePackage('Álbum', 'VIP_PREMIUM', '10');
  assert.is(await recordInterest(t.db, { userId: 1, packageId: pkg.id, now: at(0) }), 'new');
  assert.equal(await rowOf(1, pkg.id), {
    attended: false,
    attended_at: null,
    attended_by: null,
    created_at: at(0),
    last_interest_at: at(0),
  });
  assert.is(await recordInterest(t.db, { userId: 1, packageId: pkg.id, now: at(5) }), 'renewed');
  assert.equal((await rowOf(1, pkg.id)).last_interest_at, at(5));

  assert.is(await markInterestAttended(t.db, { userId: 1, packageId: pkg.id, by: admin, now: at(6) }), true);
  assert.equal(await rowOf(1, pkg.id), {
    attended: true,
    attended_at: at(6),
    attended_by: admin,
    created_at: at(0),
    last_interest_at: at(5),
  });
  // Attending twice changes nothing; an interest that does not exist is not attended.
  assert.is(await markInterestAttended(t.db, { userId: 1, packageId: pkg.id, by: 222, now: at(7) }), false);
  assert.equal((await rowOf(1, pkg.id)).attended_by, admin);
  assert.is(await markInterestAttended(t.db, { userId: 2, packageId: pkg.id, by: admin, now: at(7) }), false);

  assert.is(await recordInterest(t.db, { userId: 1, packageId: pkg.id, now: at(10) }), 'renewed');
  assert.equal(await rowOf(1, pkg.id), {
    attended: false,
    attended_at: null,
    attended_by: null,
    created_at: at(0),
    last_interest_at: at(10),
  });
  const [{ n }] = await t.db.query(sql`SELECT count(*) AS n FROM interests`);
  assert.is(n, 1);
});

test('interest in a package that is gone or withdrawn is refused, and nothing is written', async () => {
  const withdrawn = await makePackage('Retirado', 'FREE_CONTENT');
  await setPackageActive(t.db, withdrawn.id, false, now);
  for (const [packageId, reason] of [
    [withdrawn.id, 'inactive'],
    [999_999, 'not_found'],
  ] as const) {
    try {
      await recordInterest(t.db, { userId: 3, packageId, now });
      assert.unreachable(`recorded interest in ${packageId}`);
    } catch (error) {
      assert.instance(error, PackageUnavailableError);
      assert.equal(
        [(error as PackageUnavailableError).packageId, (error as PackageUnavailableError).reason],
        [packageId, reason],
      );
    }
  }
  const [{ n }] = await t.db.query(sql`SELECT count(*) AS n FROM interests WHERE user_id = 3`);
  assert.is(n, 0);
});

test('filters, categories, order, paging, counts and one person’s interests', async () => {
  await t.db.query(sql`TRUNCATE content_packages RESTART IDENTITY CASCADE`);
  const free = await makePackage('Postal', 'FREE_CONTENT');
  const premium = await makePackage('Sesión', 'VIP_PREMIUM', '25');
  const vip = await makePackage('Directo', 'VIP_CONTENT', '5');
  await upsertUser(t.db, { userId: 10, username: 'ana', firstName: 'Ana' }, now);
  await upsertUser(t.db, { userId: 11, firstName: 'Bea' }, now);

  const interest = (userId: number, packageId: number, minute: number) =>
    recordInterest(t.db, { userId, packageId, now: at(minute) });
  const attend = (userId: number, packageId: number, minute: number) =>
    markInterestAttended(t.db, { userId, packageId, by: admin, now: at(minute) });
  await interest(10, free.id, 1);
  await interest(10, premium.id, 2);
  await interest(11, premium.id, 3);
  await interest(12, vip.id, 4); // unknown to users
  await interest(11, free.id, 5);
  await attend(10, free.id, 20);
  await attend(11, premium.id, 10);
  await attend(12, vip.id, 30);
  // Asked again after being attended: pending again, and the latest to ask.
  await interest(12, vip.id, 40);

  const keys = async (filter: InterestFilter, category: PackageCategory | 'any' = 'any') =>
    (await listInterests(t.db, { filter, category, offset: 0, limit: 20 })).items.map(
      (i) => `${i.userId}:${i.packageId}`,
    );
  const k = (userId: number, p: { id: number }) => `${userId}:${p.id}`;
  assert.equal(await keys('pending'), [k(10, premium), k(11, free), k(12, vip)]);
  assert.equal(await keys('attended'), [k(10, free), k(11, premium)]);
  assert.equal(await keys('all'), [k(12, vip), k(11, free), k(11, premium), k(10, premium), k(10, free)]);
  assert.equal(await keys('pending', 'VIP_PREMIUM'), [k(10, premium)]);
  assert.equal(await keys('all', 'FREE_CONTENT'), [k(11, free), k(10, free)]);
  assert.equal(await keys('attended', 'VIP_CONTENT'), []);

  const page = await listInterests(t.db, { filter: 'all', category: 'any', offset: 1, limit: 2 });
  assert.is(page.total, 5);
  assert.equal(page.items[0], {
    userId: 11,
    packageId: free.id,
    attended: false,
    attendedAt: null,
    attendedBy: null,
    createdAt: at(5),
    lastInterestAt: at(5),
    packageName: 'Postal',
    packageCategory: 'FREE_CONTENT',
    packagePrice: null,
    packageCurrency: 'USD',
    packageActive: true,
    firstName: 'Bea',
    username: null,
  });
  const [unknown] = (
    await listInterests(t.db, { filter: 'pending', category: 'VIP_CONTENT', offset: 0, limit: 5 })
  ).items;
  assert.equal(
    [unknown?.firstName, unknown?.username, unknown?.createdAt, unknown?.lastInterestAt],
    ['', null, at(4), at(40)],
  );
  const filtered = await listInterests(t.db, {
    filter: 'pending',
    category: 'FREE_CONTENT',
    offset: 0,
    limit: 1,
  });
  assert.is(filtered.total, 1);

  assert.equal(await countInterests(t.db), { pending: 3, attended: 2, total: 5 });

  const mine = await interestsOfUser(t.db, 10, 5);
  assert.equal(
    mine.map((i) => [i.packageName, i.attended, i.attendedAt, i.packagePrice]),
    [
      ['Sesión', false, null, '25.00'],
      ['Postal', true, at(20), null],
    ],
  );
  assert.equal(
    (await interestsOfUser(t.db, 10, 1)).map((i) => i.packageId),
    [premium.id],
  );
  assert.equal(await interestsOfUser(t.db, 404, 5), []);
});

test('a package removed from the table takes its interests with it', async () => {
  const gone = await makePackage('Efímero', 'FREE_CONTENT');
  await recordInterest(t.db, { userId: 50, packageId: gone.id, now });
  await t.db.query(sql`DELETE FROM content_packages WHERE id = ${gone.id}`);
  assert.equal(await interestsOfUser(t.db, 50, 5), []);
});

test('the table keeps the attended flag and its time together', async () => {
  const pkg = await makePackage('Regla', 'FREE_CONTENT');
  for (const values of [
    sql`true, NULL, NULL`,
    sql`false, ${now}::timestamptz, NULL`,
    sql`false, NULL, 5::bigint`,
  ])
    await t.db
      .query(sql`
        INSERT INTO interests (user_id, package_id, attended, attended_at, attended_by, created_at, last_interest_at)
        SELECT 77, ${pkg.id}, ${values}, ${now}, ${now}`)
      .then(
        () => assert.unreachable('accepted'),
        (error: { code?: string }) => assert.is(error.code, '23514'),
      );
});

test.run();
