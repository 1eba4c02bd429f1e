import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  findUser,
  getUser,
  greetUser,
  type RoleChangeRequest,
  recordAdminRole,
  roleHistory,
  setRole,
  setRoles,
  upsertUser,
} from '../../src/domain/users.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let t: TestDatabase;
test.before(async () => {
  t = await createTestDatabase();
});
test.after(async () => {
  await t.drop();
});

const now = new Date('2025-03-01T12:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms);
const system = 0;

test('upsertUser records the profile, keeps the role, and rewrites only on a change', async () => {
  await upsertUser(t.db, { userId: 1, username: 'ana_r', firstName: 'Ana', lastName: 'Ruiz' }, now);
  assert.equal(await getUser(t.db, 1), {
    userId: 1,
    username: 'ana_r',
    firstName: 'Ana',
    lastName: 'Ruiz',
    role: 'FREE',
    createdAt: now,
    updatedAt: now,
  });
  await setRole(t.db, { userId: 1, role: 'VIP', changedBy: system, reason: 'code', source: 'test', now });
  await upsertUser(t.db, { userId: 1, username: 'ana_r', firstName: 'Ana', lastName: 'Ruiz' }, at(1000));
  assert.equal((await getUser(t.db, 1))?.updatedAt, now, 'same profile, no rewrite');
  await upsertUser(t.db, { userId: 1, firstName: 'Ana María' }, at(2000));
  const changed = await getUser(t.db, 1);
  assert.equal(
    changed && [changed.username, changed.firstName, changed.lastName, changed.role, changed.updatedAt],
    [null, 'Ana María', null, 'VIP', at(2000)],
  );
  assert.is(await getUser(t.db, 404), undefined);
});

test('findUser by id, by @username or username in any case', async () => {
  await upsertUser(t.db, { userId: 2_000_000_001, username: 'Lucia_VIP', firstName: 'Lucía' }, now);
  for (const query of ['2000000001', ' 2000000001 ', '@Lucia_VIP', 'lucia_vip', '@LUCIA_vip']) {
    assert.is((await findUser(t.db, query))?.userId, 2_000_000_001, query);
  }
  for (const query of [
    '',
    '@',
    '2000000002',
    'nobody',
    '@lucia vip',
    '99999999999999999999',
    'x'.repeat(40),
  ]) {
    assert.is(await findUser(t.db, query), undefined, query);
  }
});

test('a username that moved to someone else finds the person seen last with it', async () => {
  await upsertUser(t.db, { userId: 10, username: 'moved', firstName: 'Old' }, now);
  await upsertUser(t.db, { userId: 11, username: 'Moved', firstName: 'New' }, at(1000));
  assert.is((await findUser(t.db, '@moved'))?.userId, 11);
});

test('setRole logs only real changes, with who, why and from which role', async () => {
  const change = (role: 'FREE' | 'VIP' | 'ADMIN', ms: number, metadata?: Record<string, unknown>) =>
    setRole(t.db, {
      userId: 20,
      role,
      changedBy: 111,
      reason: `to ${role}`,
      source: 'admin_menu',
      metadata,
      now: at(ms),
    });

  assert.equal(
    await change('FREE', 0),
    { changed: false, previous: null },
    'unknown people are FREE already',
  );
  assert.is((await getUser(t.db, 20))?.role, 'FREE', 'but the row now exists');
  assert.equal(await change('VIP', 1000, { planId: 3 }), { changed: true, previous: 'FREE' });
  assert.equal(await change('VIP', 2000), { changed: false, previous: 'VIP' });
  assert.equal(await change('ADMIN', 3000), { changed: true, previous: 'VIP' });
  assert.is((await getUser(t.db, 20))?.role, 'ADMIN');
  assert.equal((await getUser(t.db, 20))?.updatedAt, at(3000));

  const history = await roleHistory(t.db, 20, 10);
  assert.equal(history, [
    {
      previousRole: 'VIP',
      newRole: 'ADMIN',
      changedBy: 111,
      reason: 'to ADMIN',
      source: 'admin_menu',
      metadata: {},
      changedAt: at(3000),
    },
    {
      previousRole: 'FREE',
      newRole: 'VIP',
      changedBy: 111,
      reason: 'to VIP',
      source: 'admin_menu',
      metadata: { planId: 3 },
      changedAt: at(1000),
    },
  ]);
  assert.is((await roleHistory(t.db, 20, 1)).length, 1);
});

test('setRole on someone never seen creates them and logs a change from nothing', async () => {
  const result = await setRole(t.db, {
    userId: 30,
    role: 'VIP',
    changedBy: 0,
    reason: 'invitation claimed',
    source: 'invitation',
    now,
  });
  assert.equal(result, { changed: true, previous: null });
  const user = await getUser(t.db, 30);
  assert.equal(user && [user.role, user.firstName], ['VIP', '']);
  assert.equal(
    (await roleHistory(t.db, 30, 5)).map((c) => [c.previousRole, c.newRole, c.changedBy]),
    [[null, 'VIP', 0]],
  );
  // A profile arriving later fills the name in and keeps the role.
  await upsertUser(t.db, { userId: 30, firstName: 'Nuevo' }, at(1000));
  assert.equal((await getUser(t.db, 30))?.role, 'VIP');
});

test('concurrent setRole calls on a new person log a consistent chain', async () => {
  const roles = ['VIP', 'ADMIN', 'VIP', 'FREE', 'VIP', 'ADMIN'] as const;
  await Promise.all(
    roles.map((role, i) =>
      t.db.tx((tx) =>
        setRole(tx, { userId: 40, role, changedBy: 1, reason: 'race', source: 'test', now: at(i) }),
      ),
    ),
  );
  const log = await t.db.query(
    sql`SELECT previous_role, new_role FROM role_changes WHERE user_id = 40 ORDER BY id`,
  );
  for (let i = 1; i < log.length; i++) assert.is(log[i].previous_role, log[i - 1].new_role);
  assert.ok(log.every((r: { previous_role: string; new_role: string }) => r.previous_role !== r.new_role));
  assert.is((await getUser(t.db, 40))?.role, log.at(-1).new_role);
});

test('setRole inside a caller transaction commits and rolls back with it', async () => {
  await t.db
    .tx(async (tx) => {
      await setRole(tx, { userId: 50, role: 'VIP', changedBy: 1, reason: 'x', source: 'test', now });
      throw new Error('the transition failed');
    })
    .catch(() => {});
  assert.is(await getUser(t.db, 50), undefined);
  assert.equal(await roleHistory(t.db, 50, 5), []);
});

test('setRoles leaves what setRole one change at a time leaves, in one statement', async () => {
  /** The same people, shifted by `base`: 1 VIP, 2 FREE, 3 and 4 never seen. */
  const scene = async (base: number) => {
    await upsertUser(t.db, { userId: base + 1, username: null, firstName: 'Uno', lastName: null }, now);
    await setRole(t.db, {
      userId: base + 1,
      role: 'VIP',
      changedBy: system,
      reason: 'code',
      source: 'test',
      now,
    });
    await upsertUser(t.db, { userId: base + 2, username: null, firstName: 'Dos', lastName: null }, now);
    const change = (userId: number, role: 'FREE' | 'VIP', reason: string): RoleChangeRequest => ({
      userId: base + userId,
      role,
      changedBy: 7,
      reason,
      source: 'subscription',
      metadata: { n: userId },
      now: at(60_000),
    });
    return [
      change(1, 'FREE', 'VIP_EXPIRED'),
      change(2, 'FREE', 'VIP_EXPIRED'),
      change(3, 'VIP', 'VIP_ENTRY_COMPLETED'),
      change(4, 'FREE', 'VIP_EXPIRED'),
    ];
  };
  const seen = async (base: number) => {
    const people = [];
    for (let i = 1; i <= 4; i++) {
      const user = await getUser(t.db, base + i);
      people.push({ role: user?.role ?? null, history: await roleHistory(t.db, base + i, 5) });
    }
    return people;
  };
  for (const change of await scene(9100)) await setRole(t.db, change);
  let statements = 0;
  const counted = {
    query: (q: Parameters<typeof t.db.query>[0]) => {
      statements++;
      return t.db.query(q);
    },
  } as unknown as typeof t.db;
  await setRoles(counted, await scene(9200));
  assert.is(statements, 1);
  assert.equal(await seen(9200), await seen(9100));
  const after = await seen(9200);
  assert.equal(
    after.map((p) => [p.role, p.history[0]?.previousRole ?? null, p.history[0]?.newRole ?? null]),
    [
      ['FREE', 'VIP', 'FREE'],
      ['FREE', null, null],
      ['VIP', null, 'VIP'],
      ['FREE', null, null],
    ],
  );
  assert.equal(after[0]?.history[0]?.metadata, { n: 1 });
  assert.is(after[0]?.history[0]?.changedBy, 7);

  // The same person twice: one change after the other, as setRole would.
  const twice = (role: 'FREE' | 'VIP', ms: number): RoleChangeRequest => ({
    userId: 9301,
    role,
    changedBy: system,
    reason: role === 'VIP' ? 'VIP_REDEEMED' : 'VIP_EXPIRED',
    source: 'subscription',
    now: at(ms),
  });
  await setRoles(t.db, [twice('VIP', 1000), twice('FREE', 2000)]);
  assert.equal(
    (await roleHistory(t.db, 9301, 5)).map((c) => [c.previousRole, c.newRole]),
    [
      ['VIP', 'FREE'],
      [null, 'VIP'],
    ],
  );
});

test('setRoles: a person whose row appears while it runs still gets the change, from the role they now have', async () => {
  const change = (userId: number, role: 'FREE' | 'VIP'): RoleChangeRequest => ({
    userId,
    role,
    changedBy: system,
    reason: role === 'VIP' ? 'VIP_REDEEMED' : 'VIP_EXPIRED',
    source: 'subscription',
    now: at(5000),
  });
  let running: Promise<void> | undefined;
  let waited = false;
  // Another writer creates 9401 as VIP and has not committed when setRoles reads: setRoles does
  // not see the row, and its insert waits on that writer's, then finds it taken.
  await t.db.tx(async (tx) => {
    await tx.query(sql`
      INSERT INTO users (user_id, role, created_at, updated_at) VALUES (9401, 'VIP', ${now}, ${now})`);
    running = setRoles(t.db, [change(9401, 'FREE'), change(9402, 'VIP')]);
    for (let i = 0; i < 200; i++) {
      const [row] = await t.db.query(sql`
        SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%WITH input AS%'`);
      waited = row.n > 0;
      if (waited) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  });
  await running;
  assert.ok(waited, 'setRoles waited on the other writer');
  assert.is((await getUser(t.db, 9401))?.role, 'FREE');
  assert.equal(
    (await roleHistory(t.db, 9401, 5)).map((c) => [c.previousRole, c.newRole, c.reason]),
    [['VIP', 'FREE', 'VIP_EXPIRED']],
  );
  assert.is((await getUser(t.db, 9402))?.role, 'VIP');
  assert.equal(
    (await roleHistory(t.db, 9402, 5)).map((c) => [c.previousRole, c.newRole]),
    [[null, 'VIP']],
  );
});

test('recordAdminRole logs becoming an admin once, and leaving ADMIN_IDS back to FREE', async () => {
  const now = new Date('2026-11-27T12:00:00Z');
  await recordAdminRole(t.db, { userId: 8080, admin: true }, now);
  await recordAdminRole(t.db, { userId: 8080, admin: true }, now);
  await recordAdminRole(t.db, { userId: 8080, admin: false }, now);
  const history = await roleHistory(t.db, 8080, 10);
  assert.equal(
    history.map((h) => [h.previousRole, h.newRole, h.reason]),
    [
      ['ADMIN', 'FREE', 'ADMIN_REMOVED'],
      [null, 'ADMIN', 'ADMIN_GRANTED'],
    ],
  );
});

test('greetUser saves the profile and tells the role and the membership status in one statement', async () => {
  const first = await greetUser(t.db, { userId: 900, username: 'eva', firstName: 'Eva' }, now);
  assert.equal(first, { role: 'FREE', membershipStatus: null }, 'a new person');
  await setRole(t.db, {
    userId: 900,
    role: 'VIP',
    changedBy: system,
    reason: 'MANUAL_CHANGE',
    source: 'ADMIN_PANEL',
    now,
  });
  await t.db.query(sql`
    INSERT INTO vip_memberships (user_id, status, started_at, expires_at, updated_at)
    VALUES (900, 'ritual', ${now}, ${at(30 * 86_400_000)}, ${now})`);
  const tuple = sql`SELECT xmin::text, xmax::text, updated_at FROM users WHERE user_id = 900`;
  const [before] = await t.db.query(tuple);
  const again = await greetUser(t.db, { userId: 900, username: 'eva', firstName: 'Eva' }, at(1000));
  assert.equal(
    again,
    { role: 'VIP', membershipStatus: 'ritual' },
    'unchanged profile: role and status still read',
  );
  // Not even a row lock (it would show as the row's xmax): an unchanged profile writes nothing.
  assert.equal(await t.db.query(tuple), [before]);
  await greetUser(t.db, { userId: 900, username: 'eva_m', firstName: 'Eva' }, at(2000));
  assert.is((await getUser(t.db, 900))?.username, 'eva_m', 'a changed profile is saved');
});

test.run();
