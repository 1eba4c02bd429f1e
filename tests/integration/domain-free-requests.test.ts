import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  countFreeRequests,
  type FreeQueueFilter,
  type FreeRequest,
  listFreeRequests,
  readyRequestUserIds,
  syncFreeRequest,
} from '../../src/domain/free-requests.ts';
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
const at = (ms: number) => new Date(now.getTime() + ms);
const FREE = -1_002_432_681_471;
const OTHER = -1_009_999_999_999;

const rows = async () =>
  t.db.query(sql`SELECT user_id, chat_id, status, decided_at, updated_at FROM free_requests ORDER BY 1, 2`);

test('syncFreeRequest inserts, then replaces the request of that person and channel', async () => {
  const first: Omit<FreeRequest, 'updatedAt'> = {
    userId: 1,
    chatId: FREE,
    status: 'pending',
    requestedAt: at(-60 * MINUTE),
    readyAt: at(-55 * MINUTE),
    decidedAt: null,
  };
  await syncFreeRequest(t.db, { ...first, now: first.requestedAt });
  assert.equal(await rows(), [
    { user_id: 1, chat_id: FREE, status: 'pending', decided_at: null, updated_at: first.requestedAt },
  ]);
  await syncFreeRequest(t.db, {
    ...first,
    status: 'approved',
    decidedAt: at(-50 * MINUTE),
    now: at(-50 * MINUTE),
  });
  // The same person asking to join another channel is a request of its own.
  await syncFreeRequest(t.db, { ...first, chatId: OTHER, now: first.requestedAt });
  assert.equal(await rows(), [
    { user_id: 1, chat_id: OTHER, status: 'pending', decided_at: null, updated_at: first.requestedAt },
    {
      user_id: 1,
      chat_id: FREE,
      status: 'approved',
      decided_at: at(-50 * MINUTE),
      updated_at: at(-50 * MINUTE),
    },
  ]);
  await syncFreeRequest(t.db, { ...first, chatId: OTHER, status: 'gone', now: at(-40 * MINUTE) });
  const [view] = (await listFreeRequests(t.db, { filter: 'approved', now, offset: 0, limit: 5 })).items;
  assert.equal(view, {
    ...first,
    status: 'approved',
    decidedAt: at(-50 * MINUTE),
    updatedAt: at(-50 * MINUTE),
    firstName: '',
    username: null,
  });
});

test('the table refuses a pending request with a decision, or an approval without one', async () => {
  for (const [status, decidedAt] of [
    ['pending', now],
    ['approved', null],
    ['declined', null],
  ] as const)
    await syncFreeRequest(t.db, {
      userId: 9,
      chatId: FREE,
      status,
      requestedAt: now,
      readyAt: now,
      decidedAt,
      now,
    }).then(
      () => assert.unreachable(`accepted ${status} decided at ${decidedAt}`),
      (error: { code?: string }) => assert.is(error.code, '23514'),
    );
});

test('queue filters, order, counts and ready ids as of a given now', async () => {
  const request = async (
    userId: number,
    status: FreeRequest['status'],
    requestedMinutesAgo: number,
    o: { waitMinutes?: number; decidedMinutesAgo?: number; name?: string } = {},
  ) => {
    if (o.name) await upsertUser(t.db, { userId, username: o.name.toLowerCase(), firstName: o.name }, now);
    const requestedAt = at(-requestedMinutesAgo * MINUTE);
    await syncFreeRequest(t.db, {
      userId,
      chatId: FREE,
      status,
      requestedAt,
      readyAt: at((-requestedMinutesAgo + (o.waitMinutes ?? 5)) * MINUTE),
      decidedAt: o.decidedMinutesAgo === undefined ? null : at(-o.decidedMinutesAgo * MINUTE),
      now: requestedAt,
    });
  };
  // From the previous tests: user 1 approved after a 10-minute wait (50 minutes ago) in FREE,
  // and gone from OTHER (requested 60 minutes ago).
  await request(100, 'pending', 2, { name: 'Ana' }); // ready in 3 minutes
  await request(101, 'pending', 1); // ready in 4 minutes; unknown to users
  await request(102, 'pending', 30, { name: 'Bea' }); // ready since 25 minutes ago
  await request(103, 'pending', 8, { waitMinutes: 8 }); // ready exactly now
  await request(104, 'approved', 120, { decidedMinutesAgo: 100, name: 'Cris' }); // waited 20 minutes
  await request(105, 'approved', 20, { waitMinutes: 0, decidedMinutesAgo: 20 }); // waited 0 minutes
  await request(106, 'declined', 15, { decidedMinutesAgo: 10 });

  const ids = async (filter: FreeQueueFilter, when = now) =>
    (await listFreeRequests(t.db, { filter, now: when, offset: 0, limit: 50 })).items.map((r) => r.userId);
  assert.equal(await ids('pending'), [100, 101]);
  assert.equal(await ids('ready'), [102, 103]);
  assert.equal(await ids('approved'), [105, 1, 104]);
  assert.equal(await ids('all'), [101, 100, 103, 106, 105, 102, 1, 1, 104]);
  // Average wait of the approved: (10 + 20 + 0) minutes / 3.
  assert.equal(await countFreeRequests(t.db, now), {
    pending: 2,
    ready: 2,
    approved: 3,
    averageWaitSeconds: 600,
  });
  assert.equal(await readyRequestUserIds(t.db, now, 10), [102, 103]);
  assert.equal(await readyRequestUserIds(t.db, now, 1), [102]);

  // Four minutes later everyone pending has waited long enough.
  const later = at(4 * MINUTE);
  assert.equal(await ids('pending', later), []);
  assert.equal(await ids('ready', later), [102, 103, 100, 101]);
  assert.equal(await readyRequestUserIds(t.db, later, 10), [102, 103, 100, 101]);
  assert.equal((await countFreeRequests(t.db, later)).ready, 4);
  // An hour earlier nobody was ready yet.
  assert.equal(await readyRequestUserIds(t.db, at(-60 * MINUTE), 10), []);

  const page = await listFreeRequests(t.db, { filter: 'ready', now: later, offset: 1, limit: 2 });
  assert.is(page.total, 4);
  assert.equal(
    page.items.map((r) => [r.userId, r.firstName, r.username]),
    [
      [103, '', null],
      [100, 'Ana', 'ana'],
    ],
  );
  assert.equal(await listFreeRequests(t.db, { filter: 'all', now, offset: 50, limit: 5 }), {
    items: [],
    total: 9,
  });
});

test('a person with requests ready in two channels is one ready id', async () => {
  await syncFreeRequest(t.db, {
    userId: 102,
    chatId: OTHER,
    status: 'pending',
    requestedAt: at(-3 * MINUTE),
    readyAt: at(-MINUTE),
    decidedAt: null,
    now,
  });
  assert.equal(await readyRequestUserIds(t.db, now, 10), [102, 103]);
});

test('with no approved request there is no average wait', async () => {
  await t.db.query(sql`DELETE FROM free_requests`);
  assert.equal(await countFreeRequests(t.db, now), {
    pending: 0,
    ready: 0,
    approved: 0,
    averageWaitSeconds: null,
  });
});

test.run();
