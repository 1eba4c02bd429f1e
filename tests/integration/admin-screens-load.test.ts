import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  type AdminLoadContext,
  loadAdminViewData,
  renderAdminView,
} from '../../src/adapters/telegram/admin-screens/index.ts';
import { updateBotConfig } from '../../src/domain/bot-config.ts';
import { syncFreeRequest } from '../../src/domain/free-requests.ts';
import { claimInvitation, createInvitations, revokeInvitation } from '../../src/domain/invitations.ts';
import { syncMembership } from '../../src/domain/memberships.ts';
import { createPlan, type Plan, setPlanActive } from '../../src/domain/plans.ts';
import { setRole, upsertUser } from '../../src/domain/users.ts';
import type { AdminView } from '../../src/machines/conversation/admin-view.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let t: TestDatabase;
const DAY = 86_400_000;
const now = new Date('2026-03-01T12:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms);
const admin = 111;
const context = { adminId: admin, now, botUsername: 'LucienBot' };
const load = (view: AdminView, ctx: AdminLoadContext = context) => loadAdminViewData(t.db, view, ctx);

const plans: Plan[] = [];
let gold: Plan;
let batchA: { createdAt: Date; codes: string[] };

test.before(async () => {
  t = await createTestDatabase();
  // 25 plans, "Plan 01".."Plan 25"; every fifth is paused: 20 active, 5 inactive.
  for (let i = 1; i <= 25; i++) {
    const name = `Plan ${String(i).padStart(2, '0')}`;
    const plan = await createPlan(t.db, {
      name,
      durationDays: 30,
      price: '10',
      currency: 'USD',
      createdBy: admin,
      now,
    });
    if (i % 5 === 0) await setPlanActive(t.db, plan.id, false, now);
    plans.push(plan);
  }
  gold = plans[0] as Plan;
  const issue = (count: number, when: Date, by = admin, validDays = 7, plan = gold) =>
    createInvitations(t.db, { planId: plan.id, count, validDays, createdBy: by, now: when });
  const a = await issue(3, now);
  batchA = { createdAt: now, codes: a.map((i) => i.code) };
  await issue(2, at(1000)); // another batch of the same admin, a second later
  await issue(4, now, 222); // another admin at the very same instant
  await issue(1, at(-3 * DAY), admin, 1); // expired by now
  await issue(1, now, admin, 7, plans[1]);
  await upsertUser(t.db, { userId: 501, username: 'ana', firstName: 'Ana', lastName: 'Pérez' }, now);
  const [first, second] = a;
  await claimInvitation(t.db, first?.code ?? '', 501, at(60_000));
  await revokeInvitation(t.db, second?.id ?? 0, at(120_000));
});

test.after(async () => {
  await t.drop();
});

test('plans: pages of 10 with the total, active first; a page past the end shows the last', async () => {
  const first = await load({ kind: 'plans', page: 0 });
  assert.is(first.plans?.total, 25);
  assert.is(first.plans?.items.length, 10);
  assert.is(first.plans?.page, 0);
  assert.is(first.plans?.items[0]?.name, 'Plan 01');
  assert.is(first.plans?.items[0]?.codesTotal, 10);
  assert.is(first.plans?.items[0]?.codesUsed, 1);
  const last = await load({ kind: 'plans', page: 2 });
  assert.is(last.plans?.items.length, 5);
  assert.ok(last.plans?.items.every((p) => !p.active));
  const past = await load({ kind: 'plans', page: 9 });
  assert.is(past.plans?.page, 2);
  assert.equal(
    past.plans?.items.map((p) => p.id),
    last.plans?.items.map((p) => p.id),
  );
});

test('invitation plan: only active plans, paged', async () => {
  const data = await load({ kind: 'invitationPlan', page: 1 });
  assert.is(data.plans?.total, 20);
  assert.is(data.plans?.items.length, 10);
  assert.ok(data.plans?.items.every((p) => p.active));
});

test('plan: its codes and memberships; a plan that does not exist reads as missing', async () => {
  await syncMembership(t.db, {
    userId: 900,
    planId: plans[2]?.id ?? 0,
    status: 'active',
    startedAt: now,
    expiresAt: at(30 * DAY),
    ritualStep: null,
    now,
  });
  const gold1 = await load({ kind: 'plan', planId: gold.id });
  assert.is(gold1.plan?.name, 'Plan 01');
  assert.equal(
    { total: gold1.plan?.codesTotal, used: gold1.plan?.codesUsed, members: gold1.plan?.memberships },
    { total: 10, used: 1, members: 0 },
  );
  const third = await load({ kind: 'planConfirmDelete', planId: plans[2]?.id ?? 0 });
  assert.is(third.plan?.codesTotal, 0);
  assert.is(third.plan?.memberships, 1);
  for (const kind of ['plan', 'planConfirmToggle', 'invitationValidity'] as const) {
    assert.is((await load({ kind, planId: 99_999 })).plan, undefined);
  }
});

test('invitations created: exactly the batch of this admin at that instant, in issue order', async () => {
  const view = {
    kind: 'invitationsCreated',
    planId: gold.id,
    createdAt: batchA.createdAt.getTime(),
    count: 3,
    validDays: 7,
  } as const;
  const data = await load(view);
  assert.equal(data.batch?.codes, batchA.codes);
  assert.is(data.batch?.expiresAt.getTime(), at(7 * DAY).getTime());
  assert.is(data.plan?.id, gold.id);
  const screen = renderAdminView(view, data, {
    timeZone: 'America/Mexico_City',
    now: now.getTime(),
    botUsername: 'LucienBot',
  });
  const links = screen.document?.content.split('\n').filter((l) => l.startsWith('https://'));
  assert.equal(
    links,
    batchA.codes.map((c) => `https://t.me/LucienBot?start=${c}`),
  );
  const other = await load(view, { ...context, adminId: 222 });
  assert.is(other.batch?.codes.length, 4);
  assert.is((await load({ ...view, createdAt: view.createdAt + 1 })).batch, undefined);
});

test('invitation list: each filter with its total, newest first', async () => {
  const totals: Record<string, number | undefined> = {};
  for (const filter of ['available', 'used', 'expired', 'revoked', 'all'] as const) {
    totals[filter] = (await load({ kind: 'invitationList', filter, page: 0 })).invitations?.total;
  }
  assert.equal(totals, { available: 8, used: 1, expired: 1, revoked: 1, all: 11 });
  const used = await load({ kind: 'invitationList', filter: 'used', page: 0 });
  const [u] = used.invitations?.items ?? [];
  assert.equal([u?.state, u?.usedByName, u?.usedByUsername], ['used', 'Ana Pérez', 'ana']);
  const all = await load({ kind: 'invitationList', filter: 'all', page: 1 });
  assert.is(all.invitations?.items.length, 1);
  assert.is(all.invitations?.items[0]?.state, 'expired', 'the oldest last');
  const past = await load({ kind: 'invitationList', filter: 'available', page: 5 });
  assert.is(past.invitations?.page, 0);
  assert.is(past.invitations?.items.length, 8);
});

test('invitation revoke: the code by id, with its state as of now', async () => {
  const list = await load({ kind: 'invitationList', filter: 'all', page: 0 });
  for (const item of list.invitations?.items ?? []) {
    const data = await load({
      kind: 'invitationConfirmRevoke',
      invitationId: item.id,
      filter: 'all',
      page: 0,
    });
    assert.equal(data.invitation, item);
  }
  assert.is(
    (await load({ kind: 'invitationConfirmRevoke', invitationId: 99_999, filter: 'all', page: 0 }))
      .invitation,
    undefined,
  );
});

test('members: filters with totals and paging; a member with profile, plan and last 5 role changes', async () => {
  for (let i = 0; i < 12; i++) {
    await syncMembership(t.db, {
      userId: 1000 + i,
      planId: gold.id,
      status: i < 11 ? 'active' : 'expired',
      startedAt: at(-10 * DAY),
      expiresAt: at((i < 3 ? 3 : i < 11 ? 20 : -2) * DAY),
      ritualStep: null,
      now,
    });
  }
  const active0 = await load({ kind: 'members', filter: 'active', page: 0 });
  assert.is(active0.members?.total, 12, '11 here and user 900');
  assert.is(active0.members?.items.length, 10);
  assert.is((await load({ kind: 'members', filter: 'active', page: 1 })).members?.items.length, 2);
  assert.is((await load({ kind: 'members', filter: 'expiring', page: 0 })).members?.total, 3);
  assert.is((await load({ kind: 'members', filter: 'expired', page: 0 })).members?.total, 1);
  assert.is((await load({ kind: 'members', filter: 'all', page: 0 })).members?.total, 13);

  await upsertUser(t.db, { userId: 1000, username: 'bea', firstName: 'Bea' }, now);
  const roles = ['VIP', 'FREE', 'VIP', 'FREE', 'VIP', 'FREE', 'VIP'] as const;
  for (const [i, role] of roles.entries()) {
    await setRole(t.db, {
      userId: 1000,
      role,
      changedBy: admin,
      reason: `cambio ${i}`,
      source: 'test',
      now: at(i * 1000),
    });
  }
  const m = (await load({ kind: 'member', userId: 1000 })).member;
  assert.is(m?.profile?.firstName, 'Bea');
  assert.is(m?.membership?.planName, 'Plan 01');
  assert.equal(
    m?.roleChanges.map((c) => c.reason),
    ['cambio 6', 'cambio 5', 'cambio 4', 'cambio 3', 'cambio 2'],
  );
  const extend = (await load({ kind: 'memberExtend', userId: 1000 })).member;
  assert.is(extend?.membership?.userId, 1000);
  const unknown = (await load({ kind: 'member', userId: 4242 })).member;
  assert.equal(unknown, { userId: 4242, profile: undefined, membership: undefined, roleChanges: [] });
});

const renderContext = { timeZone: 'America/Mexico_City', now: now.getTime(), botUsername: 'LucienBot' };

test('settings: the stored calibration, and channel titles asked only for configured channels', async () => {
  const asked: number[] = [];
  const channelTitle = async (chatId: number) => {
    asked.push(chatId);
    if (chatId === -1002) throw new Error('chat not found');
    return 'Diván <privado>';
  };
  const fresh = await load({ kind: 'settings' }, { ...context, channelTitle });
  assert.is(fresh.settings?.config.vipChannelId, null);
  assert.is(fresh.settings?.config.freeWaitMinutes, 5);
  assert.equal(fresh.settings?.titles, {});
  assert.equal(asked, [], 'no channel, nobody asked');

  await updateBotConfig(
    t.db,
    {
      vipChannelId: -1001,
      freeChannelId: -1002,
      freeInviteLink: 'https://t.me/+JoinReq',
      socialInstagram: '@Diana',
      socialX: 'Diana_X',
      freeWaitMinutes: 10,
      antiSpamMinutes: 30,
      vipReactions: ['👑', '🔥'],
    },
    now,
  );
  const data = await load({ kind: 'settings' }, { ...context, channelTitle });
  assert.equal(
    asked.sort((a, b) => a - b),
    [-1002, -1001],
  );
  assert.equal(
    data.settings?.titles,
    { vip: 'Diván <privado>' },
    'a channel that cannot be asked shows its id',
  );
  assert.is(data.settings?.config.socialInstagram, 'diana');
  const screen = renderAdminView({ kind: 'settings' }, data, renderContext);
  assert.match(screen.text, /👑 Diván: <b>Diván &lt;privado&gt;<\/b>/);
  assert.match(screen.text, /🌸 Vestíbulo: el canal -1002/);
  assert.match(screen.text, /https:\/\/t\.me\/\+JoinReq/);
  assert.match(screen.text, /instagram\.com\/diana\//);
  assert.match(screen.text, /⏳ Espera: 10 minutos/);
  assert.match(screen.text, /👑 Diván: 👑 🔥/);

  asked.length = 0;
  const edit = await load({ kind: 'settingEdit', field: 'waitMinutes' }, { ...context, channelTitle });
  assert.equal(asked, [], 'a prompt needs no titles');
  assert.match(
    renderAdminView({ kind: 'settingEdit', field: 'waitMinutes' }, edit, renderContext).text,
    /Valor actual: <b>10 minutos<\/b>/,
  );
  for (const view of [
    { kind: 'channelSetup', role: 'vip' },
    { kind: 'publishPreview', draft: { kind: 'text', text: 'Hola' }, reactions: true },
    { kind: 'published', channel: 'vip' },
  ] as const) {
    assert.is((await load(view, { ...context, channelTitle })).settings?.titles.vip, 'Diván <privado>');
    assert.is((await load(view)).settings?.config.vipChannelId, -1001, 'without a way to ask, no titles');
  }
});

test('free queue: each filter with its total, in its order, paged; counts and the average wait', async () => {
  const minute = 60_000;
  const chatId = -1002;
  // 12 still waiting, 8 ready, 4 approved (waits of 5, 10, 15 and 20 minutes), 1 declined, 1 gone.
  for (let i = 0; i < 26; i++) {
    const userId = 3000 + i;
    const requestedAt = at(-(60 - i) * minute);
    const status = i < 20 ? 'pending' : i < 24 ? 'approved' : i === 24 ? 'declined' : 'gone';
    const readyAt = i < 12 ? at((i + 1) * minute) : new Date(requestedAt.getTime() + 5 * minute);
    const decidedAt =
      status === 'approved'
        ? new Date(requestedAt.getTime() + (i - 19) * 5 * minute)
        : status === 'declined'
          ? at(-minute)
          : null;
    await syncFreeRequest(t.db, { userId, chatId, status, requestedAt, readyAt, decidedAt, now });
  }
  await upsertUser(t.db, { userId: 3000, username: 'flor', firstName: 'Flor <b>' }, now);
  const totals: Record<string, number | undefined> = {};
  for (const filter of ['pending', 'ready', 'approved', 'all'] as const) {
    totals[filter] = (await load({ kind: 'freeQueue', filter, page: 0 })).freeRequests?.total;
  }
  assert.equal(totals, { pending: 12, ready: 8, approved: 4, all: 26 });

  const pending = await load({ kind: 'freeQueue', filter: 'pending', page: 0 });
  assert.is(pending.freeRequests?.items.length, 10);
  const [oldest] = pending.freeRequests?.items ?? [];
  assert.equal([oldest?.userId, oldest?.firstName, oldest?.username], [3000, 'Flor <b>', 'flor']);
  assert.equal(pending.freeCounts, { pending: 12, ready: 8, approved: 4, averageWaitSeconds: 750 });
  const second = await load({ kind: 'freeQueue', filter: 'pending', page: 1 });
  assert.is(second.freeRequests?.items.length, 2);
  const past = await load({ kind: 'freeQueue', filter: 'ready', page: 7 });
  assert.is(past.freeRequests?.page, 0);
  assert.is(past.freeRequests?.items.length, 8);
  const approved = await load({ kind: 'freeQueue', filter: 'approved', page: 0 });
  assert.equal(
    approved.freeRequests?.items.map((r) => r.userId),
    [3023, 3022, 3021, 3020],
    'the latest approval first',
  );

  const screen = renderAdminView({ kind: 'freeQueue', filter: 'pending', page: 0 }, pending, renderContext);
  assert.match(screen.text, /Flor &lt;b&gt; \(@flor\)/);
  assert.match(screen.text, /Esperan: 12 · 🔔 listas para entrar: 8 · ✅ aprobadas: 4/);
  assert.match(screen.text, /Espera media: 13 minutos/);
  assert.match(screen.text, /Página 1 de 2/);
  const callbacks = (screen.keyboard?.inline_keyboard ?? [])
    .flat()
    .map((b) => 'callback_data' in b && b.callback_data);
  assert.ok(callbacks.includes('1:a:fa'), 'eight are ready: approve them');
});

test('screens without reads load nothing', async () => {
  for (const view of [
    { kind: 'home' },
    { kind: 'invitations' },
    { kind: 'denied' },
    { kind: 'planWizard', step: 'name', draft: {} },
    { kind: 'publishCompose' },
  ] as const) {
    assert.equal(await load(view), {});
  }
});

test.run();
