import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  createPackage,
  getPackage,
  InvalidPackageError,
  listPackages,
  type PackageCategory,
  packagesForRole,
  parsePackageDescription,
  parsePackageName,
  parsePackagePrice,
  setPackageActive,
  updatePackage,
} from '../../src/domain/packages.ts';
import type { Parsed } from '../../src/domain/plans.ts';
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
const at = (ms: number) => new Date(now.getTime() + ms);
const admin = 111;

function expectParsed<T>(parse: (raw: string) => Parsed<T>, cases: [string, T | string][]): void {
  for (const [raw, expected] of cases) {
    const result = parse(raw);
    const got = result.ok ? result.value : `!${result.problem}`;
    assert.equal(got, expected, `${JSON.stringify(raw)}`);
  }
}

test('package names are trimmed single lines of 1 to 200 characters, emoji counting as one', () => {
  expectParsed(parsePackageName, [
    ['  Sesión privada  ', 'Sesión privada'],
    ['Fotos\n de\tverano', 'Fotos de verano'],
    ['🌹'.repeat(200), '🌹'.repeat(200)],
    ['a'.repeat(200), 'a'.repeat(200)],
    ['a'.repeat(201), '!too_long'],
    [' \n ', '!empty'],
    ['', '!empty'],
  ]);
});

test('package prices follow the plan price rules', () => {
  expectParsed(parsePackagePrice, [
    ['10', '10.00'],
    ['9,5', '9.50'],
    ['0', '0.00'],
    ['99999.99', '99999.99'],
    ['100000', '!out_of_range'],
    ['1.999', '!too_many_decimals'],
    ['gratis', '!not_a_number'],
    ['', '!empty'],
  ]);
});

test('descriptions keep their lines, up to 1000 characters', () => {
  expectParsed(parsePackageDescription, [
    ['  Diez fotos.\r\nUn vídeo.  ', 'Diez fotos.\nUn vídeo.'],
    ['Uno\n\n\n\nDos', 'Uno\n\nDos'],
    ['a\tb\u0007c   d', 'a b c d'],
    ['línea  \n  otra', 'línea\notra'],
    ['é'.repeat(1000), 'é'.repeat(1000)],
    ['é'.repeat(1001), '!too_long'],
    ['\n \n', '!empty'],
  ]);
});

test('a package is created with normalized fields, defaults, and read back', async () => {
  const full = await createPackage(t.db, {
    name: ' Álbum de otoño ',
    category: 'VIP_PREMIUM',
    price: '12,5',
    currency: 'eur',
    description: 'Veinte fotos.\r\n',
    photoFileId: 'AgACAgEAAxkBAAIB',
    createdBy: admin,
    now,
  });
  assert.equal(
    { ...full, id: 0 },
    {
      id: 0,
      name: 'Álbum de otoño',
      category: 'VIP_PREMIUM',
      price: '12.50',
      currency: 'EUR',
      description: 'Veinte fotos.',
      photoFileId: 'AgACAgEAAxkBAAIB',
      active: true,
      createdBy: admin,
      createdAt: now,
      updatedAt: now,
    },
  );
  assert.equal(await getPackage(t.db, full.id), full);
  const bare = await createPackage(t.db, { name: 'Saludo', category: 'FREE_CONTENT', createdBy: admin, now });
  assert.equal([bare.price, bare.currency, bare.description, bare.photoFileId], [null, 'USD', null, null]);
  assert.is(await getPackage(t.db, 999_999), undefined);
});

test('createPackage and updatePackage refuse what the parsers would refuse, naming the field', async () => {
  const base = { name: 'X', category: 'FREE_CONTENT' as PackageCategory, createdBy: admin, now };
  const cases = [
    [{ name: ' ' }, 'name'],
    [{ category: 'GOLD' as PackageCategory }, 'category'],
    [{ price: '-1' }, 'price'],
    [{ currency: 'dollars' }, 'currency'],
    [{ description: 'x'.repeat(1001) }, 'description'],
    [{ photoFileId: '' }, 'photoFileId'],
  ] as const;
  for (const [patch, field] of cases) {
    for (const attempt of [
      () => createPackage(t.db, { ...base, ...patch }),
      () => updatePackage(t.db, 1, patch, now),
    ]) {
      try {
        await attempt();
        assert.unreachable(`accepted ${JSON.stringify(patch)}`);
      } catch (error) {
        assert.instance(error, InvalidPackageError);
        assert.is((error as InvalidPackageError).field, field);
      }
    }
  }
});

test('updatePackage changes only the fields given and null clears the optional ones', async () => {
  const made = await createPackage(t.db, {
    name: 'Vídeo',
    category: 'VIP_CONTENT',
    price: '5',
    description: 'Corto',
    photoFileId: 'file-1',
    createdBy: admin,
    now,
  });
  const later = at(MINUTE);
  const renamed = await updatePackage(t.db, made.id, { name: 'Vídeo largo', price: '7,25' }, later);
  assert.equal(renamed, { ...made, name: 'Vídeo largo', price: '7.25', updatedAt: later });
  const cleared = await updatePackage(
    t.db,
    made.id,
    { price: null, description: null, photoFileId: null, category: 'VIP_PREMIUM', currency: '€' },
    later,
  );
  assert.equal(cleared, {
    ...made,
    name: 'Vídeo largo',
    category: 'VIP_PREMIUM',
    price: null,
    currency: 'EUR',
    description: null,
    photoFileId: null,
    updatedAt: later,
  });
  const touched = await updatePackage(t.db, made.id, {}, at(2 * MINUTE));
  assert.equal(touched?.updatedAt, at(2 * MINUTE));
  assert.is(await updatePackage(t.db, 999_999, { name: 'x' }, later), undefined);

  const off = await setPackageActive(t.db, made.id, false, at(3 * MINUTE));
  assert.equal([off?.active, off?.updatedAt], [false, at(3 * MINUTE)]);
  assert.is((await setPackageActive(t.db, made.id, true, later))?.active, true);
  assert.is(await setPackageActive(t.db, 999_999, true, later), undefined);
});

test('the table refuses what the domain would refuse', async () => {
  for (const [name, category, price, currency] of [
    ['x', 'OTHER', null, 'USD'],
    ['x', 'FREE_CONTENT', '100000', 'USD'],
    ['x', 'FREE_CONTENT', '-0.01', 'USD'],
    ['', 'FREE_CONTENT', null, 'USD'],
    ['x', 'FREE_CONTENT', null, 'usd'],
  ])
    await t.db
      .query(sql`
        INSERT INTO content_packages (name, category, price, currency, created_by, created_at, updated_at)
        VALUES (${name}, ${category}, ${price}::numeric, ${currency}, 1, ${now}, ${now})`)
      .then(
        () => assert.unreachable(`accepted ${name} ${category} ${price} ${currency}`),
        // A check violation, or for a price too large the column's own precision.
        (error: { code?: string }) => assert.ok(['23514', '22003'].includes(error.code ?? ''), error.code),
      );
});

test('lists: the admin sees the newest first, each role what is offered to it, in its order', async () => {
  await t.db.query(sql`TRUNCATE content_packages RESTART IDENTITY CASCADE`);
  let minute = 0;
  const make = async (name: string, category: PackageCategory, price: string | null, active = true) => {
    const made = await createPackage(t.db, {
      name,
      category,
      price,
      createdBy: admin,
      now: at(minute++ * MINUTE),
    });
    if (!active) await setPackageActive(t.db, made.id, false, now);
    return made;
  };
  await make('zinnia', 'FREE_CONTENT', null);
  await make('Amapola', 'FREE_CONTENT', null);
  await make('Oculto', 'FREE_CONTENT', null, false);
  await make('Caro', 'VIP_PREMIUM', '50');
  await make('barato', 'VIP_PREMIUM', '5');
  await make('Regalo', 'VIP_PREMIUM', null);
  await make('Abrazo', 'VIP_PREMIUM', null);
  await make('Cero', 'VIP_PREMIUM', '0');
  await make('Antes', 'VIP_PREMIUM', '5');
  await make('Retirado', 'VIP_PREMIUM', null, false);
  await make('Canal', 'VIP_CONTENT', '9');

  const names = (page: { items: { name: string }[] }) => page.items.map((p) => p.name);
  const all = await listPackages(t.db, { includeInactive: true, offset: 0, limit: 50 });
  assert.equal(names(all), [
    'Canal',
    'Retirado',
    'Antes',
    'Cero',
    'Abrazo',
    'Regalo',
    'barato',
    'Caro',
    'Oculto',
    'Amapola',
    'zinnia',
  ]);
  assert.is(all.total, 11);
  const active = await listPackages(t.db, { includeInactive: false, offset: 1, limit: 3 });
  assert.equal(names(active), ['Antes', 'Cero', 'Abrazo']);
  assert.is(active.total, 9);

  const free = await packagesForRole(t.db, 'FREE', { offset: 0, limit: 10 });
  assert.equal([names(free), free.total], [['Amapola', 'zinnia'], 2]);
  // Without a price first (by name), then by price, equal prices by name.
  const vip = await packagesForRole(t.db, 'VIP', { offset: 0, limit: 10 });
  assert.equal([names(vip), vip.total], [['Abrazo', 'Regalo', 'Cero', 'Antes', 'barato', 'Caro'], 6]);
  const vipPage = await packagesForRole(t.db, 'VIP', { offset: 4, limit: 4 });
  assert.equal([names(vipPage), vipPage.total], [['barato', 'Caro'], 6]);
  const adminView = await packagesForRole(t.db, 'ADMIN', { offset: 0, limit: 20 });
  assert.equal(names(adminView), [
    'Amapola',
    'zinnia',
    'Canal',
    'Abrazo',
    'Antes',
    'barato',
    'Caro',
    'Cero',
    'Regalo',
  ]);
  assert.is(adminView.total, 9);
  assert.equal(await packagesForRole(t.db, 'FREE', { offset: 5, limit: 10 }), { items: [], total: 2 });
});

test.run();
