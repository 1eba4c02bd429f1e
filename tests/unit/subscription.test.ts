import { getShortestPaths, getSimplePaths } from '@xstate/graph';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AnyMachineSnapshot } from 'xstate';
import {
  DAY_MS as DAY,
  subscriptionMachine as machine,
  type SubscriptionContext,
  type SubscriptionEvent,
  subscriptionDefinition,
} from '../../src/machines/subscription.ts';
import { MachineCoverage } from '../helpers/machine-coverage.ts';
import {
  delayOf,
  MachineDriver,
  type Sendable as SendableOf,
  saidParams,
  stepLine,
  summary,
} from '../helpers/machine-driver.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1, 12);
const USER = 4242;
const ADMIN = 9001;
const LINK = 'https://t.me/+firstKey';

const EXPIRY = {
  ritual: 'xstate.after.untilExpiry.subscription.ritual',
  readmitting: 'xstate.after.untilExpiry.subscription.readmitting',
  active: 'xstate.after.untilExpiry.subscription.active',
} as const;
const REMINDER = 'xstate.after.untilReminder.subscription.active.reminding';

type Snapshot = AnyMachineSnapshot & { context: SubscriptionContext };
type Sendable = SendableOf<SubscriptionEvent>;

const redeemed = (days = 30, leads = [3 * DAY, DAY]): Sendable => ({
  type: 'REDEEMED',
  planId: 7,
  planName: 'Mensual',
  days,
  code: 'CODE-abcdefghijklmnop',
  firstName: 'Ana',
  reminderLeadsMs: leads,
});
const inviteOk = (inviteLink = LINK): Sendable => ({
  type: 'INVITE_CREATED',
  ok: true,
  result: { inviteLink },
});
const inviteRefused: Sendable = {
  type: 'INVITE_CREATED',
  ok: false,
  error: 'Bad Request: not enough rights',
};
const next = (step: 1 | 2 | 3): Sendable => ({ type: 'RITUAL_NEXT', step });

// ---------------------------------------------------------------------------------------------
// Coverage: which state nodes were entered and which defined transitions were taken, by every
// step of every journey below and by the generated paths of the last test.

const coverage = new MachineCoverage(machine);
/** What the journeys below exercised. */
const byJourneys = coverage.newCoverage();

// ---------------------------------------------------------------------------------------------
// The driver: one person's subscription with a clock. Timers are kept as the host keeps its
// `actor_timers` rows, and `advanceTo` fires them in due order with `at` = their due time.

class Journey extends MachineDriver<Snapshot, Sendable> {
  /** `persist`: every snapshot goes through JSON and `resolveState`, as the runtime does it. */
  constructor(persist = true) {
    super({
      machine,
      input: { userId: USER },
      start: T0,
      persist,
      coverage: { of: coverage, into: byJourneys },
      checkTimers: (timers) =>
        assert.ok(timers.length <= 2, 'at most the expiry and one reminder are pending'),
    });
  }

  /** Redemption at the current time, the ritual an hour later, the link right after. */
  toActive(days = 30, leads?: number[]): this {
    this.send(redeemed(days, leads));
    this.advance(HOUR);
    for (const step of [1, 2, 3] as const) this.send(next(step));
    this.send(inviteOk());
    assert.is(this.state, this.context.reminderDueAt === null ? 'active.quiet' : 'active.reminding');
    return this;
  }
}
// ---------------------------------------------------------------------------------------------

test('the definition names the machine and keys actors by Telegram user id', () => {
  assert.is(subscriptionDefinition.name, 'subscription');
  assert.is(subscriptionDefinition.version, 1);
  assert.equal(subscriptionDefinition.input?.('4242'), { userId: 4242 });
  assert.is(new Journey().state, 'none');
});

test('a redemption starts the ritual, and the membership time runs from it', () => {
  const j = new Journey();
  const step = j.send(redeemed(30));
  assert.is(j.state, 'ritual.step1');
  assert.equal(summary(step.plan.outbound), ['vip.redeemed', 'vip.ritual.step1[ritual.step1]']);
  assert.equal(step.plan.outbound[0]?.params, {
    userId: USER,
    say: 'vip.redeemed',
    params: { planName: 'Mensual', days: 30, expiresAt: T0 + 30 * DAY },
  });
  assert.equal(step.plan.dbEffects, [
    {
      type: 'db.membership.sync',
      params: {
        userId: USER,
        planId: 7,
        status: 'ritual',
        startedAt: T0,
        expiresAt: T0 + 30 * DAY,
        ritualStep: 1,
      },
      replyEvent: null,
    },
  ]);
  assert.equal(step.plan.timers, [
    { sendId: EXPIRY.ritual, event: { type: EXPIRY.ritual }, delayMs: 30 * DAY },
  ]);
  assert.is(j.context.startedAt, T0);
  assert.is(j.context.now, T0);
});

test('the ritual goes step by step: stale presses are ignored, /start repeats the step', () => {
  const j = new Journey();
  j.send(redeemed());
  for (const stale of [2, 3] as const) {
    const step = j.send(next(stale));
    assert.is(j.state, 'ritual.step1');
    assert.equal(step.actions, []);
  }
  assert.equal(summary(j.send({ type: 'RESUME' }).plan.outbound), ['vip.ritual.step1[ritual.step1]']);
  const second = j.send(next(1));
  assert.is(j.state, 'ritual.step2');
  assert.equal(summary(second.plan.outbound), ['vip.ritual.step2[ritual.step2]']);
  assert.is(second.plan.dbEffects[0]?.params.ritualStep, 2);
  assert.equal(j.send(next(1)).actions, [], 'a repeated press of step 1');
  assert.equal(summary(j.send({ type: 'RESUME' }).plan.outbound), ['vip.ritual.step2[ritual.step2]']);
  assert.equal(summary(j.send(next(2)).plan.outbound), ['vip.ritual.step3[ritual.step3]']);
  assert.equal(summary(j.send({ type: 'RESUME' }).plan.outbound), ['vip.ritual.step3[ritual.step3]']);
  const confirm = j.send(next(3));
  assert.is(j.state, 'ritual.creatingLink');
  assert.equal(confirm.plan.outbound, [
    { type: 'telegram.createVipInvite', params: { userId: USER }, replyEvent: 'INVITE_CREATED' },
  ]);
  assert.equal(j.send(next(3)).actions, [], 'a double press while the link is made');
  assert.equal(j.send({ type: 'RESUME' }).actions, []);
});

test('a refused link goes back to step 3; pressing again retries; the role becomes VIP only with the link', () => {
  const j = new Journey();
  j.send(redeemed());
  for (const step of [1, 2, 3] as const) j.send(next(step));
  const refused = j.send(inviteRefused);
  assert.is(j.state, 'ritual.step3');
  assert.equal(summary(refused.plan.outbound), ['vip.inviteFailed[ritual.step3]']);
  j.send(next(3));
  assert.is(j.state, 'ritual.creatingLink');
  assert.equal(
    j.dbSince(0).filter((e) => e.type === 'db.role.set'),
    [],
    'no role change during the ritual',
  );
  j.clock += 5 * MINUTE;
  const ok = j.send(inviteOk('https://t.me/+key2'));
  assert.is(j.state, 'active.reminding');
  assert.equal(ok.plan.outbound[0]?.params, {
    userId: USER,
    say: 'vip.inviteLink',
    params: { inviteLink: 'https://t.me/+key2', expiresAt: T0 + 30 * DAY },
    keyboard: 'vip.join',
  });
  assert.equal(ok.plan.dbEffects, [
    {
      type: 'db.role.set',
      params: {
        userId: USER,
        role: 'VIP',
        reason: 'VIP_ENTRY_COMPLETED',
        changedBy: 0,
        source: 'subscription',
        metadata: { planId: 7 },
      },
      replyEvent: null,
    },
    {
      type: 'db.membership.sync',
      params: {
        userId: USER,
        planId: 7,
        status: 'active',
        startedAt: T0,
        expiresAt: T0 + 30 * DAY,
        ritualStep: null,
      },
      replyEvent: null,
    },
  ]);
  assert.is(j.context.ritualDone, true);
  assert.is(j.context.lastLinkAt, T0 + 5 * MINUTE);
  assert.is(j.context.inviteLink, 'https://t.me/+key2');
});

test('delays are computed from the context the transition has just updated', () => {
  const j = new Journey();
  assert.is(delayOf(j.send(redeemed(30)), EXPIRY.ritual), 30 * DAY);
  j.advance(2 * HOUR);
  for (const step of [1, 2, 3] as const) j.send(next(step));
  const active = j.send(inviteOk());
  assert.is(delayOf(active, EXPIRY.active), 30 * DAY - 2 * HOUR);
  assert.is(delayOf(active, REMINDER), 27 * DAY - 2 * HOUR);
  j.advance(10 * DAY);
  const renewal = j.send(redeemed(30));
  assert.is(delayOf(renewal, EXPIRY.active), 50 * DAY - 2 * HOUR);
  assert.is(delayOf(renewal, REMINDER), 47 * DAY - 2 * HOUR);
  assert.equal(renewal.plan.cancels, [REMINDER, EXPIRY.active]);
});

test('reminders come 3 days and 1 day before expiry; the expiry removes, says farewell and sets FREE', () => {
  const j = new Journey().toActive(30);
  const expiresAt = T0 + 30 * DAY;
  assert.equal(
    j.timers.map((t) => [t.sendId, t.dueAt]),
    [
      [EXPIRY.active, expiresAt],
      [REMINDER, expiresAt - 3 * DAY],
    ],
  );
  const first = j.advanceTo(expiresAt - 2 * DAY);
  assert.equal(first.length, 1);
  assert.equal(first[0]?.plan.outbound[0]?.params, {
    userId: USER,
    say: 'vip.reminder',
    params: { expiresAt, daysLeft: 3, now: expiresAt - 3 * DAY },
  });
  assert.is(j.timer(REMINDER)?.dueAt, expiresAt - DAY);
  const second = j.advanceTo(expiresAt - HOUR);
  assert.equal(summary(second.flatMap((s) => s.plan.outbound)), ['vip.reminder']);
  assert.is(saidParams(second[0])?.daysLeft, 1);
  assert.is(j.state, 'active.quiet');
  assert.equal(
    j.timers.map((t) => t.sendId),
    [EXPIRY.active],
  );
  const end = j.advanceTo(expiresAt);
  assert.is(j.state, 'expired');
  const [expiry] = end;
  assert.ok(expiry);
  assert.equal(summary(expiry.plan.outbound), ['telegram.removeFromVip', 'vip.expired']);
  assert.equal(expiry.plan.outbound[0]?.params, { userId: USER });
  assert.equal(
    expiry.plan.dbEffects.map((e) => e.params),
    [
      {
        userId: USER,
        role: 'FREE',
        reason: 'VIP_EXPIRED',
        changedBy: 0,
        source: 'subscription',
        metadata: { planId: 7 },
      },
      { userId: USER, planId: 7, status: 'expired', startedAt: T0, expiresAt, ritualStep: null },
    ],
  );
  assert.equal(j.timers, []);
  assert.equal(j.advance(60 * DAY), [], 'nothing is left to fire');
});

test('leads already past are skipped: a 2-day plan gets only the 1-day reminder, a 1-day plan none', () => {
  const short = new Journey().toActive(2);
  assert.is(short.timer(REMINDER)?.dueAt, T0 + DAY);
  const fired = short.advanceTo(T0 + 2 * DAY);
  assert.equal(summary(fired.flatMap((s) => s.plan.outbound)), [
    'vip.reminder',
    'telegram.removeFromVip',
    'vip.expired',
  ]);
  const shortest = new Journey().toActive(1);
  assert.is(shortest.state, 'active.quiet');
  assert.equal(
    shortest.timers.map((t) => t.sendId),
    [EXPIRY.active],
  );
  const custom = new Journey().toActive(10, [DAY, 7 * DAY, 7 * DAY, -5]);
  assert.equal(custom.context.reminderLeadsMs, [7 * DAY, DAY], 'unique, positive, longest first');
});

test('a reminder timer that fires a little early is not repeated', () => {
  const j = new Journey().toActive(30);
  const due = j.timer(REMINDER)?.dueAt ?? 0;
  j.timers = j.timers.filter((t) => t.sendId !== REMINDER);
  const early = j.send({ type: REMINDER, at: due - 50 });
  assert.equal(summary(early.plan.outbound), ['vip.reminder']);
  assert.is(saidParams(early)?.daysLeft, 3);
  assert.is(j.timer(REMINDER)?.dueAt, T0 + 29 * DAY, 'the next one is the 1-day reminder');
});

test('renewal while active extends from the current expiry and reschedules every timer', () => {
  const j = new Journey().toActive(30);
  const firstExpiry = T0 + 30 * DAY;
  j.advanceTo(T0 + 10 * DAY);
  const from = j.steps.length;
  const renewal = j.send(redeemed(30));
  assert.is(j.state, 'active.reminding');
  assert.is(j.context.expiresAt, firstExpiry + 30 * DAY);
  assert.is(j.context.startedAt, T0, 'a renewal keeps the start');
  assert.equal(renewal.plan.cancels, [REMINDER, EXPIRY.active]);
  assert.equal(
    j.timers.map((t) => [t.sendId, t.dueAt]),
    [
      [EXPIRY.active, firstExpiry + 30 * DAY],
      [REMINDER, firstExpiry + 27 * DAY],
    ],
  );
  assert.equal(renewal.plan.outbound[0]?.params, {
    userId: USER,
    say: 'vip.renewed',
    params: { expiresAt: firstExpiry + 30 * DAY, days: 30 },
  });
  assert.equal(
    renewal.plan.dbEffects.map((e) => [e.type, e.params.status, e.params.expiresAt]),
    [['db.membership.sync', 'active', firstExpiry + 30 * DAY]],
  );
  // A stale expiry (a job that fired although its row was cancelled) does not expire.
  const stale = j.send({ type: EXPIRY.active, at: firstExpiry });
  assert.is(j.state, 'active.reminding');
  assert.equal(stale.plan.outbound, []);
  assert.is(delayOf(stale, EXPIRY.active), 30 * DAY, 'rescheduled from the stale moment');
  assert.is(j.timer(EXPIRY.active)?.dueAt, firstExpiry + 30 * DAY);
  j.advanceTo(firstExpiry + 30 * DAY);
  assert.is(j.state, 'expired');
  assert.equal(summary(j.outboundSince(from)), [
    'vip.renewed',
    'vip.reminder',
    'vip.reminder',
    'telegram.removeFromVip',
    'vip.expired',
  ]);
});

test('a late renewal, after the expiry moment but before its timer fired, counts from now', () => {
  const j = new Journey().toActive(30);
  j.timers = [];
  j.clock = T0 + 31 * DAY;
  j.send(redeemed(30));
  assert.is(j.context.expiresAt, T0 + 61 * DAY);
});

test('renewal after expiry readmits with a new link, without the ritual', () => {
  const j = new Journey().toActive(30);
  j.advanceTo(T0 + 40 * DAY);
  assert.is(j.state, 'expired');
  const back = j.send(redeemed(15));
  assert.is(j.state, 'readmitting');
  assert.equal(summary(back.plan.outbound), ['vip.renewed', 'telegram.createVipInvite']);
  assert.equal(saidParams(back), { expiresAt: T0 + 55 * DAY, days: 15 });
  assert.equal(
    back.plan.dbEffects.map((e) => e.params),
    [
      {
        userId: USER,
        planId: 7,
        status: 'active',
        startedAt: T0 + 40 * DAY,
        expiresAt: T0 + 55 * DAY,
        ritualStep: null,
      },
    ],
  );
  assert.equal(back.plan.outbound[1]?.replyEvent, 'INVITE_CREATED');
  const refused = j.send(inviteRefused);
  assert.is(j.state, 'readmitting');
  assert.equal(summary(refused.plan.outbound), ['vip.inviteFailed[vip.freshLink]']);
  const retry = j.send({ type: 'FRESH_LINK_REQUESTED' });
  assert.equal(summary(retry.plan.outbound), ['telegram.createVipInvite']);
  assert.equal(
    summary(j.send({ type: 'FRESH_LINK_REQUESTED', at: j.clock + MINUTE }).plan.outbound),
    ['vip.freshLinkTooSoon'],
    'one request at a time',
  );
  const ok = j.send(inviteOk('https://t.me/+again'));
  assert.is(j.state, 'active.reminding');
  assert.equal(summary(ok.plan.outbound), ['vip.inviteLink[vip.join]']);
  assert.equal(
    ok.plan.dbEffects.map((e) => [
      e.type,
      e.params.role ?? e.params.status,
      e.params.reason,
      e.params.changedBy,
    ]),
    [
      ['db.role.set', 'VIP', 'VIP_REDEEMED', 0],
      ['db.membership.sync', 'active', undefined, undefined],
    ],
  );
  const expiredAt = j.steps.findIndex((s) => s.event === EXPIRY.active);
  assert.equal(
    summary(j.outboundSince(expiredAt)).filter((say) => say.startsWith('vip.ritual')),
    [],
    'no ritual the second time',
  );
});

test('a readmission whose link never comes expires without touching the role again', () => {
  const j = new Journey().toActive(30);
  j.advanceTo(T0 + 30 * DAY);
  j.send(redeemed(1));
  j.send(inviteRefused);
  const end = j.advance(DAY);
  assert.is(j.state, 'expired');
  assert.equal(summary(end.flatMap((s) => s.plan.outbound)), ['telegram.removeFromVip', 'vip.expired']);
  assert.equal(
    end.flatMap((s) => s.plan.dbEffects).map((e) => e.type),
    ['db.membership.sync'],
  );
});

test('expiring during the ritual says farewell without a role change; a new code restarts the ritual', () => {
  const j = new Journey();
  j.send(redeemed(1));
  j.send(next(1));
  const end = j.advance(DAY);
  assert.is(j.state, 'expired');
  assert.equal(summary(end.flatMap((s) => s.plan.outbound)), ['telegram.removeFromVip', 'vip.expired']);
  assert.equal(
    end.flatMap((s) => s.plan.dbEffects).map((e) => e.params.status),
    ['expired'],
  );
  const again = j.send(redeemed(30));
  assert.is(j.state, 'ritual.step1');
  assert.equal(summary(again.plan.outbound), ['vip.redeemed', 'vip.ritual.step1[ritual.step1]']);
  assert.is(j.context.startedAt, T0 + DAY, 'a new membership starts anew');
});

test('renewing or extending during the ritual keeps the step and reschedules the expiry', () => {
  const phases = [
    ['ritual.step1', [], 1],
    ['ritual.step2', [1], 2],
    ['ritual.step3', [1, 2], 3],
    ['ritual.creatingLink', [1, 2, 3], 3],
  ] as const;
  for (const [state, presses, ritualStep] of phases) {
    const j = new Journey();
    j.send(redeemed(30));
    for (const press of presses) j.send(next(press));
    j.advance(HOUR);
    const renewal = j.send(redeemed(30));
    assert.is(j.state, state);
    assert.equal(summary(renewal.plan.outbound), ['vip.renewed']);
    assert.equal(renewal.plan.cancels, [EXPIRY.ritual]);
    assert.is(j.timer(EXPIRY.ritual)?.dueAt, T0 + 60 * DAY);
    assert.equal(
      renewal.plan.dbEffects.map((e) => [e.params.ritualStep, e.params.expiresAt]),
      [[ritualStep, T0 + 60 * DAY]],
    );
    const extension = j.send({ type: 'ADMIN_EXTEND', days: 5, adminId: ADMIN });
    assert.is(j.state, state);
    assert.equal(extension.plan.outbound[0]?.params.say, 'vip.extended');
    assert.is(j.timer(EXPIRY.ritual)?.dueAt, T0 + 65 * DAY);
    // A ritual expiry that fires early is scheduled again, from the same step.
    const early = j.send({ type: EXPIRY.ritual, at: T0 + 65 * DAY - 10 });
    assert.is(j.state, state);
    assert.is(delayOf(early, EXPIRY.ritual), 10);
  }
});

test('ADMIN_EXTEND adds days while active and readmits after an expiry with its own reason', () => {
  const j = new Journey().toActive(30);
  const extension = j.send({ type: 'ADMIN_EXTEND', days: 5, adminId: ADMIN });
  assert.is(j.state, 'active.reminding');
  assert.equal(saidParams(extension), { expiresAt: T0 + 35 * DAY, days: 5 });
  assert.equal(
    extension.plan.dbEffects.map((e) => e.type),
    ['db.membership.sync'],
    'no role change for an extension',
  );
  assert.is(j.timer(EXPIRY.active)?.dueAt, T0 + 35 * DAY);
  j.advanceTo(T0 + 36 * DAY);
  assert.is(j.state, 'expired');
  const back = j.send({ type: 'ADMIN_EXTEND', days: 7, adminId: ADMIN });
  assert.is(j.state, 'readmitting');
  assert.equal(summary(back.plan.outbound), ['vip.extended', 'telegram.createVipInvite']);
  assert.is(j.context.expiresAt, T0 + 43 * DAY);
  const ok = j.send(inviteOk());
  assert.equal(ok.plan.dbEffects[0]?.params, {
    userId: USER,
    role: 'VIP',
    reason: 'VIP_EXTENDED',
    changedBy: ADMIN,
    source: 'subscription',
    metadata: { planId: 7 },
  });
});

test('ADMIN_EXTEND after an expiry in the ritual starts the ritual again', () => {
  const j = new Journey();
  j.send(redeemed(1));
  j.advance(DAY);
  const back = j.send({ type: 'ADMIN_EXTEND', days: 3, adminId: ADMIN });
  assert.is(j.state, 'ritual.step1');
  assert.equal(summary(back.plan.outbound), ['vip.extended', 'vip.ritual.step1[ritual.step1]']);
  assert.is(j.timer(EXPIRY.ritual)?.dueAt, T0 + 4 * DAY);
});

test('renewing or extending while readmitting keeps waiting for the link and reschedules', () => {
  const j = new Journey().toActive(30);
  j.advanceTo(T0 + 30 * DAY);
  j.send(redeemed(10));
  const renewal = j.send(redeemed(10));
  assert.is(j.state, 'readmitting');
  assert.equal(summary(renewal.plan.outbound), ['vip.renewed']);
  assert.equal(renewal.plan.cancels, [EXPIRY.readmitting]);
  j.send({ type: 'ADMIN_EXTEND', days: 1, adminId: ADMIN });
  assert.is(j.timer(EXPIRY.readmitting)?.dueAt, T0 + 51 * DAY);
  const early = j.send({ type: EXPIRY.readmitting, at: T0 + 51 * DAY - 5 });
  assert.is(j.state, 'readmitting');
  assert.is(delayOf(early, EXPIRY.readmitting), 5);
  const joined = j.send({ type: 'MEMBER_JOINED', inviteLink: null });
  assert.equal(joined.plan.outbound, [], 'a paid member is welcome even before the link');
  assert.is(j.context.joined, true);
  j.send(inviteOk());
  assert.is(j.state, 'active.quiet', 'five milliseconds left: no reminder is ahead');
  j.advance(5);
  assert.is(j.state, 'expired');
});

test('ADMIN_REVOKE removes the member at once and sets FREE; a new code readmits', () => {
  const j = new Journey().toActive(30);
  j.advance(DAY);
  const revoke = j.send({ type: 'ADMIN_REVOKE', adminId: ADMIN });
  assert.is(j.state, 'revoked');
  assert.equal(summary(revoke.plan.outbound), ['telegram.removeFromVip', 'vip.revoked']);
  assert.equal(
    revoke.plan.dbEffects.map((e) => e.params),
    [
      {
        userId: USER,
        role: 'FREE',
        reason: 'VIP_REVOKED',
        changedBy: ADMIN,
        source: 'subscription',
        metadata: { planId: 7 },
      },
      {
        userId: USER,
        planId: 7,
        status: 'revoked',
        startedAt: T0,
        expiresAt: T0 + 30 * DAY,
        ritualStep: null,
      },
    ],
  );
  assert.equal(j.timers, [], 'reminder and expiry timers are cancelled');
  assert.equal(j.advance(60 * DAY), []);
  assert.equal(j.send({ type: 'ADMIN_REVOKE', adminId: ADMIN }).actions, [], 'revoking twice does nothing');
  j.send(redeemed(30));
  assert.is(j.state, 'readmitting');
  j.send(inviteOk());
  assert.is(j.state, 'active.reminding');
});

test('ADMIN_REVOKE during the ritual or a readmission changes no role', () => {
  const inRitual = new Journey();
  inRitual.send(redeemed());
  const revoke = inRitual.send({ type: 'ADMIN_REVOKE', adminId: ADMIN });
  assert.is(inRitual.state, 'revoked');
  assert.equal(
    revoke.plan.dbEffects.map((e) => e.type),
    ['db.membership.sync'],
  );
  const back = inRitual.send(redeemed(30));
  assert.is(inRitual.state, 'ritual.step1', 'no ritual done yet: it starts again');
  assert.equal(summary(back.plan.outbound), ['vip.redeemed', 'vip.ritual.step1[ritual.step1]']);
  inRitual.send({ type: 'ADMIN_REVOKE', adminId: ADMIN });
  const extended = inRitual.send({ type: 'ADMIN_EXTEND', days: 3, adminId: ADMIN });
  assert.is(inRitual.state, 'ritual.step1');
  assert.equal(summary(extended.plan.outbound), ['vip.extended', 'vip.ritual.step1[ritual.step1]']);

  const readmitting = new Journey().toActive(30);
  readmitting.advanceTo(T0 + 30 * DAY);
  readmitting.send(redeemed());
  const again = readmitting.send({ type: 'ADMIN_REVOKE', adminId: ADMIN });
  assert.is(readmitting.state, 'revoked');
  assert.equal(
    again.plan.dbEffects.map((e) => e.type),
    ['db.membership.sync'],
  );
  const readmitted = readmitting.send({ type: 'ADMIN_EXTEND', days: 3, adminId: ADMIN });
  assert.is(readmitting.state, 'readmitting');
  assert.equal(summary(readmitted.plan.outbound), ['vip.extended', 'telegram.createVipInvite']);
});

test('someone in the VIP channel without a membership is removed and the link revoked', () => {
  const misuse = (j: Journey) => {
    const withLink = j.send({ type: 'MEMBER_JOINED', inviteLink: 'https://t.me/+shared' });
    assert.equal(withLink.plan.outbound, [
      { type: 'telegram.removeFromVip', params: { userId: USER }, replyEvent: null },
      { type: 'telegram.revokeVipInvite', params: { inviteLink: 'https://t.me/+shared' }, replyEvent: null },
    ]);
    const without = j.send({ type: 'MEMBER_JOINED', inviteLink: null });
    assert.equal(summary(without.plan.outbound), ['telegram.removeFromVip']);
    assert.equal([...withLink.plan.dbEffects, ...without.plan.dbEffects], [], 'no role change');
  };
  const none = new Journey();
  misuse(none);
  assert.is(none.state, 'none');
  const ritual = new Journey();
  ritual.send(redeemed());
  ritual.send(next(1));
  misuse(ritual);
  assert.is(ritual.state, 'ritual.step2');
  const expired = new Journey().toActive(1);
  expired.advance(2 * DAY);
  misuse(expired);
  assert.is(expired.state, 'expired');
  const revoked = new Journey().toActive(30);
  revoked.send({ type: 'ADMIN_REVOKE', adminId: ADMIN });
  misuse(revoked);
});

test('members joining and leaving are remembered, without effects', () => {
  const j = new Journey();
  j.send(redeemed());
  for (const step of [1, 2, 3] as const) j.send(next(step));
  assert.equal(
    j.send({ type: 'MEMBER_JOINED', inviteLink: LINK }).plan.outbound,
    [],
    'while the link is made',
  );
  j.send(inviteOk());
  assert.is(j.context.joined, true);
  j.send({ type: 'MEMBER_LEFT' });
  assert.is(j.context.joined, false);
  const back = j.send({ type: 'MEMBER_JOINED', inviteLink: LINK });
  assert.equal([...back.plan.outbound, ...back.plan.dbEffects], []);
  assert.is(j.context.joined, true);
  assert.is(j.state, 'active.reminding');
});

test('a fresh link at most every 10 minutes, and asking for one leaves the timers alone', () => {
  const j = new Journey().toActive(30);
  const linkAt = j.context.lastLinkAt ?? 0;
  const timersBefore = structuredClone(j.timers);
  const early = j.send({ type: 'FRESH_LINK_REQUESTED', at: linkAt + 5 * MINUTE });
  assert.equal(early.plan.outbound[0]?.params, {
    userId: USER,
    say: 'vip.freshLinkTooSoon',
    params: { retryAt: linkAt + 10 * MINUTE, now: linkAt + 5 * MINUTE },
  });
  const asked = j.send({ type: 'FRESH_LINK_REQUESTED', at: linkAt + 10 * MINUTE });
  assert.equal(asked.plan.outbound, [
    { type: 'telegram.createVipInvite', params: { userId: USER }, replyEvent: 'INVITE_CREATED' },
  ]);
  const pending = j.send({ type: 'FRESH_LINK_REQUESTED', at: linkAt + 11 * MINUTE });
  assert.equal(saidParams(pending), {
    retryAt: linkAt + 20 * MINUTE,
    now: linkAt + 11 * MINUTE,
  });
  const ok = j.send(inviteOk('https://t.me/+fresh'));
  assert.equal(summary(ok.plan.outbound), ['vip.inviteLink[vip.join]']);
  assert.is(saidParams(ok)?.inviteLink, 'https://t.me/+fresh');
  assert.is(j.context.lastLinkAt, linkAt + 11 * MINUTE);
  assert.is(j.state, 'active.reminding');
  j.send({ type: 'FRESH_LINK_REQUESTED', at: linkAt + 30 * MINUTE });
  const refused = j.send(inviteRefused);
  assert.equal(summary(refused.plan.outbound), ['vip.inviteFailed[vip.freshLink]']);
  const retry = j.send({ type: 'FRESH_LINK_REQUESTED', at: linkAt + 31 * MINUTE });
  assert.equal(summary(retry.plan.outbound), ['telegram.createVipInvite'], 'a failure does not count');
  for (const step of j.steps.slice(-7)) {
    assert.equal([step.plan.timers, step.plan.cancels], [[], []], `${step.event} touched a timer`);
  }
  assert.equal(j.timers, timersBefore);
});

test('a link that arrives after the membership ended is revoked', () => {
  const j = new Journey().toActive(1);
  j.send({ type: 'FRESH_LINK_REQUESTED', at: j.clock + HOUR });
  j.advance(DAY);
  assert.is(j.state, 'expired');
  const late = j.send(inviteOk('https://t.me/+late'));
  assert.equal(late.plan.outbound, [
    { type: 'telegram.revokeVipInvite', params: { inviteLink: 'https://t.me/+late' }, replyEvent: null },
  ]);
  assert.equal(j.send(inviteRefused).actions, [], 'a refusal needs nothing');
  assert.equal(j.send({ type: 'FRESH_LINK_REQUESTED' }).actions, []);
});

test('events that mean nothing in a state change nothing', () => {
  const none = new Journey();
  for (const event of [
    { type: 'RESUME' },
    next(1),
    { type: 'FRESH_LINK_REQUESTED' },
    { type: 'ADMIN_EXTEND', days: 3, adminId: ADMIN },
    { type: 'ADMIN_REVOKE', adminId: ADMIN },
  ] as Sendable[]) {
    assert.equal(none.send(event).actions, [], event.type);
    assert.is(none.state, 'none');
  }
  const active = new Journey().toActive(30);
  for (const event of [{ type: 'RESUME' }, next(3)] as Sendable[]) {
    assert.equal(active.send(event).actions, [], event.type);
  }
});

/** One long journey through most states, with renewals, reminders and link trouble. */
function longJourney(j: Journey): string[] {
  j.send({ type: 'MEMBER_JOINED', inviteLink: 'https://t.me/+stolen' });
  j.send(redeemed(5));
  j.send(next(2));
  j.send(next(1));
  j.send({ type: 'RESUME' });
  j.send(next(2));
  j.send(next(3));
  j.send(inviteRefused);
  j.send(next(3));
  j.send(inviteOk());
  j.send({ type: 'MEMBER_JOINED', inviteLink: LINK });
  j.advance(DAY);
  j.send(redeemed(3));
  j.send({ type: 'FRESH_LINK_REQUESTED' });
  j.send({ type: 'FRESH_LINK_REQUESTED', at: j.clock + 15 * MINUTE });
  j.send(inviteOk('https://t.me/+fresh'));
  j.advance(20 * DAY);
  j.send({ type: 'MEMBER_LEFT' });
  j.send(redeemed(30));
  j.send(inviteRefused);
  j.send({ type: 'FRESH_LINK_REQUESTED' });
  j.send(inviteOk('https://t.me/+back'));
  j.advance(10 * DAY);
  j.send({ type: 'ADMIN_EXTEND', days: 2, adminId: ADMIN });
  j.advance(5 * DAY);
  j.send({ type: 'ADMIN_REVOKE', adminId: ADMIN });
  j.advance(30 * DAY);
  return j.steps.map(stepLine);
}

test('snapshots persisted and restored between every event continue identically', () => {
  const live = new Journey(false);
  const restored = new Journey(true);
  assert.equal(longJourney(restored), longJourney(live));
  assert.is(restored.state, 'revoked');
  assert.equal(restored.snapshot.context, live.snapshot.context);
  assert.equal(restored.timers, live.timers);
  const persisted = JSON.parse(JSON.stringify(machine.getPersistedSnapshot(live.snapshot)));
  assert.equal(persisted.context, live.context, 'the context is plain JSON');
  assert.ok(
    live.steps.some((s) => s.event === REMINDER),
    'the journey went through reminders',
  );
});

// ---------------------------------------------------------------------------------------------

const afterEventTypes = coverage.transitions
  .map((key) => key.split(' ')[1] as string)
  .filter((type, i, all) => type.startsWith('xstate.after.') && all.indexOf(type) === i);

/** Representative events for a state, each at a plausible time after the state's `now`. */
function sampleEvents(snapshot: Snapshot): SubscriptionEvent[] {
  const { now, expiresAt, reminderDueAt } = snapshot.context;
  const at = now + MINUTE;
  const timers = afterEventTypes.flatMap((type) => {
    const due = type.includes('untilReminder') ? reminderDueAt : expiresAt;
    return due === null
      ? []
      : [
          { type, at: due },
          { type, at: due - 1 },
        ];
  });
  return [
    { ...(redeemed(30) as Omit<Extract<SubscriptionEvent, { type: 'REDEEMED' }>, 'at'>), at },
    { type: 'RESUME', at },
    ...([1, 2, 3] as const).map((step) => ({ type: 'RITUAL_NEXT' as const, step, at })),
    { type: 'INVITE_CREATED', ok: true, result: { inviteLink: LINK }, at },
    { type: 'INVITE_CREATED', ok: false, error: 'refused', at },
    { type: 'MEMBER_JOINED', inviteLink: LINK, at },
    { type: 'MEMBER_JOINED', inviteLink: null, at },
    { type: 'MEMBER_LEFT', at },
    { type: 'FRESH_LINK_REQUESTED', at },
    { type: 'FRESH_LINK_REQUESTED', at: now + 11 * MINUTE },
    { type: 'ADMIN_EXTEND', days: 5, adminId: ADMIN, at },
    { type: 'ADMIN_REVOKE', adminId: ADMIN, at },
    ...([null, 1, 2, 3] as const).flatMap((ritualStep) =>
      (['active', 'expired'] as const).map((status) => ({
        type: 'LEGACY_IMPORTED' as const,
        status,
        ritualStep,
        planId: 7,
        planName: 'Mensual',
        firstName: 'Ana',
        startedAt: now - DAY,
        expiresAt: now + 30 * DAY,
        reminderLeadsMs: [3 * DAY, DAY],
        at,
      })),
    ),
    ...(timers as unknown as SubscriptionEvent[]),
  ];
}

test('every state and transition of the subscription machine is exercised', () => {
  const options = {
    input: { userId: USER },
    events: sampleEvents as never,
    // The shape of the state, not its times or `joined`: keeps the simple paths few (hundreds).
    serializeState: ((s: Snapshot) =>
      JSON.stringify([s.value, s.context.ritualDone, s.context.linkRequestedAt !== null])) as never,
  };
  const paths = [...getShortestPaths(machine, options), ...getSimplePaths(machine, options)];
  const byPaths = coverage.newCoverage();
  coverage.recordPaths(paths, byPaths);
  coverage.assertCovered(byJourneys, byPaths, paths.length);
});

test.run();
