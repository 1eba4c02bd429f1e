import { getShortestPaths, getSimplePaths } from '@xstate/graph';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AnyMachineSnapshot } from 'xstate';
import {
  type FreeAccessContext,
  type FreeAccessEvent,
  freeAccessDefinition,
  freeAccessMachine as machine,
} from '../../src/machines/free-access.ts';
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
const FREE = -1001234567890;
const OTHER = -1009876543210;
const WAIT = 10 * MINUTE;
const ANTI_SPAM = 30 * MINUTE;

const ATTEMPT = 'xstate.after.untilAttempt.freeAccess.waiting';

type Snapshot = AnyMachineSnapshot & { context: FreeAccessContext };
type Sendable = SendableOf<FreeAccessEvent>;

const joinRequest = (waitMs = WAIT, antiSpamMs = ANTI_SPAM): Sendable => ({
  type: 'JOIN_REQUESTED',
  chatId: FREE,
  firstName: 'Ana',
  waitMs,
  antiSpamMs,
});
const approved = (outcome: 'approved' | 'already_member' | 'request_missing' = 'approved'): Sendable => ({
  type: 'APPROVED',
  ok: true,
  result: { outcome },
});
const approvalRefused: Sendable = {
  type: 'APPROVED',
  ok: false,
  error: 'Bad Request: not enough rights to manage join requests',
};
const otherChat: Sendable = { type: 'OTHER_CHAT_REQUESTED', chatId: OTHER };
const approveNow: Sendable = { type: 'APPROVE_NOW' };

const approve = {
  type: 'telegram.approveJoinRequest',
  params: { userId: USER, chatId: FREE },
  replyEvent: 'APPROVED',
};
const decline = (chatId = FREE) => ({
  type: 'telegram.declineJoinRequest',
  params: { userId: USER, chatId },
  replyEvent: null,
});

// ---------------------------------------------------------------------------------------------
// Coverage: which state nodes were entered and which defined transitions were taken, by every
// step of every journey below and by the generated paths of the last test.

const coverage = new MachineCoverage(machine);
/** What the journeys below exercised. */
const byJourneys = coverage.newCoverage();

// ---------------------------------------------------------------------------------------------
// The driver: one person's free-channel requests with a clock. Timers are kept as the host keeps
// its `actor_timers` rows, and `advanceTo` fires them in due order with `at` = their due time.

class Journey extends MachineDriver<Snapshot, Sendable> {
  /** `persist`: every snapshot goes through JSON and `resolveState`, as the runtime does it. */
  constructor(persist = true) {
    super({
      machine,
      input: { userId: USER },
      start: T0,
      persist,
      coverage: { of: coverage, into: byJourneys },
      checkPlan: (plan) => {
        for (const say of plan.outbound.filter((e) => e.type === 'telegram.say')) {
          assert.is(say.replyEvent, null, 'nothing waits for a message');
        }
      },
      checkTimers: (timers) => assert.ok(timers.length <= 1, 'at most the next approval attempt is pending'),
    });
  }

  /** A request now, its wait, and Telegram's answer to the approval. */
  toApproved(waitMs = WAIT, antiSpamMs = ANTI_SPAM): this {
    this.send(joinRequest(waitMs, antiSpamMs));
    this.advance(waitMs);
    assert.is(this.state, 'approving');
    this.send(approved());
    assert.is(this.state, 'idle');
    return this;
  }
}

const syncOf = (status: string, requestedAt: number, readyAt: number, decidedAt: number | null) => ({
  type: 'db.freeRequest.sync',
  params: { userId: USER, chatId: FREE, status, requestedAt, readyAt, decidedAt },
  replyEvent: null,
});

// ---------------------------------------------------------------------------------------------

test('the definition names the machine and keys actors by Telegram user id', () => {
  assert.is(freeAccessDefinition.name, 'freeAccess');
  assert.is(freeAccessDefinition.version, 1);
  assert.is(freeAccessDefinition.machine, machine);
  assert.equal(freeAccessDefinition.input?.('4242'), { userId: 4242 });
  assert.is(new Journey().state, 'idle');
});

test('a request is welcomed, waits its time, is approved at the end of the wait and told so', () => {
  const j = new Journey();
  const request = j.send(joinRequest());
  assert.is(j.state, 'waiting');
  assert.equal(request.plan.outbound, [
    {
      type: 'telegram.say',
      params: {
        userId: USER,
        say: 'free.welcome',
        params: { waitMinutes: 10 },
        keyboard: 'free.socials',
      },
      replyEvent: null,
    },
  ]);
  assert.equal(request.plan.dbEffects, [syncOf('pending', T0, T0 + WAIT, null)]);
  assert.equal(request.plan.timers, [{ sendId: ATTEMPT, event: { type: ATTEMPT }, delayMs: WAIT }]);
  assert.is(j.context.lastRequestAt, T0);

  assert.equal(j.advanceTo(T0 + WAIT - 1), [], 'nothing before the wait is over');
  assert.is(j.state, 'waiting');
  const due = j.advanceTo(T0 + WAIT);
  assert.is(j.state, 'approving');
  assert.equal(due.length, 1);
  assert.equal(due[0]?.plan.outbound, [approve]);
  assert.equal(due[0]?.plan.dbEffects, [], 'still pending while Telegram answers');

  j.advance(2_000);
  const done = j.send(approved());
  assert.is(j.state, 'idle');
  assert.equal(summary(done.plan.outbound), ['free.approved[free.enter]']);
  assert.equal(done.plan.outbound[0]?.params, { userId: USER, say: 'free.approved', keyboard: 'free.enter' });
  assert.equal(done.plan.dbEffects, [syncOf('approved', T0, T0 + WAIT, T0 + WAIT + 2_000)]);
  assert.equal(j.timers, []);
  assert.equal(j.advance(30 * 24 * HOUR), [], 'nothing is left to fire');
});

test('the approval never waits for a message: no say carries a reply, none shares its step', () => {
  const j = new Journey().toApproved();
  const approving = j.steps.find((s) => s.plan.outbound.some((e) => e.type === approve.type));
  assert.ok(approving);
  assert.equal(summary(approving.plan.outbound), ['telegram.approveJoinRequest']);
  assert.equal(
    j.outboundSince(0).filter((e) => e.replyEvent !== null),
    [approve],
    'only the approval answers back',
  );
});

test('the wait comes from the request: a changed wait applies to new requests only', () => {
  const j = new Journey();
  const first = j.send(joinRequest(90_000));
  assert.equal(saidParams(first), { waitMinutes: 2 }, 'minutes rounded up');
  assert.is(delayOf(first, ATTEMPT), 90_000);
  // The setting changes to an hour; the person withdraws and asks again: declined, wait unchanged.
  const again = j.send({ ...joinRequest(HOUR), at: T0 + MINUTE });
  assert.equal(summary(again.plan.outbound), ['telegram.declineJoinRequest', 'free.duplicate']);
  assert.is(j.timer(ATTEMPT)?.dueAt, T0 + 90_000);
  j.advanceTo(T0 + 90_000);
  j.send(approved());
  j.advanceTo(T0 + 2 * HOUR);
  const next = j.send(joinRequest(HOUR));
  assert.equal(saidParams(next), { waitMinutes: 60 });
  assert.is(j.timer(ATTEMPT)?.dueAt, T0 + 3 * HOUR);
  assert.equal(next.plan.dbEffects, [syncOf('pending', T0 + 2 * HOUR, T0 + 3 * HOUR, null)]);

  const none = new Journey();
  const immediate = none.send(joinRequest(-5, ANTI_SPAM));
  assert.equal(saidParams(immediate), { waitMinutes: 0 }, 'a negative wait is none');
  assert.is(delayOf(immediate, ATTEMPT), 0);
  assert.equal(summary(none.advance(0).flatMap((s) => s.plan.outbound)), ['telegram.approveJoinRequest']);
});

test('a duplicate within the anti-spam window is declined with its message; the first goes on', () => {
  const j = new Journey();
  j.send(joinRequest());
  const timersBefore = structuredClone(j.timers);
  const duplicate = j.send({ ...joinRequest(), at: T0 + 3 * MINUTE });
  assert.is(j.state, 'waiting');
  assert.equal(duplicate.plan.outbound, [
    decline(),
    {
      type: 'telegram.say',
      params: { userId: USER, say: 'free.duplicate', params: { retryAt: T0 + ANTI_SPAM } },
      replyEvent: null,
    },
  ]);
  assert.equal(duplicate.plan.dbEffects, [], 'the pending request is unchanged');
  assert.equal([duplicate.plan.timers, duplicate.plan.cancels], [[], []]);
  assert.equal(j.timers, timersBefore);
  assert.is(j.context.lastRequestAt, T0, 'a declined duplicate does not move the window');
  j.advanceTo(T0 + WAIT);
  assert.is(j.state, 'approving');
  assert.equal(summary(j.send(approved()).plan.outbound), ['free.approved[free.enter]']);

  // Approved, left at once, and asked again within the window of the first request.
  const soon = j.send({ ...joinRequest(), at: T0 + 20 * MINUTE });
  assert.is(j.state, 'idle');
  assert.equal(summary(soon.plan.outbound), ['telegram.declineJoinRequest', 'free.duplicate']);
  assert.equal(saidParams(soon), { retryAt: T0 + ANTI_SPAM });
  const windowOver = j.send({ ...joinRequest(), at: T0 + ANTI_SPAM });
  assert.is(j.state, 'waiting');
  assert.equal(summary(windowOver.plan.outbound), ['free.welcome[free.socials]']);
  assert.is(j.context.lastRequestAt, T0 + ANTI_SPAM);
});

test('a new request after the window but while still waiting is declined until the pending one ends', () => {
  const wait = 24 * HOUR;
  const j = new Journey();
  j.send(joinRequest(wait));
  const again = j.send({ ...joinRequest(wait), at: T0 + 2 * HOUR });
  assert.is(j.state, 'waiting');
  assert.equal(again.plan.outbound[0], decline());
  assert.equal(saidParams(again), { retryAt: T0 + wait }, 'when the pending request ends');
  assert.equal(again.plan.dbEffects, []);
  assert.is(j.timer(ATTEMPT)?.dueAt, T0 + wait);
  j.advanceTo(T0 + wait);
  assert.is(j.state, 'approving');
  // The withdrawn request is gone in Telegram: the approval finds nothing.
  const gone = j.send(approved('request_missing'));
  assert.is(j.state, 'idle');
  assert.equal(gone.plan.outbound, []);
  const back = j.send(joinRequest(wait));
  assert.is(j.state, 'waiting');
  assert.equal(summary(back.plan.outbound), ['free.welcome[free.socials]']);
});

test('a duplicate while Telegram answers the approval is declined too', () => {
  const j = new Journey();
  j.send(joinRequest(WAIT, 5 * MINUTE));
  j.advanceTo(T0 + WAIT);
  const late = j.send({ ...joinRequest(WAIT, 5 * MINUTE), at: T0 + WAIT + 1_000 });
  assert.is(j.state, 'approving');
  assert.equal(summary(late.plan.outbound), ['telegram.declineJoinRequest', 'free.duplicate']);
  assert.equal(saidParams(late), { retryAt: T0 + WAIT + 1_000 }, 'any moment now');
});

test('a withdrawn request ends cleanly: no message, the projection says gone', () => {
  const j = new Journey();
  j.send(joinRequest());
  j.advanceTo(T0 + WAIT);
  const missing = j.send({ ...approved('request_missing'), at: T0 + WAIT + 500 });
  assert.is(j.state, 'idle');
  assert.equal(missing.plan.outbound, []);
  assert.equal(missing.plan.dbEffects, [syncOf('gone', T0, T0 + WAIT, T0 + WAIT + 500)]);
  assert.equal(j.timers, []);
  assert.is(j.context.attemptAt, null);
});

test('already a member counts as done: approved, told, and the projection says approved', () => {
  const j = new Journey();
  j.send(joinRequest());
  j.advanceTo(T0 + WAIT);
  const member = j.send(approved('already_member'));
  assert.is(j.state, 'idle');
  assert.equal(summary(member.plan.outbound), ['free.approved[free.enter]']);
  assert.equal(member.plan.dbEffects, [syncOf('approved', T0, T0 + WAIT, T0 + WAIT)]);
});

test('a failed approval stays pending and is retried every 5 minutes, 3 times, then given up', () => {
  const j = new Journey();
  j.send(joinRequest());
  j.advanceTo(T0 + WAIT);
  const from = j.steps.length;
  for (let retry = 1; retry <= 3; retry++) {
    const failedAt = j.clock + 1_000;
    const failed = j.send({ ...approvalRefused, at: failedAt });
    assert.is(j.state, 'waiting', `failure ${retry}`);
    assert.equal([failed.plan.outbound, failed.plan.dbEffects], [[], []], 'nothing said, still pending');
    assert.is(delayOf(failed, ATTEMPT), 5 * MINUTE);
    assert.is(j.context.failures, retry);
    const again = j.advanceTo(failedAt + 5 * MINUTE);
    assert.is(j.state, 'approving');
    assert.equal(again[0]?.plan.outbound, [approve]);
  }
  const last = j.send(approvalRefused);
  assert.is(j.state, 'idle');
  assert.equal(last.plan.outbound, []);
  assert.equal(last.plan.dbEffects, [syncOf('gone', T0, T0 + WAIT, j.clock)]);
  assert.equal(j.timers, []);
  assert.equal(
    summary(j.outboundSince(from)),
    Array(3).fill('telegram.approveJoinRequest'),
    'four attempts in all',
  );
  assert.equal(
    j.dbSince(from).map((e) => e.params.status),
    ['gone'],
  );
  const next = j.send({ ...joinRequest(), at: j.clock + HOUR });
  assert.is(j.state, 'waiting');
  assert.is(j.context.failures, 0, 'a new request starts with a clean slate');
  assert.equal(summary(next.plan.outbound), ['free.welcome[free.socials]']);
});

test('a retry that succeeds approves as usual, with the wait as it was promised', () => {
  const j = new Journey();
  j.send(joinRequest());
  j.advanceTo(T0 + WAIT);
  j.send(approvalRefused);
  j.advance(5 * MINUTE);
  const ok = j.send(approved());
  assert.equal(summary(ok.plan.outbound), ['free.approved[free.enter]']);
  assert.equal(ok.plan.dbEffects, [syncOf('approved', T0, T0 + WAIT, T0 + WAIT + 5 * MINUTE)]);
});

test('a join request to another chat is declined and nothing else happens', () => {
  const check = (j: Journey, state: string) => {
    const timersBefore = structuredClone(j.timers);
    const step = j.send(otherChat);
    assert.is(j.state, state);
    assert.equal(step.plan.outbound, [decline(OTHER)]);
    assert.equal([step.plan.dbEffects, step.plan.timers, step.plan.cancels], [[], [], []]);
    assert.equal(j.timers, timersBefore);
  };
  const j = new Journey();
  check(j, 'idle');
  assert.is(j.context.lastRequestAt, null, 'it is no request to the free channel');
  j.send(joinRequest());
  check(j, 'waiting');
  j.advanceTo(T0 + WAIT);
  check(j, 'approving');
  assert.equal(summary(j.send(approved()).plan.outbound), ['free.approved[free.enter]']);
});

test('APPROVE_NOW approves a waiting request at once, wait over or not, and is ignored elsewhere', () => {
  const j = new Journey();
  assert.equal(j.send(approveNow).actions, [], 'nothing to approve');
  j.send(joinRequest(HOUR));
  const now = j.send({ ...approveNow, at: T0 + MINUTE });
  assert.is(j.state, 'approving');
  assert.equal(now.plan.outbound, [approve]);
  assert.equal(now.plan.cancels, [ATTEMPT]);
  assert.equal(j.timers, []);
  assert.equal(j.send(approveNow).actions, [], 'an approval is already under way');
  const done = j.send(approved());
  assert.equal(done.plan.dbEffects, [syncOf('approved', T0, T0 + HOUR, T0 + MINUTE)]);
  assert.equal(j.advance(2 * HOUR), [], 'the cancelled wait never fires');

  // During the pause after a failure, the custodian's word retries at once.
  const retry = new Journey();
  retry.send(joinRequest());
  retry.advanceTo(T0 + WAIT);
  retry.send(approvalRefused);
  assert.is(retry.state, 'waiting');
  assert.equal(retry.send({ ...approveNow, at: T0 + WAIT + MINUTE }).plan.outbound, [approve]);
  assert.is(retry.state, 'approving');
});

test('a timer that fires a little early waits for the rest', () => {
  const j = new Journey();
  j.send(joinRequest());
  j.timers = [];
  const early = j.send({ type: ATTEMPT, at: T0 + WAIT - 50 });
  assert.is(j.state, 'waiting');
  assert.equal(early.plan.outbound, []);
  assert.is(delayOf(early, ATTEMPT), 50);
  assert.equal(j.advance(50)[0]?.plan.outbound, [approve]);
});

test('after leaving, the person may ask again: a second full cycle', () => {
  const j = new Journey().toApproved();
  j.advanceTo(T0 + 3 * 24 * HOUR);
  const from = j.steps.length;
  j.toApproved(20 * MINUTE);
  assert.equal(summary(j.outboundSince(from)), [
    'free.welcome[free.socials]',
    'telegram.approveJoinRequest',
    'free.approved[free.enter]',
  ]);
  const second = T0 + 3 * 24 * HOUR;
  assert.equal(j.dbSince(from), [
    syncOf('pending', second, second + 20 * MINUTE, null),
    syncOf('approved', second, second + 20 * MINUTE, second + 20 * MINUTE),
  ]);
  assert.is(j.context.lastRequestAt, second);
});

/** One long journey through every state, with duplicates, failures and other chats. */
function longJourney(j: Journey): string[] {
  j.send(otherChat);
  j.send(approveNow);
  j.send(joinRequest());
  j.send({ ...joinRequest(HOUR), at: j.clock + MINUTE });
  j.advance(WAIT);
  j.send(approvalRefused);
  j.send(otherChat);
  j.advance(5 * MINUTE);
  j.send(approved('already_member'));
  j.send(joinRequest());
  j.advance(HOUR);
  j.send(joinRequest(2 * HOUR));
  j.send({ ...joinRequest(), at: j.clock + 40 * MINUTE });
  j.send({ ...approveNow, at: j.clock + MINUTE });
  j.send(approved('request_missing'));
  j.advance(HOUR);
  j.toApproved(0);
  return j.steps.map(stepLine);
}

test('snapshots persisted and restored between every event continue identically', () => {
  const live = new Journey(false);
  const restored = new Journey(true);
  assert.equal(longJourney(restored), longJourney(live));
  assert.is(restored.state, 'idle');
  assert.equal(restored.snapshot.context, live.snapshot.context);
  assert.equal(restored.timers, live.timers);
  const persisted = JSON.parse(JSON.stringify(machine.getPersistedSnapshot(live.snapshot)));
  assert.equal(persisted.context, live.context, 'the context is plain JSON');
  assert.ok(
    live.steps.some((s) => s.event === ATTEMPT),
    'the journey went through timers',
  );
});

// ---------------------------------------------------------------------------------------------

/** Representative events for a state, each at a plausible time after the state's `now`. */
function sampleEvents(snapshot: Snapshot): FreeAccessEvent[] {
  const { now, attemptAt } = snapshot.context;
  const at = now + MINUTE;
  const request = joinRequest() as Omit<Extract<FreeAccessEvent, { type: 'JOIN_REQUESTED' }>, 'at'>;
  const timers =
    attemptAt === null
      ? []
      : [
          { type: ATTEMPT, at: attemptAt },
          { type: ATTEMPT, at: attemptAt - 1 },
        ];
  return [
    { ...request, at },
    { ...request, at: now + 2 * HOUR },
    { type: 'OTHER_CHAT_REQUESTED', chatId: OTHER, at },
    { type: 'APPROVE_NOW', at },
    ...(['approved', 'already_member', 'request_missing'] as const).map((outcome) => ({
      type: 'APPROVED' as const,
      ok: true,
      result: { outcome },
      at,
    })),
    { type: 'APPROVED', ok: false, error: 'refused', at },
    { type: 'LEGACY_IMPORTED', chatId: FREE, requestedAt: now - MINUTE, waitMs: WAIT, at },
    ...(timers as unknown as FreeAccessEvent[]),
  ];
}

test('every state and transition of the freeAccess machine is exercised', () => {
  const options = {
    input: { userId: USER },
    events: sampleEvents as never,
    // The shape of the state, not its times: keeps the simple paths few.
    serializeState: ((s: Snapshot) =>
      JSON.stringify([s.value, s.context.failures, s.context.lastRequestAt !== null])) as never,
  };
  const paths = [...getShortestPaths(machine, options), ...getSimplePaths(machine, options)];
  const byPaths = coverage.newCoverage();
  coverage.recordPaths(paths, byPaths);
  coverage.assertCovered(byJourneys, byPaths, paths.length);
});

test.run();
