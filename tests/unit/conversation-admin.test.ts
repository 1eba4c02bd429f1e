import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import type { AdminAction, ConversationEvent, ShowScreenParams } from '../../src/machines/conversation.ts';
import { conversationMachine } from '../../src/machines/conversation.ts';
import { type EffectRequest, planActions } from '../../src/runtime/actions.ts';

const diana = { userId: 1001, chatId: 1001, firstName: 'Diana', admin: true };
const at = Date.UTC(2026, 10, 27, 12);
const problem = (s?: ShowScreenParams) => (s?.view as { problem?: string } | undefined)?.problem;
const kind = (s?: ShowScreenParams) => s?.view?.kind;

/** Drives the conversation like the host does, collecting what it asks for. */
function drive() {
  let [snapshot] = initialTransition(conversationMachine, { userId: 1001 }) as [
    AnyMachineSnapshot,
    unknown[],
  ];
  const log: { screens: ShowScreenParams[]; db: EffectRequest[]; sends: EffectRequest[] } = {
    screens: [],
    db: [],
    sends: [],
  };
  const send = (event: ConversationEvent) => {
    const [next, actions] = transition(conversationMachine, snapshot as never, { ...event, at } as never) as [
      AnyMachineSnapshot,
      unknown[],
    ];
    snapshot = next;
    const plan = planActions(actions as never);
    log.db.push(...plan.dbEffects);
    for (const e of plan.outbound) {
      if (e.type === 'telegram.showScreen') log.screens.push(e.params as unknown as ShowScreenParams);
      else log.sends.push(e);
    }
    return log.screens.at(-1);
  };
  const press = (action: AdminAction, who = diana) => send({ type: 'ADMIN', action, messageId: 10, ...who });
  const type = (text: string, who = diana) => send({ type: 'TEXT', text, ...who });
  return { send, press, type, log, state: () => snapshot.value, context: () => snapshot.context };
}

test('the plan wizard checks each answer, explains what is expected, and creates the plan', () => {
  const c = drive();
  assert.equal(c.press({ do: 'planNew' })?.view, { kind: 'planWizard', step: 'name', draft: {} });
  assert.equal(c.type('   ')?.view, { kind: 'planWizard', step: 'name', draft: {}, problem: 'empty' });
  assert.equal(c.type('x'.repeat(101))?.view?.kind, 'planWizard');
  assert.is(problem(c.log.screens.at(-1)), 'too_long');
  c.type('Oro 👑');
  assert.is(problem(c.type('0')), 'out_of_range');
  assert.is(problem(c.type('3651')), 'out_of_range');
  c.type('30');
  assert.is(problem(c.type('100000')), 'out_of_range');
  c.type('10,50');
  assert.is(problem(c.type('dólares')), 'bad_currency');
  const confirm = c.type('mxn');
  assert.equal(confirm?.view, {
    kind: 'planWizard',
    step: 'confirm',
    draft: { name: 'Oro 👑', days: 30, price: '10.50', currency: 'MXN' },
  });
  assert.equal(c.log.db, [], 'nothing is written before the confirmation');
  c.press({ do: 'wizardConfirm' });
  assert.equal(c.log.db, [
    {
      type: 'db.plan.create',
      params: { name: 'Oro 👑', durationDays: 30, price: '10.50', currency: 'MXN', createdBy: 1001 },
      replyEvent: null,
    },
  ]);
  assert.equal(c.state(), { admin: 'browsing' });
});

test('the wizard can be cancelled at any step and writes nothing', () => {
  for (const answers of [[], ['Oro'], ['Oro', '30'], ['Oro', '30', '10'], ['Oro', '30', '10', 'USD']]) {
    const c = drive();
    c.press({ do: 'planNew' });
    for (const a of answers) c.type(a);
    const shown = c.press({ do: 'cancel' });
    assert.equal(shown?.view, { kind: 'plans', page: 0, notice: 'cancelled' });
    assert.equal(c.log.db, []);
    assert.equal(c.state(), { admin: 'browsing' });
  }
});

test('editing a field validates it and writes only that field', () => {
  const c = drive();
  c.press({ do: 'planEdit', planId: 4, field: 'days' });
  assert.is(problem(c.type('9999')), 'out_of_range');
  c.type('90');
  assert.equal(
    c.log.db.map((e) => e.params),
    [{ planId: 4, field: 'days', value: 90 }],
  );
  assert.equal(c.log.screens.at(-1)?.view, { kind: 'plan', planId: 4, notice: 'planUpdated' });
});

test('an invitation batch: validity and count by button or typed, out of range refused', () => {
  const c = drive();
  c.press({ do: 'invitationNew', planId: 2 });
  assert.is(problem(c.type('366')), 'out_of_range');
  c.press({ do: 'invitationValidity', days: 30 });
  assert.is(problem(c.type('501')), 'out_of_range');
  assert.is(kind(c.press({ do: 'invitationCount', count: 900 })), 'home', 'a forged count is not honoured');
  c.press({ do: 'invitationNew', planId: 2 });
  c.type('7');
  const created = c.type('250');
  assert.equal(c.log.db.at(-1)?.params, { planId: 2, count: 250, validDays: 7, createdBy: 1001, at });
  assert.equal(created?.view, {
    kind: 'invitationsCreated',
    planId: 2,
    createdAt: at,
    count: 250,
    validDays: 7,
  });
});

test('extending and revoking a member are sent to that member subscription', () => {
  const c = drive();
  c.press({ do: 'member', userId: 77 });
  c.press({ do: 'memberExtend', userId: 77 });
  assert.is(problem(c.type('0')), 'out_of_range');
  c.type('15');
  c.press({ do: 'memberRevokeConfirm', userId: 77 });
  assert.equal(
    c.log.sends.map((e) => e.params),
    [
      { to: 'subscription:77', event: { type: 'ADMIN_EXTEND', days: 15, adminId: 1001 } },
      { to: 'subscription:77', event: { type: 'ADMIN_REVOKE', adminId: 1001 } },
    ],
  );
});

test('someone not in ADMIN_IDS gets a polite refusal and nothing happens', () => {
  const c = drive();
  const eve = { ...diana, userId: 5, chatId: 5, admin: false };
  for (const action of [
    { do: 'planNew' },
    { do: 'planDeleteConfirm', planId: 1 },
    { do: 'memberRevokeConfirm', userId: 9 },
  ] as AdminAction[]) {
    assert.equal(c.press(action, eve)?.view, { kind: 'denied' });
  }
  assert.equal(c.log.db, []);
  assert.equal(c.log.sends, []);
  assert.equal(c.state(), { menu: 'home' });
});

test('an admin removed from ADMIN_IDS mid-wizard cannot finish it', () => {
  const c = drive();
  c.press({ do: 'planNew' });
  c.type('Oro');
  c.type('30');
  c.type('10');
  const demoted = { ...diana, admin: false };
  assert.equal(c.type('USD', demoted)?.view, { kind: 'denied' }, 'typed input is refused');
  assert.equal(c.state(), { menu: 'home' });
  assert.equal(c.press({ do: 'wizardConfirm' }, demoted)?.view, { kind: 'denied' });
  assert.equal(c.log.db, []);
});

test('channel setup: a forwarded post is checked, and the outcome shown', () => {
  const c = drive();
  c.press({ do: 'channelSetup', role: 'free' });
  c.send({ type: 'CHANNEL_FORWARDED', channelId: -100123, title: 'Jardín', ...diana });
  assert.equal(c.log.sends.at(-1), {
    type: 'telegram.checkChannel',
    params: { channelId: -100123, title: 'Jardín', role: 'free' },
    replyEvent: 'CHANNEL_CHECKED',
  });
  const refused = c.send({
    type: 'CHANNEL_CHECKED',
    ok: true,
    result: { ok: false, missing: ['can_invite_users'] },
  });
  assert.equal(refused?.view, {
    kind: 'channelSetup',
    role: 'free',
    check: { ok: false, missing: ['can_invite_users'] },
  });
  assert.equal(c.state(), { admin: 'channelSetup' }, 'the admin may forward again');
  const accepted = c.send({ type: 'CHANNEL_CHECKED', ok: true, result: { ok: true, title: 'Jardín' } });
  assert.equal(accepted?.view, { kind: 'channelSetup', role: 'free', check: { ok: true, title: 'Jardín' } });
  assert.equal(c.state(), { admin: 'browsing' });
});

test('a setting is validated before it is saved', () => {
  const c = drive();
  c.press({ do: 'settingEdit', field: 'waitMinutes' });
  assert.is(problem(c.type('2000')), 'out_of_range');
  c.type('15');
  assert.equal(c.log.db.at(-1)?.params, { field: 'waitMinutes', value: 15 });
  c.press({ do: 'settingEdit', field: 'freeReactions' });
  assert.ok(problem(c.type('hola')));
  c.type('🌸 🔥');
  assert.equal(c.log.db.at(-1)?.params, { field: 'freeReactions', value: ['🌸', '🔥'] });
});

test('publishing: a sticker is refused, text becomes a draft, reactions toggle, one publish', () => {
  const c = drive();
  c.press({ do: 'publish' });
  assert.is(
    problem(c.send({ type: 'MEDIA', kind: 'other', caption: '', captionHtml: '', fileId: null, ...diana })),
    'unsupported',
  );
  assert.is(problem(c.type('x'.repeat(4097))), 'too_long');
  const preview = c.send({ type: 'TEXT', text: 'Hola <3', html: 'Hola &lt;3', ...diana });
  assert.equal(preview?.view, {
    kind: 'publishPreview',
    draft: { kind: 'text', text: 'Hola &lt;3' },
    reactions: true,
  });
  const toggled = c.press({ do: 'publishReactions' })?.view as { reactions?: boolean } | undefined;
  assert.is(toggled?.reactions, false);
  c.press({ do: 'publishTo', channel: 'vip' });
  assert.equal(c.log.sends.at(-1)?.params, {
    channel: 'vip',
    draft: { kind: 'text', text: 'Hola &lt;3' },
    reactions: false,
    adminId: 1001,
  });
  assert.is(kind(c.press({ do: 'publishTo', channel: 'vip' })), 'home', 'a second press publishes nothing');
  assert.is(c.log.sends.filter((e) => e.type === 'telegram.publishPost').length, 1);
});

test.run();
