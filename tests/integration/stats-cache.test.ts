import { randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createCache, type SnapshotCache } from '../../src/adapters/cache/index.ts';
import {
  cachedStats,
  loadAdminViewData,
  STATS_CACHE_KEY,
  STATS_TTL_SECONDS,
} from '../../src/adapters/telegram/admin-screens/index.ts';
import { createInvitations } from '../../src/domain/invitations.ts';
import { createPlan, type Plan } from '../../src/domain/plans.ts';
import { computeStats } from '../../src/domain/stats.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const timeZone = 'America/Mexico_City';
const key = `${STATS_CACHE_KEY}:${timeZone}`;
const now = new Date('2026-03-01T12:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const MINUTE = 60_000;

let t: TestDatabase;
let cache: SnapshotCache;
let plan: Plan;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const issue = (count: number) =>
  createInvitations(t.db, { planId: plan.id, count, validDays: 7, createdBy: 1, now });
const stats = (at: Date, fresh = false, ttlSeconds?: number) =>
  cachedStats({ db: t.db, cache, now: at, timeZone, fresh, ...(ttlSeconds ? { ttlSeconds } : {}) });

test.before(async () => {
  t = await createTestDatabase();
  cache = await createCache({
    redisUrl: REDIS_URL,
    prefix: `test:stats-cache:${randomBytes(6).toString('hex')}:`,
  });
  plan = await createPlan(t.db, {
    name: 'Mensual',
    durationDays: 30,
    price: '10',
    currency: 'USD',
    createdBy: 1,
    now,
  });
});

test.after(async () => {
  await cache?.del(key);
  await cache?.close();
  await t?.drop();
});

test.before.each(async () => {
  await cache.del(key);
});

test('the cache is a real Redis that answers', async () => {
  await cache.set('probe', 'yes', 5);
  assert.is(await cache.get('probe'), 'yes', `no Redis answering at ${REDIS_URL}`);
  assert.equal(cache.health(), { kind: 'redis', status: 'ok' });
  await cache.del('probe');
});

test('a second look within five minutes is served from the cache; Dates come back as Dates', async () => {
  await issue(3);
  const first = await stats(now);
  assert.is(first.codes.created, 3);
  assert.ok(await cache.get(key), 'stored under the versioned key');
  await issue(2);
  const second = await stats(later(4 * MINUTE));
  assert.is(second.codes.created, 3, 'the figure of the cached entry, not of the table');
  assert.ok(second.computedAt instanceof Date);
  assert.ok(second.since.today instanceof Date);
  assert.equal(second, first);
  assert.is((await computeStats(t.db, now, timeZone)).codes.created, 5);
});

test('fresh recomputes and overwrites the entry', async () => {
  const before = (await stats(now)).codes.created;
  await issue(1);
  assert.is((await stats(later(MINUTE))).codes.created, before);
  const fresh = await stats(later(2 * MINUTE), true);
  assert.is(fresh.codes.created, before + 1);
  assert.is(fresh.computedAt.getTime(), later(2 * MINUTE).getTime());
  const next = await stats(later(3 * MINUTE));
  assert.is(next.codes.created, before + 1);
  assert.is(next.computedAt.getTime(), later(2 * MINUTE).getTime());
});

test('after the TTL the figures are computed again', async () => {
  const before = (await stats(now, false, 1)).codes.created;
  await issue(1);
  assert.is((await stats(now, false, 1)).codes.created, before);
  await sleep(1_200);
  assert.is(await cache.get(key), undefined, 'Redis let the entry expire');
  assert.is((await stats(now, false, 1)).codes.created, before + 1);
});

test('an entry older than five minutes by the clock is not served, even while Redis still holds it', async () => {
  const before = (await stats(now)).codes.created;
  await issue(1);
  assert.ok(await cache.get(key));
  const moved = await stats(later(STATS_TTL_SECONDS * 1000 + 1));
  assert.is(moved.codes.created, before + 1);
});

test('an unreadable entry is ignored and replaced', async () => {
  await cache.set(key, '{not json', 60);
  const s = await stats(now);
  assert.ok(s.computedAt instanceof Date);
  assert.equal(s, await stats(later(MINUTE)));
});

test('the stats screen loads through the cache when given one, directly without', async () => {
  const context = { adminId: 1, now, botUsername: 'LucienBot', timeZone };
  const cached = await loadAdminViewData(t.db, { kind: 'stats' }, { ...context, cache });
  const created = cached.stats?.codes.created ?? -1;
  await issue(1);
  const again = await loadAdminViewData(t.db, { kind: 'stats' }, { ...context, now: later(MINUTE), cache });
  assert.is(again.stats?.codes.created, created);
  const refreshed = await loadAdminViewData(t.db, { kind: 'stats', fresh: true }, { ...context, cache });
  assert.is(refreshed.stats?.codes.created, created + 1);
  await issue(1);
  const direct = await loadAdminViewData(t.db, { kind: 'stats' }, context);
  assert.is(direct.stats?.codes.created, created + 2);
});

test.run();
