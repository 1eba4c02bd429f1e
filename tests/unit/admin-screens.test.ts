import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type {
  AdminViewData,
  PackageDetail,
  PlanDetail,
} from '../../src/adapters/telegram/admin-screens/index.ts';
import { renderAdminView } from '../../src/adapters/telegram/admin-screens/index.ts';
import { type CallbackAction, parseCallbackData } from '../../src/adapters/telegram/callback-data.ts';
import type { BotConfig } from '../../src/domain/bot-config.ts';
import type { FreeRequestView } from '../../src/domain/free-requests.ts';
import type { InterestView } from '../../src/domain/interests.ts';
import type { InvitationState, InvitationView } from '../../src/domain/invitations.ts';
import type { MembershipStatus, MembershipView } from '../../src/domain/memberships.ts';
import type { Package } from '../../src/domain/packages.ts';
import type { PlanWithCodes } from '../../src/domain/plans.ts';
import type { Stats } from '../../src/domain/stats.ts';
import type { UserListItem, UserOverview } from '../../src/domain/user-lists.ts';
import type { AdminAction } from '../../src/machines/conversation/admin-actions.ts';
import type {
  AdminView,
  ChannelRole,
  FreeQueueFilter,
  InvitationFilter,
  PackageCategory,
  PackageDraft,
  PackageField,
  PostDraft,
  SettingField,
} from '../../src/machines/conversation/admin-view.ts';
import * as voice from '../../src/voice/index.ts';
import {
  adminButtons,
  adminFreeButtons,
  adminInterestButtons,
  adminInvitationButtons,
  adminMemberButtons,
  adminPackageButtons,
  adminPlanButtons,
  adminPublishButtons,
  adminSettingsButtons,
  contentButtons,
  freeApproved,
  freeButtons,
  freeDuplicate,
  freeWelcome,
  HEADER,
  interestNoticeButton,
} from '../../src/voice/index.ts';

const DAY = 86_400_000;
const now = Date.UTC(2026, 10, 27, 15);
const ctx = { timeZone: 'America/Mexico_City', now, botUsername: 'LucienBot' };
const HOSTILE = '<b>Oro & "VIP"</b>';
const HOSTILE_ESCAPED = '&lt;b&gt;Oro &amp; &quot;VIP&quot;&lt;/b&gt;';

type Rendered = ReturnType<typeof renderAdminView>;

function plan(id: number, over: Partial<PlanWithCodes> = {}): PlanWithCodes {
  return {
    id,
    name: `Plan ${id}`,
    durationDays: 30,
    price: '10.00',
    currency: 'USD',
    active: true,
    createdBy: 1,
    createdAt: new Date(now - 10 * DAY),
    codesTotal: 0,
    codesUsed: 0,
    ...over,
  };
}

const detail = (over: Partial<PlanDetail> = {}): PlanDetail => ({ ...plan(7), memberships: 0, ...over });

function invitation(id: number, state: InvitationState, over: Partial<InvitationView> = {}): InvitationView {
  return {
    id,
    code: `Code${String(id).padStart(4, '0')}abcdefghijklmnop`,
    planId: 7,
    createdBy: 1,
    createdAt: new Date(now - DAY),
    expiresAt: new Date(now + (state === 'expired' ? -1 : 6) * DAY),
    usedBy: state === 'used' ? 500 + id : null,
    usedAt: state === 'used' ? new Date(now - 3_600_000) : null,
    revokedAt: state === 'revoked' ? new Date(now - 7_200_000) : null,
    state,
    planName: 'Mensual',
    usedByName: state === 'used' ? 'Ana' : null,
    usedByUsername: state === 'used' ? 'ana' : null,
    ...over,
  };
}

function member(
  userId: number,
  status: MembershipStatus,
  endsInDays: number,
  over: Partial<MembershipView> = {},
) {
  return {
    userId,
    planId: 7,
    status,
    startedAt: new Date(now - 20 * DAY),
    expiresAt: new Date(now + endsInDays * DAY),
    ritualStep: status === 'ritual' ? 1 : null,
    updatedAt: new Date(now),
    firstName: `Persona ${userId}`,
    username: `p${userId}`,
    planName: 'Mensual',
    ...over,
  } satisfies MembershipView;
}

interface Button {
  text: string;
  data: string;
  action: CallbackAction;
}

/** Every rule an admin (and Telegram) would notice, checked on every screen rendered here. */
function draw(view: AdminView, data: AdminViewData = {}): Rendered & { buttons: Button[] } {
  const r = renderAdminView(view, data, ctx);
  const where = `${view.kind}: ${r.text}`;
  assert.ok(r.text.length > 0 && r.text.length <= 4096, `${view.kind}: ${r.text.length} characters`);
  const stack: string[] = [];
  for (const [, close, name] of r.text.matchAll(/<(\/?)([a-z]+)[^>]*>/g)) {
    assert.ok(['b', 'i', 'a'].includes(name as string), `${where}\n<${name}>`);
    if (close) assert.is(stack.pop(), name, `${where}\n</${name}> closes nothing`);
    else stack.push(name as string);
  }
  assert.equal(stack, [], `${where}\nunclosed ${stack.join(', ')}`);
  assert.not.match(r.text, /undefined|null|NaN|\[object/, where);
  assert.not.match(r.text, /\b(error|token|api|exception)\b/i, where);
  if (r.text.includes('\n')) assert.ok(r.text.startsWith(HEADER), `${where}\nno header`);
  const buttons = (r.keyboard?.inline_keyboard ?? []).flat().map((b) => {
    assert.ok('callback_data' in b, `${view.kind}: ${b.text} has no callback data`);
    const data = (b as { callback_data: string }).callback_data;
    assert.ok(Buffer.byteLength(data) <= 64, `${view.kind}: ${data}`);
    assert.ok([...b.text].length <= 24, `${view.kind}: label "${b.text}" is too long`);
    const action = parseCallbackData(data);
    assert.ok(action, `${view.kind}: ${b.text} -> ${data} does not parse`);
    return { text: b.text, data, action: action as CallbackAction };
  });
  return { ...r, buttons };
}

const adminActions = (buttons: Button[]): AdminAction[] =>
  buttons.flatMap((b) => (b.action.kind === 'admin' ? [b.action.action] : []));

function has(buttons: Button[], action: AdminAction): Button {
  const found = buttons.find(
    (b) => b.action.kind === 'admin' && JSON.stringify(b.action.action) === JSON.stringify(action),
  );
  assert.ok(found, `no button for ${JSON.stringify(action)} among ${buttons.map((b) => b.text).join(' | ')}`);
  return found as Button;
}

function hasNot(buttons: Button[], verb: AdminAction['do']): void {
  assert.not.ok(
    adminActions(buttons).some((a) => a.do === verb),
    `unexpected ${verb} among ${buttons.map((b) => b.text).join(' | ')}`,
  );
}

/** The text right under Lucien's header. */
const lead = (text: string) => text.split('\n')[2] ?? '';

test('home: the three drawers and the way back to the main menu, a notice under the header', () => {
  const r = draw({ kind: 'home', notice: 'cancelled' });
  has(r.buttons, { do: 'plans', page: 0 });
  has(r.buttons, { do: 'invitations' });
  has(r.buttons, { do: 'members', filter: 'active', page: 0 });
  assert.match(has(r.buttons, { do: 'settings' }).text, /^⚙️ Calibración/);
  assert.match(has(r.buttons, { do: 'freeQueue', filter: 'pending', page: 0 }).text, /^🌸 Vestíbulo/);
  assert.match(has(r.buttons, { do: 'publish' }).text, /^📣 Publicar/);
  assert.ok(r.buttons.some((b) => b.action.kind === 'navigate' && b.action.screen === 'home'));
  assert.ok(r.buttons.find((b) => b.text.startsWith('📋')));
  assert.match(lead(r.text), /^✖️/);
  assert.is.not(lead(draw({ kind: 'home' }).text), lead(r.text));
});

test('denied: a polite refusal with only the main menu', () => {
  const r = draw({ kind: 'denied' });
  assert.is(adminActions(r.buttons).length, 0);
  assert.is(r.buttons.length, 1);
  assert.match(r.text, /custodio/);
});

test('plans: empty state offers the first plan', () => {
  const r = draw({ kind: 'plans', page: 0 }, { plans: { items: [], total: 0, page: 0 } });
  has(r.buttons, { do: 'planNew' });
  has(r.buttons, { do: 'home' });
  hasNot(r.buttons, 'plan');
});

test('plans: paging on the first, a middle and the last page', () => {
  const page = (n: number, count: number) =>
    draw(
      { kind: 'plans', page: n },
      { plans: { items: Array.from({ length: count }, (_, i) => plan(n * 10 + i + 1)), total: 25, page: n } },
    );
  const first = page(0, 10);
  has(first.buttons, { do: 'plans', page: 1 });
  assert.not.ok(adminActions(first.buttons).some((a) => a.do === 'plans' && a.page < 0));
  assert.is(adminActions(first.buttons).filter((a) => a.do === 'plans').length, 1);
  assert.match(first.text, /Página 1 de 3/);
  assert.is(adminActions(first.buttons).filter((a) => a.do === 'plan').length, 10);
  has(first.buttons, { do: 'plan', planId: 1 });

  const middle = page(1, 10);
  has(middle.buttons, { do: 'plans', page: 0 });
  has(middle.buttons, { do: 'plans', page: 2 });

  const last = page(2, 5);
  has(last.buttons, { do: 'plans', page: 1 });
  assert.is(adminActions(last.buttons).filter((a) => a.do === 'plans').length, 1);
  has(last.buttons, { do: 'planNew' });
  has(last.buttons, { do: 'home' });

  const single = draw({ kind: 'plans', page: 0 }, { plans: { items: [plan(1)], total: 1, page: 0 } });
  hasNot(single.buttons, 'plans');
  assert.not.match(single.text, /Página/);
});

test('plans: names are escaped in the text, shortened on buttons, paused plans marked', () => {
  const items = [
    plan(1, { name: HOSTILE }),
    plan(2, { name: 'Un nombre de plan larguísimo que no cabe en un botón', active: false }),
    plan(3, { name: 'x'.repeat(100), price: '99999.99', currency: 'MXN', durationDays: 3650 }),
  ];
  const r = draw({ kind: 'plans', page: 0, notice: 'planDeleted' }, { plans: { items, total: 3, page: 0 } });
  assert.ok(r.text.includes(HOSTILE_ESCAPED), r.text);
  assert.ok(has(r.buttons, { do: 'plan', planId: 1 }).text.includes('Oro'));
  assert.match(has(r.buttons, { do: 'plan', planId: 2 }).text, /^⏸ .*…/);
  assert.match(has(r.buttons, { do: 'plan', planId: 3 }).text, /…/);
  assert.match(lead(r.text), /^🗑/);
});

test('plan: details and every action, delete only when nothing uses it', () => {
  const unused = draw({ kind: 'plan', planId: 7 }, { plan: detail({ name: HOSTILE, price: '10.50' }) });
  assert.ok(unused.text.includes(HOSTILE_ESCAPED));
  assert.match(unused.text, /30 días/);
  assert.match(unused.text, /10\.50 USD/);
  for (const field of ['name', 'days', 'price', 'currency'] as const) {
    has(unused.buttons, { do: 'planEdit', planId: 7, field });
  }
  assert.match(has(unused.buttons, { do: 'planToggle', planId: 7 }).text, /Desactivar/);
  has(unused.buttons, { do: 'planDelete', planId: 7 });
  has(unused.buttons, { do: 'invitationNew', planId: 7 });
  has(unused.buttons, { do: 'plans', page: 0 });

  const used = draw({ kind: 'plan', planId: 7 }, { plan: detail({ codesTotal: 12, codesUsed: 5 }) });
  assert.match(used.text, /12 emitidas, 5 utilizadas/);
  hasNot(used.buttons, 'planDelete');
  hasNot(draw({ kind: 'plan', planId: 7 }, { plan: detail({ memberships: 1 }) }).buttons, 'planDelete');

  const paused = draw(
    { kind: 'plan', planId: 7, notice: 'planDeactivated' },
    { plan: detail({ active: false }) },
  );
  assert.match(has(paused.buttons, { do: 'planToggle', planId: 7 }).text, /Reactivar/);
  hasNot(paused.buttons, 'invitationNew');
  assert.match(lead(paused.text), /^⏸/);
});

test('plan: one that no longer exists is said so, with the way back', () => {
  for (const kind of ['plan', 'planConfirmToggle', 'planConfirmDelete'] as const) {
    const r = draw({ kind, planId: 9 });
    assert.match(r.text, /ya no figura/);
    assert.equal(adminActions(r.buttons), [{ do: 'plans', page: 0 }]);
  }
  const edit = draw({ kind: 'planEdit', planId: 9, field: 'name' });
  assert.match(edit.text, /ya no figura/);
});

test('plan wizard: each step shows the draft so far and can be cancelled', () => {
  const draft = { name: HOSTILE, days: 30, price: '10.50' };
  const steps = [
    ['name', {}, /hasta 100 caracteres/],
    ['days', { name: HOSTILE }, /un número entero de 1 a 3650/],
    ['price', { name: HOSTILE, days: 30 }, /10,50/],
    ['currency', draft, /USD, MXN o EUR/],
  ] as const;
  for (const [step, sofar, expects] of steps) {
    const r = draw({ kind: 'planWizard', step, draft: sofar });
    assert.match(r.text, expects);
    assert.equal(adminActions(r.buttons), [{ do: 'cancel' }]);
    if ('name' in sofar) assert.ok(r.text.includes(HOSTILE_ESCAPED), r.text);
  }
  assert.match(draw({ kind: 'planWizard', step: 'currency', draft }).text, /10\.50/);
});

test('plan wizard: a refused answer is said first, with what is expected instead', () => {
  const r = draw({ kind: 'planWizard', step: 'days', draft: { name: 'Oro' }, problem: 'out_of_range' });
  assert.match(lead(r.text), /^⚠️ .*un número entero de 1 a 3650/);
  const problems = [
    ['name', 'too_long', /hasta 100 caracteres/],
    ['name', 'empty', /nombre/],
    ['days', 'not_whole', /entero/],
    ['days', 'not_a_number', /1 a 3650/],
    ['price', 'too_many_decimals', /dos decimales/],
    ['price', 'out_of_range', /0 a 99999\.99/],
    ['currency', 'bad_currency', /tres letras/],
  ] as const;
  for (const [step, problem, expects] of problems) {
    assert.match(
      lead(draw({ kind: 'planWizard', step, draft: {}, problem }).text),
      expects,
      `${step} ${problem}`,
    );
  }
});

test('plan wizard: the summary asks to create', () => {
  const draft = { name: HOSTILE, days: 90, price: '25.00', currency: 'EUR' };
  const r = draw({ kind: 'planWizard', step: 'confirm', draft });
  assert.ok(r.text.includes(HOSTILE_ESCAPED));
  assert.match(r.text, /90 días/);
  assert.match(r.text, /25\.00/);
  assert.match(r.text, /EUR/);
  assert.match(has(r.buttons, { do: 'wizardConfirm' }).text, /✅ Crear/);
  has(r.buttons, { do: 'cancel' });
});

test('plan edit: the current value, the problem if any, cancel', () => {
  const data = { plan: detail({ name: HOSTILE, durationDays: 45 }) };
  const r = draw({ kind: 'planEdit', planId: 7, field: 'days' }, data);
  assert.match(r.text, /45 días/);
  assert.equal(adminActions(r.buttons), [{ do: 'cancel' }]);
  const name = draw({ kind: 'planEdit', planId: 7, field: 'name', problem: 'too_long' }, data);
  assert.ok(name.text.split(HOSTILE_ESCAPED).length === 3, 'the name as title and as current value, escaped');
  assert.match(lead(name.text), /^⚠️/);
  assert.match(draw({ kind: 'planEdit', planId: 7, field: 'currency' }, data).text, /USD/);
});

test('plan confirmations: yes goes ahead, no returns to the plan', () => {
  const active = draw({ kind: 'planConfirmToggle', planId: 7 }, { plan: detail() });
  has(active.buttons, { do: 'planToggleConfirm', planId: 7 });
  has(active.buttons, { do: 'plan', planId: 7 });
  assert.match(active.text, /pausa/);
  const paused = draw({ kind: 'planConfirmToggle', planId: 7 }, { plan: detail({ active: false }) });
  assert.match(paused.text, /Reactivo/);

  const del = draw({ kind: 'planConfirmDelete', planId: 7 }, { plan: detail({ name: HOSTILE }) });
  has(del.buttons, { do: 'planDeleteConfirm', planId: 7 });
  has(del.buttons, { do: 'plan', planId: 7 });
  assert.ok(del.text.includes(HOSTILE_ESCAPED));
  const inUse = draw({ kind: 'planConfirmDelete', planId: 7 }, { plan: detail({ codesTotal: 1 }) });
  hasNot(inUse.buttons, 'planDeleteConfirm');
  has(inUse.buttons, { do: 'plan', planId: 7 });
});

test('invitations: create, list, back', () => {
  const r = draw({ kind: 'invitations' });
  has(r.buttons, { do: 'invitationPlans', page: 0 });
  has(r.buttons, { do: 'invitationList', filter: 'available', page: 0 });
  has(r.buttons, { do: 'home' });
});

test('invitation plan: active plans lead to the next step, paged; none -> a hint', () => {
  const items = Array.from({ length: 10 }, (_, i) => plan(i + 11));
  const r = draw({ kind: 'invitationPlan', page: 1 }, { plans: { items, total: 30, page: 1 } });
  has(r.buttons, { do: 'invitationNew', planId: 11 });
  has(r.buttons, { do: 'invitationPlans', page: 0 });
  has(r.buttons, { do: 'invitationPlans', page: 2 });
  has(r.buttons, { do: 'invitations' });
  const empty = draw({ kind: 'invitationPlan', page: 0 }, { plans: { items: [], total: 0, page: 0 } });
  assert.match(empty.text, /Planes/);
  has(empty.buttons, { do: 'plans', page: 0 });
  hasNot(empty.buttons, 'invitationNew');
});

test('invitation validity: 1, 7 (marked), 30, 90 days or a typed number', () => {
  const r = draw({ kind: 'invitationValidity', planId: 7 }, { plan: detail({ name: HOSTILE }) });
  for (const days of [1, 7, 30, 90]) has(r.buttons, { do: 'invitationValidity', days });
  assert.match(has(r.buttons, { do: 'invitationValidity', days: 7 }).text, /✓/);
  assert.not.match(has(r.buttons, { do: 'invitationValidity', days: 30 }).text, /✓/);
  has(r.buttons, { do: 'cancel' });
  assert.match(r.text, /1 a 365/);
  assert.ok(r.text.includes(HOSTILE_ESCAPED));
  const refused = draw(
    { kind: 'invitationValidity', planId: 7, problem: 'out_of_range' },
    { plan: detail() },
  );
  assert.match(lead(refused.text), /^⚠️ .*1 a 365/);
  assert.match(draw({ kind: 'invitationValidity', planId: 7 }).text, /ya no figura/);
});

test('invitation count: 1, 5, 10, 50, 100 or a typed number', () => {
  const r = draw({ kind: 'invitationCount', planId: 7, validDays: 30 }, { plan: detail() });
  for (const count of [1, 5, 10, 50, 100]) has(r.buttons, { do: 'invitationCount', count });
  has(r.buttons, { do: 'cancel' });
  assert.match(r.text, /30 días/);
  const refused = draw(
    { kind: 'invitationCount', planId: 7, validDays: 30, problem: 'not_a_number' },
    { plan: detail() },
  );
  assert.match(lead(refused.text), /^⚠️ .*1 a 500/);
});

const createdAt = Date.UTC(2026, 10, 27, 4, 30); // 26 Nov, 22:30 in Mexico City
const batch = (count: number) => ({
  codes: Array.from({ length: count }, (_, i) => `K${String(i).padStart(5, '0')}abcdefghijklmnop`),
  createdAt: new Date(createdAt),
  expiresAt: new Date(createdAt + 7 * DAY),
});

test('invitations created: one -> its full link and the exact end date', () => {
  const view = { kind: 'invitationsCreated', planId: 7, createdAt, count: 1, validDays: 7 } as const;
  const r = draw(view, { plan: detail({ name: HOSTILE }), batch: batch(1) });
  assert.ok(r.text.includes('https://t.me/LucienBot?start=K00000abcdefghijklmnop'), r.text);
  assert.match(r.text, /3 de diciembre de 2026/);
  assert.ok(r.text.includes(HOSTILE_ESCAPED));
  assert.is(r.document, undefined);
  has(r.buttons, { do: 'invitationNew', planId: 7 });
  has(r.buttons, { do: 'invitationList', filter: 'available', page: 0 });
  has(r.buttons, { do: 'home' });
});

test('invitations created: 500 -> a summary and a file with one link per line', () => {
  const view = { kind: 'invitationsCreated', planId: 7, createdAt, count: 500, validDays: 7 } as const;
  const r = draw(view, { plan: detail({ name: 'Oro Ñandú & "VIP"' }), batch: batch(500) });
  assert.match(r.text, /500 invitaciones/);
  assert.not.match(r.text, /t\.me/);
  const doc = r.document;
  assert.ok(doc);
  assert.is(doc?.filename, 'invitaciones-oro-nandu-vip-2026-11-26.txt');
  const lines = (doc?.content ?? '').trimEnd().split('\n');
  assert.match(lines[0] ?? '', /Oro Ñandú & "VIP".*500.*3 de diciembre de 2026/);
  const links = lines.filter((l) => l.startsWith('https://'));
  assert.is(links.length, 500);
  assert.is(new Set(links).size, 500);
  for (const link of links) assert.match(link, /^https:\/\/t\.me\/LucienBot\?start=K\d{5}abcdefghijklmnop$/);
  const odd = draw(view, { plan: detail({ name: '🌸🌸' }), batch: batch(2) });
  assert.match(odd.document?.filename ?? '', /^invitaciones-plan-7-2026-11-26\.txt$/);
});

test('invitations created: a batch that cannot be found, or a paused plan', () => {
  const view = { kind: 'invitationsCreated', planId: 7, createdAt, count: 5, validDays: 7 } as const;
  const missing = draw(view, { plan: detail() });
  assert.match(missing.text, /lote/);
  has(missing.buttons, { do: 'invitationList', filter: 'available', page: 0 });
  const paused = draw(view, { plan: detail({ active: false }), batch: batch(5) });
  hasNot(paused.buttons, 'invitationNew');
});

const listOf = (
  filter: InvitationFilter,
  items: InvitationView[],
  total: number,
  page: number,
  notice?: 'invitationRevoked',
) =>
  draw(
    { kind: 'invitationList', filter, page, ...(notice ? { notice } : {}) },
    { invitations: { items, total, page } },
  );

test('invitation list: filters, lines, revoke buttons for available codes only', () => {
  const items = [
    invitation(1, 'available'),
    invitation(2, 'used', { usedByName: HOSTILE }),
    invitation(3, 'expired'),
    invitation(4, 'revoked'),
    invitation(5, 'used', { usedByName: null, usedByUsername: null }),
  ];
  const r = listOf('all', items, 5, 0, 'invitationRevoked');
  for (const filter of ['available', 'used', 'expired', 'revoked', 'all'] as const) {
    has(r.buttons, { do: 'invitationList', filter, page: 0 });
  }
  assert.match(has(r.buttons, { do: 'invitationList', filter: 'all', page: 0 }).text, /✓/);
  assert.not.match(has(r.buttons, { do: 'invitationList', filter: 'used', page: 0 }).text, /✓/);
  assert.equal(
    adminActions(r.buttons).filter((a) => a.do === 'invitationRevoke'),
    [{ do: 'invitationRevoke', invitationId: 1 }],
  );
  assert.match(r.text, /Code00…/);
  assert.not.match(r.text, /Code0001abc/, 'only the prefix of a code is shown');
  assert.ok(r.text.includes(HOSTILE_ESCAPED));
  assert.match(r.text, /#505/);
  assert.match(r.text, /disponible hasta el 3 de diciembre de 2026/);
  assert.match(lead(r.text), /^⛔ Invitación retirada/);
  has(r.buttons, { do: 'invitations' });
});

test('invitation list: paging keeps the filter; empty filters say so', () => {
  const items = Array.from({ length: 10 }, (_, i) => invitation(i + 1, 'available'));
  const middle = listOf('available', items, 35, 2);
  has(middle.buttons, { do: 'invitationList', filter: 'available', page: 1 });
  has(middle.buttons, { do: 'invitationList', filter: 'available', page: 3 });
  assert.match(middle.text, /Página 3 de 4/);
  assert.is(adminActions(middle.buttons).filter((a) => a.do === 'invitationRevoke').length, 10);
  const empty = listOf('used', [], 0, 0);
  assert.match(empty.text, /Usadas/);
  hasNot(empty.buttons, 'invitationRevoke');
  has(empty.buttons, { do: 'invitationList', filter: 'all', page: 0 });
});

test('invitation list: very long names still fit in one message', () => {
  const name = '&<>"'.repeat(25);
  const items = Array.from({ length: 10 }, (_, i) =>
    invitation(i + 1, 'used', { planName: name, usedByName: name, usedByUsername: 'u'.repeat(32) }),
  );
  const r = listOf('used', items, 10, 0);
  assert.ok(r.text.length <= 4096);
  const members = Array.from({ length: 10 }, (_, i) =>
    member(i + 1, 'active', 3, { firstName: name, planName: name, username: 'u'.repeat(32) }),
  );
  draw({ kind: 'members', filter: 'active', page: 0 }, { members: { items: members, total: 10, page: 0 } });
  const plans = Array.from({ length: 10 }, (_, i) => plan(i + 1, { name: name.slice(0, 100) }));
  draw({ kind: 'plans', page: 0 }, { plans: { items: plans, total: 10, page: 0 } });
});

test('invitation revoke: yes revokes, no returns to the same list page', () => {
  const view = { kind: 'invitationConfirmRevoke', invitationId: 3, filter: 'all', page: 2 } as const;
  const r = draw(view, { invitation: invitation(3, 'available', { planName: HOSTILE }) });
  has(r.buttons, { do: 'invitationRevokeConfirm', invitationId: 3 });
  has(r.buttons, { do: 'invitationList', filter: 'all', page: 2 });
  assert.ok(r.text.includes(HOSTILE_ESCAPED));
  const used = draw(view, { invitation: invitation(3, 'used') });
  hasNot(used.buttons, 'invitationRevokeConfirm');
  assert.match(used.text, /ya fue usada/);
  const gone = draw(view, {});
  hasNot(gone.buttons, 'invitationRevokeConfirm');
  has(gone.buttons, { do: 'invitationList', filter: 'all', page: 2 });
});

test('members: filters, one button per member, days left or end date, paging', () => {
  const items = [
    member(1, 'active', 12, { firstName: HOSTILE }),
    member(2, 'ritual', 30),
    member(3, 'expired', -4),
    member(4, 'active', -1, { username: null }),
    member(5, 'revoked', 10, { firstName: '', username: null, planName: null }),
  ];
  const r = draw({ kind: 'members', filter: 'all', page: 1 }, { members: { items, total: 25, page: 1 } });
  for (const filter of ['active', 'expiring', 'expired', 'all'] as const) {
    has(r.buttons, { do: 'members', filter, page: 0 });
  }
  assert.match(has(r.buttons, { do: 'members', filter: 'all', page: 0 }).text, /✓/);
  for (const m of items) has(r.buttons, { do: 'member', userId: m.userId });
  has(r.buttons, { do: 'members', filter: 'all', page: 0 });
  has(r.buttons, { do: 'members', filter: 'all', page: 2 });
  has(r.buttons, { do: 'home' });
  assert.ok(r.text.includes(HOSTILE_ESCAPED));
  assert.match(r.text, /⏳ 12 días/);
  assert.match(r.text, /ritual/);
  assert.match(r.text, /vencida el/);
  assert.match(r.text, /#5/);
  assert.match(has(r.buttons, { do: 'member', userId: 1 }).text, /Oro/);
});

test('members: empty filters', () => {
  const r = draw(
    { kind: 'members', filter: 'expiring', page: 0 },
    { members: { items: [], total: 0, page: 0 } },
  );
  assert.match(r.text, /7 días/);
  hasNot(r.buttons, 'member');
  has(r.buttons, { do: 'home' });
});

const profile = (over = {}) => ({
  userId: 42,
  username: 'ana',
  firstName: HOSTILE,
  lastName: null,
  role: 'VIP' as const,
  createdAt: new Date(now - 40 * DAY),
  updatedAt: new Date(now),
  ...over,
});

const memberData = (status: MembershipStatus | null, changes = 2): AdminViewData => ({
  member: {
    userId: 42,
    profile: profile(),
    membership: status === null ? undefined : { ...member(42, status, 12), planName: 'Oro & Plata' },
    roleChanges: Array.from({ length: changes }, (_, i) => ({
      previousRole: i === changes - 1 ? null : ('FREE' as const),
      newRole: 'VIP' as const,
      changedBy: 0,
      reason: `Motivo <${i}>`,
      source: 'invitation',
      metadata: {},
      changedAt: new Date(now - i * DAY),
    })),
  },
});

test('member: profile, membership, role changes; revoke only while active or in the ritual', () => {
  const r = draw({ kind: 'member', userId: 42, notice: 'memberExtended' }, memberData('active', 5));
  assert.ok(r.text.includes(HOSTILE_ESCAPED));
  assert.match(r.text, /@ana/);
  assert.match(r.text, /42/);
  assert.match(r.text, /Oro &amp; Plata/);
  assert.match(r.text, /12 días/);
  assert.match(r.text, /vestíbulo → Diván/);
  assert.match(r.text, /Motivo &lt;4&gt;/);
  assert.match(lead(r.text), /^✅/);
  has(r.buttons, { do: 'memberExtend', userId: 42 });
  has(r.buttons, { do: 'memberRevoke', userId: 42 });
  has(r.buttons, { do: 'members', filter: 'active', page: 0 });
  has(draw({ kind: 'member', userId: 42 }, memberData('ritual')).buttons, { do: 'memberRevoke', userId: 42 });
  hasNot(draw({ kind: 'member', userId: 42 }, memberData('expired')).buttons, 'memberRevoke');
  const none = draw({ kind: 'member', userId: 42 }, memberData(null, 0));
  hasNot(none.buttons, 'memberRevoke');
  assert.match(none.text, /Sin membresía/);
});

test('member: someone unknown is said so', () => {
  const data = { member: { userId: 9, profile: undefined, membership: undefined, roleChanges: [] } };
  for (const view of [
    { kind: 'member', userId: 9 },
    { kind: 'memberExtend', userId: 9 },
    { kind: 'memberConfirmRevoke', userId: 9 },
  ] as const) {
    const r = draw(view, data);
    assert.match(r.text, /No encuentro/);
    assert.equal(adminActions(r.buttons), [{ do: 'members', filter: 'active', page: 0 }]);
  }
});

test('member extend: days 1-3650, the problem first, cancel returns to the member', () => {
  const r = draw({ kind: 'memberExtend', userId: 42 }, memberData('active'));
  assert.match(r.text, /1 a 3650/);
  assert.ok(r.text.includes(HOSTILE_ESCAPED));
  assert.equal(adminActions(r.buttons), [{ do: 'member', userId: 42 }]);
  const refused = draw({ kind: 'memberExtend', userId: 42, problem: 'out_of_range' }, memberData('active'));
  assert.match(lead(refused.text), /^⚠️ .*1 a 3650/);
});

test('member revoke: yes revokes, no returns to the member', () => {
  const r = draw({ kind: 'memberConfirmRevoke', userId: 42 }, memberData('active'));
  has(r.buttons, { do: 'memberRevokeConfirm', userId: 42 });
  has(r.buttons, { do: 'member', userId: 42 });
  assert.ok(r.text.includes(HOSTILE_ESCAPED));
});

const baseConfig: BotConfig = {
  vipChannelId: -1001111111111,
  freeChannelId: -1002222222222,
  reminderLeadHours: [72, 24],
  freeInviteLink: 'https://t.me/+JoinReq123',
  socialInstagram: 'diana',
  socialTiktok: 'diana.tt',
  socialX: 'Diana_X',
  freeWaitMinutes: 5,
  antiSpamMinutes: 15,
  vipReactions: ['❤️', '🔥'],
  freeReactions: ['🌸'],
};
const settingsOf = (
  over: Partial<BotConfig> = {},
  titles: Partial<Record<ChannelRole, string>> = {},
): AdminViewData => ({ settings: { config: { ...baseConfig, ...over }, titles } });
const unconfigured = settingsOf({
  vipChannelId: null,
  freeChannelId: null,
  freeInviteLink: null,
  socialInstagram: null,
  socialTiktok: null,
  socialX: null,
  freeWaitMinutes: 0,
  antiSpamMinutes: 0,
  vipReactions: [],
  freeReactions: [],
});
const SETTING_FIELDS: SettingField[] = [
  'instagram',
  'tiktok',
  'x',
  'waitMinutes',
  'antiSpamMinutes',
  'vipReactions',
  'freeReactions',
];

test('settings: channels by title or id, the request link, profiles, minutes, reactions; every button', () => {
  const r = draw({ kind: 'settings', notice: 'settingSaved' }, settingsOf({}, { vip: HOSTILE }));
  assert.match(lead(r.text), /^✅/);
  assert.ok(r.text.includes(`👑 Diván: <b>${HOSTILE_ESCAPED}</b>`), r.text);
  assert.match(r.text, /🌸 Vestíbulo: el canal -1002222222222/);
  assert.match(r.text, /Enlace de solicitud: https:\/\/t\.me\/\+JoinReq123/);
  assert.ok(r.text.includes('<a href="https://www.instagram.com/diana/">@diana</a>'), r.text);
  assert.ok(r.text.includes('<a href="https://www.tiktok.com/@diana.tt">@diana.tt</a>'), r.text);
  assert.ok(r.text.includes('<a href="https://x.com/Diana_X">@Diana_X</a>'), r.text);
  assert.match(r.text, /⏳ Espera: 5 minutos/);
  assert.match(r.text, /🛡 Antispam: 15 minutos/);
  assert.match(r.text, /👑 Diván: ❤️ 🔥/);
  assert.match(r.text, /🌸 Vestíbulo: 🌸/);
  assert.match(has(r.buttons, { do: 'channelSetup', role: 'vip' }).text, /^👑 Canal VIP$/);
  assert.match(has(r.buttons, { do: 'channelSetup', role: 'free' }).text, /^🌸 Canal gratuito$/);
  for (const field of SETTING_FIELDS) has(r.buttons, { do: 'settingEdit', field });
  has(r.buttons, { do: 'home' });
  assert.is(r.buttons.length, 2 + SETTING_FIELDS.length + 1);
});

test('settings: nothing configured yet reads as such; titles are escaped', () => {
  const r = draw({ kind: 'settings' }, unconfigured);
  assert.is(r.text.match(/sin configurar/g)?.length, 2);
  assert.not.match(r.text, /Enlace de solicitud/);
  assert.is(r.text.match(/sin anotar/g)?.length, 3);
  assert.match(r.text, /Espera: ninguna, abro la puerta al instante/);
  assert.match(r.text, /Antispam: sin plazo/);
  assert.is(r.text.match(/<i>ninguna<\/i>/g)?.length, 2);
  const pending = draw({ kind: 'settings' }, settingsOf({ freeInviteLink: null }, { free: 'Jardín' }));
  assert.match(pending.text, /Vestíbulo: <b>Jardín<\/b>/);
  assert.match(pending.text, /Enlace de solicitud: <i>aún sin preparar<\/i>/);
  const odd = draw({ kind: 'settings' }, settingsOf({ socialX: 'a<b>', vipReactions: ['<i>'] }));
  assert.ok(odd.text.includes('@a&lt;b&gt;</a>') && odd.text.includes('👑 Diván: &lt;i&gt;'), odd.text);
  const unread = draw({ kind: 'settings' });
  assert.match(unread.text, /No consigo leer/);
  assert.equal(adminActions(unread.buttons), [{ do: 'home' }]);
});

test('channel setup: precise instructions per role, the channel it replaces, cancel', () => {
  for (const role of ['vip', 'free'] as const) {
    const r = draw({ kind: 'channelSetup', role }, settingsOf({}, { [role]: HOSTILE }));
    assert.match(r.text, /administrador/);
    assert.match(r.text, /invitar usuarios/);
    assert.match(r.text, /publicar mensajes/);
    assert.match(r.text, /Reenvíeme aquí cualquier publicación/);
    assert.ok(r.text.includes(`Ahora mismo: <b>${HOSTILE_ESCAPED}</b>`), r.text);
    assert.equal(adminActions(r.buttons), [{ do: 'cancel' }]);
    const first = draw({ kind: 'channelSetup', role }, unconfigured);
    assert.not.match(first.text, /Ahora mismo/);
  }
  assert.match(draw({ kind: 'channelSetup', role: 'vip' }).text, /Canal del Diván/);
  assert.match(draw({ kind: 'channelSetup', role: 'free' }).text, /solicitud de ingreso/);
  assert.match(draw({ kind: 'channelSetup', role: 'free' }, settingsOf()).text, /Ahora mismo: el canal -100/);
});

test('channel setup: a verified channel is confirmed, the free one with its request link ready', () => {
  const vip = draw({ kind: 'channelSetup', role: 'vip', check: { ok: true, title: HOSTILE } });
  assert.ok(vip.text.includes(`<b>${HOSTILE_ESCAPED}</b> queda a mi cargo como el Diván`), vip.text);
  assert.not.match(vip.text, /solicitud de ingreso/);
  assert.equal(adminActions(vip.buttons), [{ do: 'settings' }]);
  const free = draw({ kind: 'channelSetup', role: 'free', check: { ok: true, title: 'Jardín' } });
  assert.match(free.text, /como el vestíbulo/);
  assert.match(free.text, /enlace con solicitud de ingreso está listo/);
  assert.equal(adminActions(free.buttons), [{ do: 'settings' }]);
  assert.match(draw({ kind: 'channelSetup', role: 'free', check: { ok: true } }).text, /El canal queda/);
});

test('channel setup: each missing right is explained with its fix; the admin may forward again', () => {
  const fixes = {
    not_admin: /No soy administrador.*Añadir administrador/,
    can_invite_users: /«Invitar usuarios mediante enlace»/,
    can_post_messages: /«Publicar mensajes»/,
    not_a_channel: /no procede de un canal/,
    unreachable: /No consigo llegar hasta ese canal/,
  } as const;
  for (const [code, fix] of Object.entries(fixes)) {
    const r = draw({
      kind: 'channelSetup',
      role: 'vip',
      check: { ok: false, title: HOSTILE, missing: [code] },
    });
    assert.match(r.text, fix, code);
    for (const [other, otherFix] of Object.entries(fixes)) {
      if (other !== code) assert.not.match(r.text, otherFix, `${code} says ${other}`);
    }
    assert.ok(r.text.includes(HOSTILE_ESCAPED));
    assert.match(r.text, /reenvíeme de nuevo una publicación/);
    assert.equal(adminActions(r.buttons), [{ do: 'cancel' }]);
  }
  const all = draw({
    kind: 'channelSetup',
    role: 'free',
    check: { ok: false, missing: Object.keys(fixes) },
  });
  for (const fix of Object.values(fixes)) assert.match(all.text, fix);
  assert.match(all.text, /de ese canal como el vestíbulo/);
  for (const missing of [[], ['something_new'], undefined]) {
    const r = draw({
      kind: 'channelSetup',
      role: 'vip',
      check: { ok: false, ...(missing ? { missing } : {}) },
    });
    assert.match(r.text, /Algo más me impide/);
  }
});

test('setting edit: each field with its current value and what it accepts, cancel', () => {
  const expects: Record<SettingField, [RegExp, RegExp]> = {
    instagram: [
      /Valor actual: <b>@diana<\/b>/,
      /@ \(por ejemplo, @diana\) o el enlace .*guion \(-\) lo borra/,
    ],
    tiktok: [/Valor actual: <b>@diana\.tt<\/b>/, /guion \(-\) lo borra/],
    x: [/Valor actual: <b>@Diana_X<\/b>/, /guion \(-\) lo borra/],
    waitMinutes: [/Valor actual: <b>5 minutos<\/b>/, /minutos entre 0 y 1440/],
    antiSpamMinutes: [/Valor actual: <b>15 minutos<\/b>/, /minutos entre 0 y 1440/],
    vipReactions: [/Valor actual: <b>❤️ 🔥<\/b>/, /de 1 a 10 emoji separados por espacios/],
    freeReactions: [/Valor actual: <b>🌸<\/b>/, /de 1 a 10 emoji separados por espacios/],
  };
  for (const field of SETTING_FIELDS) {
    const [current, accepted] = expects[field];
    const r = draw({ kind: 'settingEdit', field }, settingsOf());
    assert.match(r.text, current, field);
    assert.match(r.text, accepted, field);
    assert.not.match(lead(r.text), /⚠️/);
    assert.equal(adminActions(r.buttons), [{ do: 'cancel' }]);
    const unset = draw({ kind: 'settingEdit', field }, unconfigured);
    assert.match(
      unset.text,
      field.endsWith('Minutes') ? /Valor actual: <b>1? ?0 minutos<\/b>/ : /sin anotar/,
    );
    assert.not.match(draw({ kind: 'settingEdit', field }).text, /Valor actual/);
  }
  const hostile = draw({ kind: 'settingEdit', field: 'x' }, settingsOf({ socialX: HOSTILE }));
  assert.ok(hostile.text.includes(`@${HOSTILE_ESCAPED}`), hostile.text);
});

test('setting edit: a refused answer is said first, with what is accepted instead', () => {
  const problems: [SettingField, string, RegExp][] = [
    ['instagram', 'bad_handle', /no parece un nombre de usuario/],
    ['tiktok', 'too_long', /más largo/],
    ['x', 'empty', /No he recibido nada/],
    ['waitMinutes', 'out_of_range', /fuera de los límites/],
    ['antiSpamMinutes', 'not_a_number', /no parece un número/],
    ['waitMinutes', 'not_whole', /enteros/],
    ['vipReactions', 'not_an_emoji', /no es un emoji/],
    ['freeReactions', 'too_many', /Son más de los que/],
    ['freeReactions', 'empty', /No he recibido nada/],
    ['vipReactions', 'some_new_code', /No he sabido anotar eso/],
  ];
  const accepted: Record<SettingField, RegExp> = {
    instagram: /@ \(por ejemplo/,
    tiktok: /@ \(por ejemplo/,
    x: /@ \(por ejemplo/,
    waitMinutes: /entre 0 y 1440/,
    antiSpamMinutes: /entre 0 y 1440/,
    vipReactions: /de 1 a 10 emoji/,
    freeReactions: /de 1 a 10 emoji/,
  };
  for (const [field, problem, words] of problems) {
    const r = draw({ kind: 'settingEdit', field, problem }, settingsOf());
    const first = lead(r.text);
    assert.match(first, /^⚠️/, `${field} ${problem}`);
    assert.match(first, words, `${field} ${problem}`);
    assert.match(first, accepted[field], `${field} ${problem}`);
    assert.match(r.text, /Valor actual/);
    assert.equal(adminActions(r.buttons), [{ do: 'cancel' }]);
  }
});

function freeRequest(userId: number, status: FreeRequestView['status'], over: Partial<FreeRequestView> = {}) {
  return {
    userId,
    chatId: -1002222222222,
    status,
    requestedAt: new Date(now - 20 * 60_000),
    readyAt: new Date(now - 15 * 60_000),
    decidedAt: status === 'approved' || status === 'declined' ? new Date(now - 10 * 60_000) : null,
    updatedAt: new Date(now - 10 * 60_000),
    firstName: `Persona ${userId}`,
    username: `p${userId}`,
    ...over,
  } satisfies FreeRequestView;
}

const counts = (ready: number, averageWaitSeconds: number | null = 330) => ({
  pending: 4,
  ready,
  approved: 40,
  averageWaitSeconds,
});

const queue = (
  filter: FreeQueueFilter,
  items: FreeRequestView[],
  total: number,
  page: number,
  ready = 2,
  notice?: 'freeApprovedReady',
) =>
  draw(
    { kind: 'freeQueue', filter, page, ...(notice ? { notice } : {}) },
    { freeRequests: { items, total, page }, freeCounts: counts(ready) },
  );

test('free queue: filters, one line per request with its times, totals and the average wait', () => {
  const items = [
    freeRequest(1, 'pending', { readyAt: new Date(now + 5 * 60_000), firstName: HOSTILE }),
    freeRequest(2, 'pending', { username: null }),
    freeRequest(3, 'approved', { firstName: '' }),
    freeRequest(4, 'declined', { firstName: '', username: null }),
    freeRequest(5, 'gone'),
  ];
  const r = queue('all', items, 5, 0, 2, 'freeApprovedReady');
  for (const filter of ['pending', 'ready', 'approved', 'all'] as const) {
    const b = has(r.buttons, { do: 'freeQueue', filter, page: 0 });
    assert.is(b.text.startsWith('✓'), filter === 'all', b.text);
  }
  assert.match(has(r.buttons, { do: 'freeQueue', filter: 'pending', page: 0 }).text, /Pendientes/);
  assert.match(has(r.buttons, { do: 'freeQueue', filter: 'ready', page: 0 }).text, /Listas/);
  assert.match(has(r.buttons, { do: 'freeQueue', filter: 'approved', page: 0 }).text, /Aprobadas/);
  assert.match(lead(r.text), /^🌸 Hecho/);
  assert.match(r.text, /Todas · 5/);
  assert.match(r.text, /Esperan: 4 · 🔔 listas para entrar: 2 · ✅ aprobadas: 40/);
  assert.match(r.text, /Espera media: 6 minutos/);
  assert.ok(r.text.includes(`🕯 <b>${HOSTILE_ESCAPED} (@p1)</b>`), r.text);
  // 15:00 UTC is 09:00 in Mexico City.
  assert.match(r.text, /pidió el 27 nov, 08:40 · ⏳ lista el 27 nov, 09:05/);
  assert.match(r.text, /🔔 <b>Persona 2 \(#2\)<\/b> · pidió el 27 nov, 08:40 · lista desde el 27 nov, 08:45/);
  assert.match(r.text, /✅ <b>@p3<\/b> · .* aprobada el 27 nov, 08:50/);
  assert.match(r.text, /✖️ <b>#4<\/b> · .* rechazada el 27 nov, 08:50/);
  assert.match(r.text, /🚪 <b>Persona 5 \(@p5\)<\/b> · .* se retiró el/);
  has(r.buttons, { do: 'freeApproveReady' });
  has(r.buttons, { do: 'home' });
});

test('free queue: paging keeps the filter; the approve button only while some are ready', () => {
  const items = Array.from({ length: 10 }, (_, i) => freeRequest(i + 1, 'pending'));
  const first = queue('ready', items, 25, 0);
  has(first.buttons, { do: 'freeQueue', filter: 'ready', page: 1 });
  assert.is(adminActions(first.buttons).filter((a) => a.do === 'freeQueue' && a.page > 0).length, 1);
  assert.match(first.text, /Página 1 de 3/);
  assert.is(first.text.match(/^🔔/gm)?.length, 10);
  const middle = queue('ready', items, 25, 1);
  has(middle.buttons, { do: 'freeQueue', filter: 'ready', page: 0 });
  has(middle.buttons, { do: 'freeQueue', filter: 'ready', page: 2 });
  const last = queue('ready', items.slice(0, 5), 25, 2);
  has(last.buttons, { do: 'freeQueue', filter: 'ready', page: 1 });
  assert.not.ok(adminActions(last.buttons).some((a) => a.do === 'freeQueue' && a.page === 3));
  assert.match(has(first.buttons, { do: 'freeApproveReady' }).text, /^✅ Aprobar listas ahora$/);
  assert.match(first.text, /Con ✅ abro ya la puerta/);
  const none = queue('pending', items, 10, 0, 0);
  hasNot(none.buttons, 'freeApproveReady');
  assert.not.match(none.text, /Con ✅/);
  assert.not.match(none.text, /Página/);
  const name = '&<>"'.repeat(25);
  const long = Array.from({ length: 10 }, (_, i) =>
    freeRequest(i + 1, 'approved', { firstName: name, username: 'u'.repeat(32) }),
  );
  queue('approved', long, 10, 0);
});

test('free queue: empty filters say so, the approve button stays when others are ready', () => {
  const words: Record<FreeQueueFilter, RegExp> = {
    pending: /Nadie aguarda/,
    ready: /Ninguna solicitud ha cumplido/,
    approved: /Todavía no he abierto/,
    all: /aún no ha recibido ninguna solicitud/,
  };
  for (const filter of ['pending', 'ready', 'approved', 'all'] as const) {
    const r = draw(
      { kind: 'freeQueue', filter, page: 0 },
      { freeRequests: { items: [], total: 0, page: 0 }, freeCounts: counts(0, null) },
    );
    assert.match(r.text, words[filter]);
    assert.match(r.text, /Espera media: aún sin datos/);
    hasNot(r.buttons, 'freeApproveReady');
    has(r.buttons, { do: 'home' });
    assert.is(adminActions(r.buttons).filter((a) => a.do === 'freeQueue').length, 4);
  }
  const waiting = queue('approved', [], 0, 0, 3);
  has(waiting.buttons, { do: 'freeApproveReady' });
  assert.match(draw({ kind: 'freeQueue', filter: 'all', page: 0 }).text, /aún no ha recibido/);
  assert.match(queue('all', [], 0, 0, 0).text, /Espera media: 6 minutos/);
  const long = draw(
    { kind: 'freeQueue', filter: 'all', page: 0 },
    { freeRequests: { items: [], total: 0, page: 0 }, freeCounts: counts(0, 7500) },
  );
  assert.match(long.text, /Espera media: 2 h 05 min/);
});

test('publish compose: asks for text, photo or video; explains a refused post; cancel', () => {
  const r = draw({ kind: 'publishCompose' });
  assert.match(r.text, /un texto, o una foto o un vídeo/);
  assert.not.match(lead(r.text), /⚠️/);
  assert.equal(adminActions(r.buttons), [{ do: 'cancel' }]);
  const unsupported = draw({ kind: 'publishCompose', problem: 'unsupported' });
  assert.match(lead(unsupported.text), /^⚠️ .*stickers/);
  const long = draw({ kind: 'publishCompose', problem: 'too_long' });
  assert.match(lead(long.text), /^⚠️ .*4096.*1024/);
  assert.equal(adminActions(long.buttons), [{ do: 'cancel' }]);
});

const draftOf = (kind: PostDraft['kind']): PostDraft =>
  kind === 'text' ? { kind, text: 'Hola' } : { kind, text: 'Pie', fileId: 'AgACAgIAAxk' };

test('publish preview: where to publish, the reactions toggle on and off, change, cancel', () => {
  for (const kind of ['text', 'photo', 'video'] as const) {
    for (const reactions of [true, false]) {
      const r = draw(
        { kind: 'publishPreview', draft: draftOf(kind), reactions },
        settingsOf({}, { vip: HOSTILE }),
      );
      assert.match(has(r.buttons, { do: 'publishTo', channel: 'vip' }).text, /^👑 Publicar en el Diván$/);
      assert.match(has(r.buttons, { do: 'publishTo', channel: 'free' }).text, /^🌸 Publicar en/);
      const toggle = has(r.buttons, { do: 'publishReactions' });
      assert.match(toggle.text, reactions ? /sí/ : /no/);
      assert.match(r.text, reactions ? /reacción: <b>sí<\/b>/ : /reacción: <b>no<\/b>/);
      assert.is(r.text.includes('👑 Diván: ❤️ 🔥 · 🌸 Vestíbulo: 🌸'), reactions);
      assert.match(has(r.buttons, { do: 'publishChange' }).text, /Cambiar/);
      has(r.buttons, { do: 'cancel' });
      assert.ok(r.text.includes(HOSTILE_ESCAPED));
      assert.match(r.text, /¿Dónde la publico\?/);
      assert.not.match(r.text, /Hola|Pie|AgAC/, 'the draft itself is sent separately');
    }
  }
  assert.match(draw({ kind: 'publishPreview', draft: draftOf('video'), reactions: true }).text, /un vídeo/);
});

test('publish preview: a channel not configured has no button and the text says where to set it', () => {
  const r = draw(
    { kind: 'publishPreview', draft: draftOf('text'), reactions: true },
    settingsOf({ freeChannelId: null }),
  );
  has(r.buttons, { do: 'publishTo', channel: 'vip' });
  assert.not.ok(adminActions(r.buttons).some((a) => a.do === 'publishTo' && a.channel === 'free'));
  assert.match(r.text, /El vestíbulo aún no tiene canal.*Calibración/);
  const neither = draw({ kind: 'publishPreview', draft: draftOf('text'), reactions: false }, unconfigured);
  hasNot(neither.buttons, 'publishTo');
  has(neither.buttons, { do: 'cancel' });
  const unread = draw({ kind: 'publishPreview', draft: draftOf('text'), reactions: false });
  has(unread.buttons, { do: 'publishTo', channel: 'vip' });
  has(unread.buttons, { do: 'publishTo', channel: 'free' });
});

test('published: names the channel; another post or home', () => {
  const vip = draw({ kind: 'published', channel: 'vip' }, settingsOf({}, { vip: HOSTILE }));
  assert.match(vip.text, /el Diván/);
  assert.ok(vip.text.includes(HOSTILE_ESCAPED));
  has(vip.buttons, { do: 'publish' });
  has(vip.buttons, { do: 'home' });
  const free = draw({ kind: 'published', channel: 'free' });
  assert.match(free.text, /el vestíbulo\./);
  assert.equal(adminActions(free.buttons), [{ do: 'publish' }, { do: 'home' }]);
});

test('free channel messages for members: the wait, the open door, patience; every variant', () => {
  const all = (m: { variants: { render: (p: never) => string }[] }, p: unknown) =>
    m.variants.map((v) => v.render(p as never));
  for (const [wait, words] of [
    [0, /en un instante/],
    [1, /en un minuto/],
    [12, /en unos 12 minutos/],
  ] as const) {
    const texts = all(freeWelcome, { waitMinutes: wait });
    assert.ok(texts.length >= 2);
    for (const text of texts) {
      assert.match(text, words);
      assert.ok(text.startsWith(HEADER) && text.includes('🌸'));
      assert.match(text, /perfiles/);
    }
  }
  for (const text of all(freeApproved, {})) assert.match(text, /🌸.*vestíbulo[\s\S]*botón/);
  const start = Date.UTC(2026, 10, 27, 15);
  for (const text of all(freeDuplicate, { retryAt: start + 4 * 60_000 + 1, now: start }))
    assert.match(text, /en unos 5 minutos/);
  for (const text of all(freeDuplicate, { retryAt: start, now: start })) assert.match(text, /en un momento/);
  assert.equal(freeButtons, {
    instagram: '📸 Instagram',
    tiktok: '🎵 TikTok',
    x: '𝕏 X',
    enter: '🌸 Entrar al vestíbulo',
  });
});

test('every notice reads as one line under the header', () => {
  const notices = [
    'planCreated',
    'planUpdated',
    'planDeactivated',
    'planReactivated',
    'planDeleted',
    'invitationRevoked',
    'memberExtended',
    'memberRevoked',
    'settingSaved',
    'freeApprovedReady',
    'published',
    'cancelled',
  ] as const;
  for (const notice of notices) {
    const r = draw({ kind: 'invitations', notice });
    assert.ok(r.text.startsWith(`${HEADER}\n\n`));
    assert.ok(lead(r.text).length > 3);
    assert.is(r.text.split('\n')[3], '', notice);
  }
});

test('every admin button label of the catalogue fits on a phone', () => {
  const sets: Record<string, string | Record<string, string>>[] = [
    adminButtons,
    adminPlanButtons,
    adminInvitationButtons,
    adminMemberButtons,
    adminSettingsButtons,
    adminFreeButtons,
    adminPublishButtons,
    freeButtons,
  ];
  const labels = sets.flatMap((set) =>
    Object.values(set).flatMap((v): string[] => (typeof v === 'string' ? [v] : Object.values(v))),
  );
  assert.ok(labels.length > 30);
  for (const label of labels) assert.ok([...label].length <= 24, label);
});

// ---------------------------------------------------------------------------------------------
// Content packages and interests.

function pkg(id: number, over: Partial<Package> = {}): Package {
  return {
    id,
    name: `Paquete ${id}`,
    category: 'VIP_PREMIUM',
    price: '25.00',
    currency: 'USD',
    description: 'Una velada para el círculo.',
    photoFileId: 'AgACAgIAAxkBAAI',
    active: true,
    createdBy: 1,
    createdAt: new Date(now - 3 * DAY),
    updatedAt: new Date(now - DAY),
    ...over,
  };
}

const pkgDetail = (over: Partial<PackageDetail> = {}): PackageDetail => ({
  ...pkg(4),
  interests: { pending: 2, total: 5 },
  ...over,
});

function interest(userId: number, packageId: number, attended: boolean, over: Partial<InterestView> = {}) {
  return {
    userId,
    packageId,
    attended,
    attendedAt: attended ? new Date(now - 3_600_000) : null,
    attendedBy: attended ? 1 : null,
    createdAt: new Date(now - 2 * DAY),
    lastInterestAt: new Date(now - DAY),
    packageName: `Paquete ${packageId}`,
    packageCategory: 'VIP_PREMIUM',
    packagePrice: '25.00',
    packageCurrency: 'USD',
    packageActive: true,
    firstName: `Persona ${userId}`,
    username: `p${userId}`,
    ...over,
  } satisfies InterestView;
}

const COUNTS = { pending: 4, attended: 9, total: 13 };
const PACKAGE_FIELDS: PackageField[] = ['name', 'category', 'price', 'description', 'photo'];
const CATEGORY_WORDS: Record<PackageCategory, RegExp> = {
  FREE_CONTENT: /🌸 muestras del jardín/,
  VIP_CONTENT: /👑 contenido del Diván/,
  VIP_PREMIUM: /💎 tesoros del sanctum/,
};

test('home: 💎 Paquetes opens the packages, 🙋 Intereses the pending interests', () => {
  const r = draw({ kind: 'home' });
  assert.match(has(r.buttons, { do: 'packages', page: 0 }).text, /^💎 Paquetes/);
  assert.match(
    has(r.buttons, { do: 'interests', filter: 'pending', category: 'any', page: 0 }).text,
    /^🙋 Intereses/,
  );
});

test('packages: the empty showcase offers the first package and the way home', () => {
  for (const data of [{}, { packages: { items: [], total: 0, page: 0 } }]) {
    const r = draw({ kind: 'packages', page: 0 }, data);
    assert.match(r.text, /vacía/);
    assert.equal(adminActions(r.buttons), [{ do: 'packageNew' }, { do: 'home' }]);
  }
});

test('packages: 10 a page, each with its category and price, paged both ways', () => {
  const page = (n: number, count: number) =>
    draw(
      { kind: 'packages', page: n },
      {
        packages: { items: Array.from({ length: count }, (_, i) => pkg(n * 10 + i + 1)), total: 23, page: n },
      },
    );
  const first = page(0, 10);
  assert.is(adminActions(first.buttons).filter((a) => a.do === 'package').length, 10);
  assert.equal(
    adminActions(first.buttons).filter((a) => a.do === 'packages'),
    [{ do: 'packages', page: 1 }],
  );
  assert.match(first.text, /Página 1 de 3/);
  assert.match(first.text, /23 en total/);
  has(first.buttons, { do: 'package', packageId: 10 });
  has(first.buttons, { do: 'packageNew' });
  has(first.buttons, { do: 'home' });

  const middle = page(1, 10);
  has(middle.buttons, { do: 'packages', page: 0 });
  has(middle.buttons, { do: 'packages', page: 2 });
  assert.match(middle.text, /Página 2 de 3/);

  const last = page(2, 3);
  assert.equal(
    adminActions(last.buttons).filter((a) => a.do === 'packages'),
    [{ do: 'packages', page: 1 }],
  );
  assert.is(adminActions(last.buttons).filter((a) => a.do === 'package').length, 3);
});

test('packages: names escaped, categories in Lucien words, free ones and paused ones marked', () => {
  const items = [
    pkg(1, { name: HOSTILE, category: 'FREE_CONTENT', price: null }),
    pkg(2, {
      name: 'Un paquete con un nombre larguísimo que no cabe',
      category: 'VIP_CONTENT',
      active: false,
    }),
    pkg(3, { name: 'x'.repeat(200), price: '99999.99', currency: 'MXN' }),
  ];
  const r = draw(
    { kind: 'packages', page: 0, notice: 'packageCreated' },
    { packages: { items, total: 3, page: 0 } },
  );
  assert.ok(r.text.includes(HOSTILE_ESCAPED), r.text);
  const lines = r.text.split('\n');
  assert.ok(
    lines.some((l) => l.includes(HOSTILE_ESCAPED) && /muestras del jardín · acceso gratuito/.test(l)),
  );
  assert.ok(lines.some((l) => l.startsWith('⏸') && /contenido del Diván · 25\.00 USD · en pausa/.test(l)));
  assert.ok(lines.some((l) => /tesoros del sanctum · 99999\.99 MXN/.test(l)));
  assert.not.ok(r.text.includes('x'.repeat(100)), 'long names are shortened in the list');
  assert.match(has(r.buttons, { do: 'package', packageId: 1 }).text, /^🌸 /);
  assert.match(has(r.buttons, { do: 'package', packageId: 2 }).text, /^⏸ 👑 .*…$/);
  assert.match(has(r.buttons, { do: 'package', packageId: 3 }).text, /^💎 x+…$/);
  assert.match(lead(r.text), /^💎 Paquete creado/);
});

test('package: its details in Lucien words, an edit button per field, pause, back', () => {
  const r = draw({ kind: 'package', packageId: 4 }, { package: pkgDetail({ name: HOSTILE }) });
  assert.ok(r.text.includes(HOSTILE_ESCAPED));
  assert.match(r.text, /💎 tesoros del sanctum/);
  assert.match(r.text, /25\.00 USD/);
  assert.match(r.text, /Una velada para el círculo\./);
  assert.match(r.text, /Imagen: 🖼 adjunta/);
  assert.match(r.text, /a la vista/);
  assert.match(r.text, /2 por atender, 5 en total/);
  for (const field of PACKAGE_FIELDS) has(r.buttons, { do: 'packageEdit', packageId: 4, field });
  assert.match(has(r.buttons, { do: 'packageToggle', packageId: 4 }).text, /⏸/);
  has(r.buttons, { do: 'packages', page: 0 });

  const bare = draw(
    { kind: 'package', packageId: 4, notice: 'packageUpdated' },
    {
      package: pkgDetail({
        category: 'FREE_CONTENT',
        price: null,
        description: null,
        photoFileId: null,
        active: false,
        interests: undefined,
      }),
    },
  );
  assert.match(bare.text, /🌸 muestras del jardín/);
  assert.match(bare.text, /acceso gratuito/);
  assert.match(bare.text, /Sin descripción/);
  assert.match(bare.text, /sin imagen/);
  assert.match(bare.text, /⏸ en pausa/);
  assert.not.match(bare.text, /Intereses/);
  assert.match(has(bare.buttons, { do: 'packageToggle', packageId: 4 }).text, /▶️ Reactivar/);
  assert.match(lead(bare.text), /^✅ Paquete actualizado/);

  const premium = draw(
    { kind: 'package', packageId: 4 },
    { package: pkgDetail({ category: 'VIP_CONTENT' }) },
  );
  assert.match(premium.text, /👑 contenido del Diván/);
});

test('package: the longest name and description, all quotes and ampersands, fit every screen', () => {
  const name = '"'.repeat(200);
  const description = '<b>&"'.repeat(250);
  const data = { package: pkgDetail({ description, name }) };
  const draft = {
    name,
    category: 'VIP_PREMIUM',
    price: '99999.99',
    description,
    photoFileId: 'AgAC',
  } as const;
  const views: AdminView[] = [
    { kind: 'package', packageId: 4, notice: 'packageUpdated' },
    { kind: 'packageConfirmToggle', packageId: 4 },
    ...PACKAGE_FIELDS.map(
      (field): AdminView => ({ kind: 'packageEdit', packageId: 4, field, problem: 'too_long' }),
    ),
    ...PACKAGE_FIELDS.map((step): AdminView => ({ kind: 'packageWizard', step, draft, problem: 'too_long' })),
    { kind: 'packageWizard', step: 'confirm', draft },
  ];
  for (const view of views) {
    const r = draw(view, data);
    assert.ok(r.text.includes('&quot;'.repeat(200)), `${view.kind}: the name whole`);
    if (view.kind === 'package') assert.ok(r.text.includes('&lt;b&gt;&amp;&quot;'));
  }
});

test('package: one that no longer exists is said so, with the way back to the packages', () => {
  for (const view of [
    { kind: 'package', packageId: 9 },
    { kind: 'packageEdit', packageId: 9, field: 'price' },
    { kind: 'packageConfirmToggle', packageId: 9 },
  ] as const) {
    const r = draw(view);
    assert.match(r.text, /ya no figura/);
    assert.equal(adminActions(r.buttons), [{ do: 'packages', page: 0 }]);
  }
});

test('package wizard: each step asks its question, shows the draft so far, skips where it may, cancels', () => {
  const steps: [PackageField, PackageDraft, RegExp, AdminAction[]][] = [
    ['name', {}, /hasta 200 caracteres/, [{ do: 'cancel' }]],
    [
      'category',
      { name: HOSTILE },
      /Muestras del jardín.*\n.*Contenido del Diván.*\n.*Tesoros del sanctum/,
      [
        { do: 'packageCategory', category: 'FREE_CONTENT' },
        { do: 'packageCategory', category: 'VIP_CONTENT' },
        { do: 'packageCategory', category: 'VIP_PREMIUM' },
        { do: 'cancel' },
      ],
    ],
    [
      'price',
      { name: HOSTILE, category: 'VIP_PREMIUM' },
      /10,50.*⏭ Omitir.*gratuito/,
      [{ do: 'packageSkip' }, { do: 'cancel' }],
    ],
    [
      'description',
      { name: HOSTILE, category: 'VIP_PREMIUM', price: null },
      /1000 caracteres.*⏭ Omitir/,
      [{ do: 'packageSkip' }, { do: 'cancel' }],
    ],
    [
      'photo',
      { name: HOSTILE, category: 'VIP_PREMIUM', price: '10.00', description: 'Hola <amigo>' },
      /una foto.*⏭ Omitir/,
      [{ do: 'packageSkip' }, { do: 'cancel' }],
    ],
  ];
  for (const [index, [step, draft, expects, actions]] of steps.entries()) {
    const r = draw({ kind: 'packageWizard', step, draft });
    assert.match(r.text, expects, step);
    assert.match(r.text, new RegExp(`paso ${index + 1} de 5`));
    assert.equal(adminActions(r.buttons), actions, step);
    if (draft.name) assert.ok(r.text.includes(HOSTILE_ESCAPED), r.text);
    assert.not.match(r.text, /⚠️/, `${step}: no problem, no warning`);
  }
  const priceSkipped = draw({
    kind: 'packageWizard',
    step: 'description',
    draft: { name: 'Oro', category: 'FREE_CONTENT', price: null },
  });
  assert.match(priceSkipped.text, /Precio: acceso gratuito/);
  assert.match(priceSkipped.text, /🌸 muestras del jardín/);
  const photoStep = draw({
    kind: 'packageWizard',
    step: 'photo',
    draft: { name: 'Oro', category: 'VIP_CONTENT', price: '12.50', description: 'Hola <amigo>' },
  });
  assert.match(photoStep.text, /12\.50 USD/);
  assert.match(photoStep.text, /Hola &lt;amigo&gt;/);
});

test('package wizard: a refused answer is said first, with what is expected instead', () => {
  const problems: [PackageField, string, RegExp][] = [
    ['name', 'too_long', /^⚠️ .*hasta 200 caracteres/],
    ['name', 'empty', /^⚠️ No he recibido nada.*nombre/],
    ['price', 'not_a_number', /^⚠️ Eso no parece un número.*0 a 99999\.99/],
    ['price', 'too_many_decimals', /^⚠️ .*dos decimales/],
    ['price', 'out_of_range', /^⚠️ .*fuera de los límites/],
    ['description', 'too_long', /^⚠️ .*hasta 1000 caracteres/],
    ['description', 'empty', /^⚠️ .*texto/],
    ['photo', 'not_a_photo', /^⚠️ Eso no es una foto.*envíe una foto/],
    ['name', 'something_new', /^⚠️ No he sabido anotar eso.*nombre/],
  ];
  for (const [step, problem, expects] of problems) {
    const r = draw({ kind: 'packageWizard', step, draft: { name: 'Oro', category: 'VIP_PREMIUM' }, problem });
    assert.match(lead(r.text), expects, `${step} ${problem}`);
    assert.match(r.text, /paso \d de 5/);
    has(r.buttons, { do: 'cancel' });
  }
  const none = draw({ kind: 'packageWizard', step: 'name', draft: {}, problem: '' });
  assert.not.match(none.text, /⚠️/);
});

test('package wizard: the summary lists every answer, skipped ones in words, and asks to create', () => {
  const full = draw({
    kind: 'packageWizard',
    step: 'confirm',
    draft: {
      name: HOSTILE,
      category: 'VIP_PREMIUM',
      price: '30.00',
      description: 'Con <i>misterio</i>',
      photoFileId: 'AgAC',
    },
  });
  assert.ok(full.text.includes(HOSTILE_ESCAPED));
  assert.match(full.text, /💎 tesoros del sanctum/);
  assert.match(full.text, /30\.00 USD/);
  assert.match(full.text, /Con &lt;i&gt;misterio&lt;\/i&gt;/);
  assert.match(full.text, /🖼 adjunta/);
  assert.equal(adminActions(full.buttons), [{ do: 'packageConfirm' }, { do: 'cancel' }]);
  assert.match(has(full.buttons, { do: 'packageConfirm' }).text, /✅ Crear/);

  const skipped = draw({
    kind: 'packageWizard',
    step: 'confirm',
    draft: { name: 'Muestra', category: 'FREE_CONTENT', price: null, description: null, photoFileId: null },
  });
  assert.match(skipped.text, /acceso gratuito/);
  assert.match(skipped.text, /sin descripción/);
  assert.match(skipped.text, /sin imagen/);
});

test('package edit: the current value, what it accepts, ⏭ Quitar where a value may go, cancel', () => {
  const data = { package: pkgDetail({ name: HOSTILE, description: 'Antes <era> así' }) };
  const name = draw({ kind: 'packageEdit', packageId: 4, field: 'name' }, data);
  assert.ok(name.text.split(HOSTILE_ESCAPED).length === 3, 'the name as title and as current value, escaped');
  assert.match(name.text, /hasta 200 caracteres/);
  assert.equal(adminActions(name.buttons), [{ do: 'cancel' }]);

  const price = draw({ kind: 'packageEdit', packageId: 4, field: 'price' }, data);
  assert.match(price.text, /Valor actual: 25\.00 USD/);
  assert.match(price.text, /acceso gratuito/);
  assert.equal(adminActions(price.buttons), [{ do: 'packageSkip' }, { do: 'cancel' }]);
  assert.match(has(price.buttons, { do: 'packageSkip' }).text, /⏭ Quitar/);

  const description = draw({ kind: 'packageEdit', packageId: 4, field: 'description' }, data);
  assert.match(description.text, /Antes &lt;era&gt; así/);
  assert.match(description.text, /sin descripción/);
  has(description.buttons, { do: 'packageSkip' });

  const photo = draw({ kind: 'packageEdit', packageId: 4, field: 'photo' }, data);
  assert.match(photo.text, /🖼 adjunta/);
  assert.match(photo.text, /Envíe una foto/);
  has(photo.buttons, { do: 'packageSkip' });

  const category = draw({ kind: 'packageEdit', packageId: 4, field: 'category' }, data);
  assert.match(category.text, /💎 tesoros del sanctum/);
  assert.equal(adminActions(category.buttons), [
    { do: 'packageCategory', category: 'FREE_CONTENT' },
    { do: 'packageCategory', category: 'VIP_CONTENT' },
    { do: 'packageCategory', category: 'VIP_PREMIUM' },
    { do: 'cancel' },
  ]);
  assert.match(has(category.buttons, { do: 'packageCategory', category: 'VIP_PREMIUM' }).text, /^✓ 💎/);
  assert.not.match(has(category.buttons, { do: 'packageCategory', category: 'FREE_CONTENT' }).text, /✓/);
  hasNot(category.buttons, 'packageSkip');

  const free = draw(
    { kind: 'packageEdit', packageId: 4, field: 'price' },
    { package: pkgDetail({ price: null, description: null, photoFileId: null }) },
  );
  assert.match(free.text, /Valor actual: acceso gratuito/);
  assert.match(
    draw({ kind: 'packageEdit', packageId: 4, field: 'photo' }, { package: pkgDetail({ photoFileId: null }) })
      .text,
    /Valor actual: sin imagen/,
  );
});

test('package edit: a refused answer goes first, with what is expected', () => {
  const data = { package: pkgDetail() };
  const cases: [PackageField, string, RegExp][] = [
    ['name', 'too_long', /^⚠️ .*200 caracteres/],
    ['price', 'too_many_decimals', /^⚠️ .*dos decimales.*USD/],
    ['description', 'too_long', /^⚠️ .*1000 caracteres/],
    ['category', 'use_buttons', /^⚠️ .*botones/],
    ['photo', 'use_buttons', /^⚠️ .*envíe una foto/],
  ];
  for (const [field, problem, expects] of cases) {
    const r = draw({ kind: 'packageEdit', packageId: 4, field, problem }, data);
    assert.match(lead(r.text), expects, `${field} ${problem}`);
    has(r.buttons, { do: 'cancel' });
  }
  const mxn = draw(
    { kind: 'packageEdit', packageId: 4, field: 'price', problem: 'not_a_number' },
    { package: pkgDetail({ currency: 'MXN' }) },
  );
  assert.match(lead(mxn.text), /en MXN/);
});

test('package toggle: yes pauses or reactivates, no returns to the package', () => {
  const active = draw(
    { kind: 'packageConfirmToggle', packageId: 4 },
    { package: pkgDetail({ name: HOSTILE }) },
  );
  assert.ok(active.text.includes(HOSTILE_ESCAPED));
  assert.match(active.text, /pausa/);
  assert.match(has(active.buttons, { do: 'packageToggleConfirm', packageId: 4 }).text, /pausarlo/);
  assert.match(has(active.buttons, { do: 'package', packageId: 4 }).text, /No/);
  const paused = draw(
    { kind: 'packageConfirmToggle', packageId: 4 },
    { package: pkgDetail({ active: false }) },
  );
  assert.match(paused.text, /Devuelvo/);
  assert.match(has(paused.buttons, { do: 'packageToggleConfirm', packageId: 4 }).text, /reactivarlo/);
});

test('interests: filters and categories (current marked), counts, lines, ✅ for pending ones only', () => {
  const items = [
    interest(501, 3, false, { firstName: HOSTILE }),
    interest(502, 3, true),
    interest(503, 7, false, { firstName: '', username: null, packageCategory: 'FREE_CONTENT' }),
  ];
  const r = draw(
    { kind: 'interests', filter: 'all', category: 'any', page: 0, notice: 'interestAttended' },
    { interests: { items, total: 3, page: 0 }, interestCounts: COUNTS },
  );
  assert.match(lead(r.text), /^✅ Interés atendido/);
  assert.ok(r.text.includes(HOSTILE_ESCAPED), r.text);
  assert.match(r.text, /4 por atender · ✅ 9 atendidos · 13 en total/);
  assert.match(r.text, /Persona 502 \(@p502\).*atendido el/);
  assert.match(r.text, /#503.*🌸 Paquete 7/);
  assert.match(r.text, /💎 Paquete 3/);
  for (const f of ['pending', 'attended', 'all'] as const) {
    const b = has(r.buttons, { do: 'interests', filter: f, category: 'any', page: 0 });
    assert.is(b.text.startsWith('✓'), f === 'all', b.text);
  }
  for (const c of ['any', 'FREE_CONTENT', 'VIP_CONTENT', 'VIP_PREMIUM'] as const) {
    const b = has(r.buttons, { do: 'interests', filter: 'all', category: c, page: 0 });
    assert.is(b.text.startsWith('✓'), c === 'any', b.text);
  }
  assert.equal(
    adminActions(r.buttons).filter((a) => a.do === 'interestAttend'),
    [
      { do: 'interestAttend', userId: 501, packageId: 3 },
      { do: 'interestAttend', userId: 503, packageId: 7 },
    ],
  );
  assert.match(
    has(r.buttons, { do: 'interestAttend', userId: 503, packageId: 7 }).text,
    /^✅ #503 · Paquete 7/,
  );
  has(r.buttons, { do: 'home' });
  assert.match(r.text, /Con ✅/);

  const attendedOnly = draw(
    { kind: 'interests', filter: 'attended', category: 'VIP_PREMIUM', page: 0 },
    { interests: { items: [interest(502, 3, true)], total: 1, page: 0 }, interestCounts: COUNTS },
  );
  hasNot(attendedOnly.buttons, 'interestAttend');
  assert.not.match(attendedOnly.text, /Con ✅/);
  assert.match(attendedOnly.text, /Atendidos · 💎 tesoros del sanctum/);
  const current = attendedOnly.buttons.filter(
    (b) =>
      b.action.kind === 'admin' &&
      JSON.stringify(b.action.action) ===
        JSON.stringify({ do: 'interests', filter: 'attended', category: 'VIP_PREMIUM', page: 0 }),
  );
  assert.equal(
    current.map((b) => b.text),
    ['✓ Atendidos', '✓ 💎'],
    'the current filter and the current category, both marked',
  );
  has(attendedOnly.buttons, { do: 'interests', filter: 'pending', category: 'VIP_PREMIUM', page: 0 });
});

test('interests: 10 a page, paging keeps the filter and the category', () => {
  const page = (n: number, count: number) =>
    draw(
      { kind: 'interests', filter: 'pending', category: 'VIP_CONTENT', page: n },
      {
        interests: {
          items: Array.from({ length: count }, (_, i) => interest(600 + n * 10 + i, 2, false)),
          total: 21,
          page: n,
        },
        interestCounts: COUNTS,
      },
    );
  const first = page(0, 10);
  assert.is(adminActions(first.buttons).filter((a) => a.do === 'interestAttend').length, 10);
  has(first.buttons, { do: 'interests', filter: 'pending', category: 'VIP_CONTENT', page: 1 });
  assert.match(first.text, /Página 1 de 3/);
  const middle = page(1, 10);
  has(middle.buttons, { do: 'interests', filter: 'pending', category: 'VIP_CONTENT', page: 0 });
  has(middle.buttons, { do: 'interests', filter: 'pending', category: 'VIP_CONTENT', page: 2 });
  const last = page(2, 1);
  has(last.buttons, { do: 'interests', filter: 'pending', category: 'VIP_CONTENT', page: 1 });
  assert.not.ok(
    adminActions(last.buttons).some((a) => a.do === 'interests' && a.page === 3),
    'no page past the end',
  );
});

test('interests: every filter and category has its empty state, with the filters still there', () => {
  for (const filter of ['pending', 'attended', 'all'] as const) {
    for (const category of ['any', 'FREE_CONTENT', 'VIP_CONTENT', 'VIP_PREMIUM'] as const) {
      const r = draw(
        { kind: 'interests', filter, category, page: 0 },
        { interests: { items: [], total: 0, page: 0 }, interestCounts: COUNTS },
      );
      assert.match(r.text, /13 en total/);
      if (category !== 'any') assert.match(r.text, CATEGORY_WORDS[category]);
      hasNot(r.buttons, 'interestAttend');
      assert.is(adminActions(r.buttons).filter((a) => a.do === 'interests').length, 7);
      has(r.buttons, { do: 'home' });
    }
  }
  const nothing = draw({ kind: 'interests', filter: 'all', category: 'any', page: 0 });
  assert.match(nothing.text, /0 en total/);
  assert.match(nothing.text, /Me interesa/);
});

test('interests: very long names and packages still fit in one message and on buttons', () => {
  const items = Array.from({ length: 10 }, (_, i) =>
    interest(700 + i, 800 + i, false, {
      firstName: `${'<Ñ>'.repeat(60)}${i}`,
      username: 'u'.repeat(32),
      packageName: '&'.repeat(200),
    }),
  );
  const r = draw(
    { kind: 'interests', filter: 'pending', category: 'any', page: 0 },
    { interests: { items, total: 10, page: 0 }, interestCounts: COUNTS },
  );
  assert.is(adminActions(r.buttons).filter((a) => a.do === 'interestAttend').length, 10);
});

test('package notices read as one line under the header', () => {
  for (const notice of ['packageCreated', 'packageUpdated', 'interestAttended'] as const) {
    const r = draw(
      { kind: 'packages', page: 0, notice },
      { packages: { items: [pkg(1)], total: 1, page: 0 } },
    );
    assert.ok(r.text.startsWith(`${HEADER}\n\n`));
    assert.ok(lead(r.text).length > 3, notice);
    assert.is(r.text.split('\n')[3], '', notice);
  }
});

test('every package, interest and content button label fits on a phone', () => {
  const sets: Record<string, string | Record<string, string>>[] = [
    adminPackageButtons,
    adminInterestButtons,
    contentButtons,
    { interestNoticeButton },
  ];
  const labels = sets.flatMap((set) =>
    Object.values(set).flatMap((v): string[] => (typeof v === 'string' ? [v] : Object.values(v))),
  );
  assert.ok(labels.length > 25);
  for (const label of labels) assert.ok([...label].length <= 24, label);
});

// ---------------------------------------------------------------------------------------------
// People of the kingdom (users) and the observations (stats).

function listed(userId: number, over: Partial<UserListItem> = {}): UserListItem {
  return {
    userId,
    username: `u${userId}`,
    firstName: `Persona ${userId}`,
    lastName: null,
    role: 'FREE',
    createdAt: new Date(now - 30 * DAY),
    updatedAt: new Date(now - DAY),
    membership: null,
    ...over,
  };
}

const running = (endsInDays: number, status: MembershipStatus = 'active') => ({
  status,
  planId: 7,
  planName: 'Oro & Plata',
  startedAt: new Date(now - 20 * DAY),
  expiresAt: new Date(now + endsInDays * DAY),
  activeNow: status === 'active' && endsInDays > 0,
});

test('home: people and observations beside the other drawers', () => {
  const r = draw({ kind: 'home' });
  assert.match(has(r.buttons, { do: 'users', filter: 'all', page: 0 }).text, /^👥 Personas/);
  assert.match(has(r.buttons, { do: 'stats' }).text, /^🔭 Observaciones/);
});

test('users: filters (current marked), one line and button per person, find, paging, back home', () => {
  const items = [
    listed(1, { role: 'VIP', firstName: HOSTILE, membership: running(12) }),
    listed(2, { username: null }),
    listed(3, { role: 'ADMIN', firstName: '' }),
    listed(4, { membership: running(-3, 'expired') }),
    ...Array.from({ length: 6 }, (_, i) => listed(10 + i)),
  ];
  const r = draw({ kind: 'users', filter: 'vip', page: 1 }, { users: { items, total: 35, page: 1 } });
  assert.match(has(r.buttons, { do: 'users', filter: 'vip', page: 0 }).text, /^✓ 👑 VIP/);
  assert.is(has(r.buttons, { do: 'users', filter: 'all', page: 0 }).text, 'Todos');
  assert.match(has(r.buttons, { do: 'users', filter: 'free', page: 0 }).text, /^🌸 Gratuitos/);
  assert.match(has(r.buttons, { do: 'userFind' }).text, /^🔎 Buscar/);
  has(r.buttons, { do: 'users', filter: 'vip', page: 0 });
  has(r.buttons, { do: 'users', filter: 'vip', page: 2 });
  has(r.buttons, { do: 'home' });
  assert.is(adminActions(r.buttons).filter((a) => a.do === 'user').length, 10);
  has(r.buttons, { do: 'user', userId: 1 });
  assert.ok(r.text.includes(HOSTILE_ESCAPED));
  assert.match(r.text, /Página 2 de 4/);
  assert.match(r.text, /· 35/);
  assert.match(r.text, /<i>Oro &amp; Plata<\/i> · ⏳ 12 días/);
  assert.match(r.text, /Persona 2 \(#2\)/);
  assert.match(r.text, /@u3.*custodio/);
  assert.match(r.text, /venció el/);
  assert.match(r.text, /sin membresía/);
  const last = draw(
    { kind: 'users', filter: 'all', page: 3 },
    { users: { items: [listed(1)], total: 31, page: 3 } },
  );
  has(last.buttons, { do: 'users', filter: 'all', page: 2 });
  assert.not.ok(adminActions(last.buttons).some((a) => a.do === 'users' && a.page === 4));
  const single = draw(
    { kind: 'users', filter: 'all', page: 0 },
    { users: { items: [listed(1)], total: 1, page: 0 } },
  );
  assert.not.match(single.text, /Página/);
  assert.not.ok(adminActions(single.buttons).some((a) => a.do === 'users' && a.page > 0));
});

test('users: each filter has its own empty words, with find and back', () => {
  const texts = (['all', 'vip', 'free'] as const).map((filter) => {
    const r = draw({ kind: 'users', filter, page: 0 }, { users: { items: [], total: 0, page: 0 } });
    hasNot(r.buttons, 'user');
    has(r.buttons, { do: 'userFind' });
    has(r.buttons, { do: 'home' });
    return r.text;
  });
  assert.is(new Set(texts).size, 3);
  assert.match(draw({ kind: 'users', filter: 'all', page: 0 }).text, /Aún no ha cruzado nadie/);
});

test('users: very long names still fit in one message and on a button', () => {
  const items = Array.from({ length: 10 }, (_, i) =>
    listed(i, { firstName: '&'.repeat(200), membership: running(5) }),
  );
  const r = draw({ kind: 'users', filter: 'all', page: 0 }, { users: { items, total: 10, page: 0 } });
  assert.ok(r.text.length <= 4096);
});

test('user find: asks for an id or @username; not found and empty said first; cancel', () => {
  const r = draw({ kind: 'userFind' });
  assert.match(r.text, /@/);
  assert.match(r.text, /número/);
  assert.equal(adminActions(r.buttons), [{ do: 'cancel' }]);
  const notFound = draw({ kind: 'userFind', problem: 'not_found' });
  assert.match(lead(notFound.text), /^⚠️ No encuentro a nadie/);
  const empty = draw({ kind: 'userFind', problem: 'empty' });
  assert.match(lead(empty.text), /^⚠️ No he recibido nada/);
  assert.is.not(lead(r.text).startsWith('⚠️'), true);
});

const overview = (over: Partial<UserOverview> = {}): AdminViewData => ({
  user: {
    profile: {
      userId: 42,
      username: 'ana',
      firstName: HOSTILE,
      lastName: 'Pérez',
      role: 'VIP',
      createdAt: new Date(now - 40 * DAY),
      updatedAt: new Date(now),
    },
    membership: { ...member(42, 'active', 12), planName: 'Oro & Plata', activeNow: true },
    roleChanges: [
      {
        previousRole: 'FREE',
        newRole: 'VIP',
        changedBy: 0,
        reason: 'Invitación <aceptada>',
        source: 'invitation',
        metadata: {},
        changedAt: new Date(now - DAY),
      },
      {
        previousRole: null,
        newRole: 'FREE',
        changedBy: 0,
        reason: '',
        source: 'start',
        metadata: {},
        changedAt: new Date(now - 30 * DAY),
      },
    ],
    interests: [
      interestOf({ packageName: 'Velada <íntima>', attended: false }),
      interestOf({ packageName: 'Cartas', attended: true }),
    ],
    ...over,
  },
});

function interestOf(over: Partial<InterestView>): InterestView {
  return {
    userId: 42,
    packageId: 4,
    attended: false,
    attendedAt: null,
    attendedBy: null,
    createdAt: new Date(now - 2 * DAY),
    lastInterestAt: new Date(now - DAY),
    packageName: 'Paquete',
    packageCategory: 'VIP_PREMIUM',
    packagePrice: '25.00',
    packageCurrency: 'USD',
    packageActive: true,
    firstName: 'Ana',
    username: 'ana',
    ...over,
  };
}

test('user: profile, membership with days left, role changes, interests; change role, expel, back', () => {
  const r = draw({ kind: 'user', userId: 42 }, overview());
  assert.ok(r.text.includes(`${HOSTILE_ESCAPED} Pérez`));
  assert.match(r.text, /@ana/);
  assert.match(r.text, /Id 42 · rol: VIP/);
  assert.match(r.text, /Oro &amp; Plata/);
  assert.match(r.text, /Le quedan 12 días/);
  assert.match(r.text, /gratuito → VIP · <i>Invitación &lt;aceptada&gt;<\/i>/);
  assert.match(r.text, /recién llegado → gratuito/);
  assert.match(r.text, /Velada &lt;íntima&gt;.*pendiente/);
  assert.match(r.text, /Cartas.*atendido/);
  assert.match(has(r.buttons, { do: 'userRole', userId: 42 }).text, /^🎭 Cambiar rol/);
  assert.match(has(r.buttons, { do: 'userExpel', userId: 42 }).text, /^🚪 Expulsar/);
  has(r.buttons, { do: 'users', filter: 'all', page: 0 });
  const bare = draw(
    { kind: 'user', userId: 42 },
    overview({ membership: null, roleChanges: [], interests: [] }),
  );
  assert.match(bare.text, /Sin membresía/);
  assert.match(bare.text, /Ninguno registrado/);
  assert.match(bare.text, /Aún no ha mostrado interés/);
  const over = draw(
    { kind: 'user', userId: 42 },
    overview({ membership: { ...member(42, 'active', -2), planName: null, activeNow: false } }),
  );
  assert.match(over.text, /vencida/);
  assert.not.match(over.text, /Le quedan/);
});

test('user: refusals read as one line under the header', () => {
  const self = draw({ kind: 'user', userId: 42, refused: 'self' }, overview());
  assert.match(lead(self.text), /^⚠️ .*su propio rol/);
  assert.is(self.text.split('\n')[3], '');
  const only = draw({ kind: 'user', userId: 42, refused: 'super_admin_only' }, overview());
  assert.match(lead(only.text), /^⚠️ Solo el custodio principal/);
  assert.match(lead(only.text), /primero/);
  has(only.buttons, { do: 'userRole', userId: 42 });
});

test('user: notices roleChanged and expelled read as one line under the header', () => {
  for (const notice of ['roleChanged', 'expelled'] as const) {
    const r = draw({ kind: 'user', userId: 42, notice }, overview());
    assert.ok(r.text.startsWith(`${HEADER}\n\n`));
    assert.ok(lead(r.text).length > 3, notice);
    assert.is(r.text.split('\n')[3], '', notice);
  }
  assert.match(lead(draw({ kind: 'user', userId: 42, notice: 'roleChanged' }, overview()).text), /^🎭/);
  assert.match(lead(draw({ kind: 'user', userId: 42, notice: 'expelled' }, overview()).text), /^🚪/);
});

test('user screens: someone the bot never saw is said so, with the way back to the list', () => {
  for (const view of [
    { kind: 'user', userId: 9 },
    { kind: 'userRole', userId: 9 },
    { kind: 'userRoleConfirm', userId: 9, role: 'VIP' },
    { kind: 'userExpelConfirm', userId: 9 },
  ] as const) {
    const r = draw(view, {});
    assert.match(r.text, /No encuentro a esa persona/);
    assert.equal(adminActions(r.buttons), [{ do: 'users', filter: 'all', page: 0 }]);
  }
});

test('user role: FREE, VIP, ADMIN with the current one marked; back to the profile', () => {
  const r = draw({ kind: 'userRole', userId: 42 }, overview());
  const roles = adminActions(r.buttons).filter((a) => a.do === 'userRolePick');
  assert.equal(roles, [
    { do: 'userRolePick', userId: 42, role: 'FREE' },
    { do: 'userRolePick', userId: 42, role: 'VIP' },
    { do: 'userRolePick', userId: 42, role: 'ADMIN' },
  ]);
  assert.match(has(r.buttons, { do: 'userRolePick', userId: 42, role: 'VIP' }).text, /^✓ /);
  assert.not.match(has(r.buttons, { do: 'userRolePick', userId: 42, role: 'FREE' }).text, /^✓ /);
  has(r.buttons, { do: 'user', userId: 42 });
  assert.ok(r.text.includes(HOSTILE_ESCAPED));
  const admin = draw(
    { kind: 'userRole', userId: 42 },
    overview({ profile: { ...overviewProfile(), role: 'ADMIN' } }),
  );
  assert.match(has(admin.buttons, { do: 'userRolePick', userId: 42, role: 'ADMIN' }).text, /^✓ /);
});

const overviewProfile = () => (overview().user as UserOverview).profile;

test('user role confirm: from A to B, yes confirms that role, no returns to the profile', () => {
  const r = draw({ kind: 'userRoleConfirm', userId: 42, role: 'ADMIN' }, overview());
  assert.match(r.text, /¿Cambiar el rol de .* de VIP a custodio\?/);
  assert.ok(r.text.includes(HOSTILE_ESCAPED));
  has(r.buttons, { do: 'userRoleConfirm', userId: 42, role: 'ADMIN' });
  has(r.buttons, { do: 'user', userId: 42 });
  const free = draw({ kind: 'userRoleConfirm', userId: 42, role: 'FREE' }, overview());
  assert.match(free.text, /de VIP a gratuito/);
  const same = draw({ kind: 'userRoleConfirm', userId: 42, role: 'VIP' }, overview());
  assert.match(same.text, /ya es VIP/);
  assert.equal(adminActions(same.buttons), [{ do: 'user', userId: 42 }]);
});

test('user expel confirm: both channels, all or nothing; yes expels, no returns', () => {
  const r = draw({ kind: 'userExpelConfirm', userId: 42 }, overview());
  assert.match(r.text, /Diván/);
  assert.match(r.text, /vestíbulo/);
  assert.match(r.text, /todo o nada/);
  assert.ok(r.text.includes(HOSTILE_ESCAPED));
  has(r.buttons, { do: 'userExpelConfirm', userId: 42 });
  has(r.buttons, { do: 'user', userId: 42 });
});

test('user expel result: done in both, or undone with nothing changed; back to the profile', () => {
  const ok = draw({ kind: 'userExpelResult', userId: 42, ok: true }, overview());
  assert.match(ok.text, /Diván y del vestíbulo/);
  assert.ok(ok.text.includes(HOSTILE_ESCAPED));
  assert.equal(adminActions(ok.buttons), [{ do: 'user', userId: 42 }]);
  const undone = draw({ kind: 'userExpelResult', userId: 42, ok: false }, overview());
  assert.match(undone.text, /segunda/);
  assert.match(undone.text, /deshice la primera/);
  assert.match(undone.text, /Nada ha cambiado/);
  assert.equal(adminActions(undone.buttons), [{ do: 'user', userId: 42 }]);
  const unknown = draw({ kind: 'userExpelResult', userId: 77, ok: true }, {});
  assert.match(unknown.text, /#77/);
});

function stats(over: Partial<Stats> = {}): Stats {
  return {
    vip: { active: 42, expired: 7, expiringIn7Days: 3, newToday: 1, newThisWeek: 6, newThisMonth: 19 },
    free: { pending: 12, approved: 230, averageWaitSeconds: 750 },
    codes: { created: 80, used: 30, expired: 6, available: 40, revoked: 4, conversion: 0.375 },
    revenue: {
      projectedMonthly: '420.00',
      currency: 'mixed',
      byCurrency: [
        { currency: 'USD', projectedMonthly: '420.00', members: 30 },
        { currency: 'MXN', projectedMonthly: '150.00', members: 12 },
      ],
    },
    warnings: [],
    since: {
      today: new Date(now - 9 * 3_600_000),
      week: new Date(now - 4 * DAY),
      month: new Date(now - 26 * DAY),
    },
    computedAt: new Date(now),
    ...over,
  };
}

test('stats: every figure, the wait in minutes, conversion %, revenue per currency, the time; refresh, back', () => {
  const r = draw({ kind: 'stats' }, { stats: stats() });
  assert.match(r.text, /observaciones del reino/);
  assert.match(r.text, /Activos: 42 · vencidos: 7/);
  assert.match(r.text, /7 días: 3/);
  assert.match(r.text, /hoy 1 · esta semana 6 · este mes 19/);
  assert.match(r.text, /Esperan: 12 · aprobadas: 230/);
  assert.match(r.text, /Espera media: 13 minutos/);
  assert.match(r.text, /Creadas: 80 · usadas: 30 · disponibles: 40/);
  assert.match(r.text, /Vencidas: 6 · retiradas: 4/);
  assert.match(r.text, /Conversión: 37,5 %/);
  assert.match(r.text, /420.00 USD · 150.00 MXN/);
  assert.match(r.text, /27 de noviembre de 2026.*09:00/);
  assert.match(r.text, /Nada inquieta/);
  assert.not.match(r.text, /⚠️/);
  assert.not.match(r.text, /recién calculadas/);
  assert.match(r.text, /cada 5 minutos/);
  assert.match(has(r.buttons, { do: 'statsRefresh' }).text, /^🔄 Actualizar/);
  has(r.buttons, { do: 'home' });
  assert.is(r.buttons.length, 2);
});

test('stats: fresh figures are marked as just computed', () => {
  const r = draw({ kind: 'stats', fresh: true }, { stats: stats() });
  assert.match(r.text, /\(recién calculadas\)/);
  assert.not.match(r.text, /cada 5 minutos/);
});

test('stats: each warning in its own words; nothing yet reads as such', () => {
  const warnings = [
    'few_codes',
    'many_expiring',
    'long_queue',
    'vip_channel_missing',
    'free_channel_missing',
  ] as const;
  const r = draw({ kind: 'stats' }, { stats: stats({ warnings: [...warnings] }) });
  const lines = r.text.split('\n').filter((l) => l.startsWith('⚠️ '));
  assert.is(lines.length, 5);
  assert.is(new Set(lines).size, 5);
  assert.match(r.text, /invitaciones/);
  assert.match(r.text, /calibración del reino/);
  assert.not.match(r.text, /Nada inquieta/);
  const empty = draw(
    { kind: 'stats' },
    {
      stats: stats({
        free: { pending: 0, approved: 0, averageWaitSeconds: null },
        codes: { created: 0, used: 0, expired: 0, available: 0, revoked: 0, conversion: null },
        revenue: { projectedMonthly: '0.00', currency: null, byCurrency: [] },
      }),
    },
  );
  assert.match(empty.text, /Espera media: aún sin datos/);
  assert.match(empty.text, /Conversión: aún sin invitaciones/);
  assert.match(empty.text, /Aún sin membresías activas/);
  const quick = draw(
    { kind: 'stats' },
    { stats: stats({ free: { pending: 1, approved: 1, averageWaitSeconds: 20 } }) },
  );
  assert.match(quick.text, /menos de un minuto/);
  const missing = draw({ kind: 'stats' }, {});
  has(missing.buttons, { do: 'statsRefresh' });
});

test('every people and observations button label fits on a phone', () => {
  const labels = [voice.adminUserButtons, voice.adminStatsButtons].flatMap((set) =>
    Object.values(set).flatMap((v): string[] => (typeof v === 'string' ? [v] : Object.values(v))),
  );
  assert.ok(labels.length >= 15);
  for (const label of labels) assert.ok([...label].length <= 24, label);
});

test.run();
