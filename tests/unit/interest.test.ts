import { adjacencyMapToArray, getAdjacencyMap, getShortestPaths, getSimplePaths } from '@xstate/graph';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AnyMachineSnapshot } from 'xstate';
import {
  INTEREST_COOLDOWN_MS,
  type InterestEvent,
  interestDefinition,
  interestKey,
  interestMachine as machine,
  parseInterestKey,
} from '../../src/machines/interest.ts';
import type { EffectRequest } from '../../src/runtime/actions.ts';
import { MachineCoverage } from '../helpers/machine-coverage.ts';
import { MachineDriver } from '../helpers/machine-driver.ts';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1, 12);
const USER = 4242;
const PACKAGE = 17;
const COOLED = 'xstate.after.300000.interest.cooling';

const record: EffectRequest = {
  type: 'db.interest.record',
  params: { userId: USER, packageId: PACKAGE },
  replyEvent: null,
};
const thanks: EffectRequest = {
  type: 'telegram.say',
  params: { userId: USER, say: 'content.interestThanks' },
  replyEvent: null,
};
const notice = (firstName = 'Ana', username: string | null = 'ana_m'): EffectRequest => ({
  type: 'telegram.notifyAdmins',
  params: { userId: USER, packageId: PACKAGE, firstName, username },
  replyEvent: null,
});

// ---------------------------------------------------------------------------------------------
// Coverage: which state nodes were entered and which defined transitions were taken, by every
// step of the drivers below and by the generated paths of the last test.

const coverage = new MachineCoverage(machine);
const byDrivers = coverage.newCoverage();

// ---------------------------------------------------------------------------------------------

/**
 * One (person, package) actor with a clock, driven as the host drives it: every snapshot goes
 * through JSON and `resolveState`, timers are kept as `actor_timers` rows and fire in due order
 * with `at` = their due time.
 */
class InterestDriver extends MachineDriver<
  AnyMachineSnapshot,
  { type: string; at?: number; [key: string]: unknown }
> {
  constructor() {
    super({
      machine,
      input: { userId: USER, packageId: PACKAGE },
      start: T0,
      coverage: { of: coverage, into: byDrivers },
    });
  }

  press(firstName = 'Ana', username: string | null = 'ana_m'): EffectRequest[] {
    const from = this.effects.length;
    this.send({ type: 'INTERESTED', firstName, username });
    return this.effects.slice(from).map((e) => e.effect);
  }

  /** The moments (ms after T0) at which the admins were told. */
  notices(): number[] {
    return this.effects.filter((e) => e.effect.type === 'telegram.notifyAdmins').map((e) => e.at - T0);
  }
}

test('the definition names the machine and keys actors by "<userId>-<packageId>"', () => {
  assert.is(interestDefinition.name, 'interest');
  assert.is(interestDefinition.version, 1);
  assert.is(interestDefinition.machine, machine);
  assert.equal(interestDefinition.input?.('4242-17'), { userId: 4242, packageId: 17 });
  assert.is(interestKey(4242, 17), '4242-17');
  assert.equal(parseInterestKey(interestKey(7_000_000_001, 3)), { userId: 7_000_000_001, packageId: 3 });
  for (const bad of ['4242', '4242-', '-17', '4242-17-1', 'a-17', '4242-1.5', ' 4242-17', ''])
    assert.throws(() => parseInterestKey(bad), /not an interest key/, bad);
  assert.is(INTEREST_COOLDOWN_MS, 5 * MINUTE);
  const i = new InterestDriver();
  assert.is(i.state, 'idle');
  assert.equal(i.snapshot.context, { userId: USER, packageId: PACKAGE });
});

test('the first press records the interest, thanks the person and notifies the admins', () => {
  const i = new InterestDriver();
  assert.equal(i.press(), [record, thanks, notice()]);
  assert.is(i.state, 'cooling');
  assert.equal(i.timers, [{ sendId: COOLED, event: { type: COOLED }, dueAt: T0 + 5 * MINUTE }]);
  i.advance(5 * MINUTE);
  assert.is(i.state, 'idle');
  assert.equal(i.timers, []);
  assert.equal(i.notices(), [0], 'cooling down says nothing');
});

test('a person without a username is announced with null', () => {
  const i = new InterestDriver();
  assert.equal(i.press('Bea', null), [record, thanks, notice('Bea', null)]);
});

test('presses within 5 minutes only thank: no record, no notice, the window is not extended', () => {
  const i = new InterestDriver();
  i.press();
  for (let k = 0; k < 4; k++) {
    i.advance(MINUTE);
    assert.equal(i.press(), [thanks], `press at minute ${k + 1}`);
    assert.is(i.state, 'cooling');
  }
  i.advance(MINUTE - 1);
  assert.equal(i.press('Ana María', 'anita'), [thanks], 'a millisecond before the window ends');
  assert.equal(i.timers, [{ sendId: COOLED, event: { type: COOLED }, dueAt: T0 + 5 * MINUTE }]);
  i.advance(1);
  assert.is(i.state, 'idle', 'the window ran from the first press');
  assert.equal(i.notices(), [0]);
  assert.equal(
    i.effects.filter((e) => e.effect.type === 'db.interest.record').length,
    1,
    'one record for the whole burst',
  );
});

test('after 5 minutes a press records and notifies again, with the name of the moment', () => {
  const i = new InterestDriver();
  i.press();
  i.advance(2 * MINUTE);
  i.press();
  i.advance(3 * MINUTE);
  assert.equal(i.press('Ana María', null), [record, thanks, notice('Ana María', null)]);
  assert.is(i.state, 'cooling');
  i.advance(MINUTE);
  i.press();
  i.advance(7 * MINUTE);
  i.press();
  assert.equal(i.notices(), [0, 5 * MINUTE, 13 * MINUTE]);
  assert.is(i.timers.length, 1);
});

test('cooling survives a restart: the snapshot alone says it, the pending timer ends it', () => {
  const i = new InterestDriver();
  i.press();
  const stored = JSON.parse(JSON.stringify(machine.getPersistedSnapshot(i.snapshot)));
  assert.equal(stored.value, 'cooling');
  assert.equal(stored.context, { userId: USER, packageId: PACKAGE });
  i.advance(MINUTE);
  assert.equal(i.press(), [thanks]);
  i.advance(4 * MINUTE);
  assert.is(i.state, 'idle');
});

test('a cooldown timer arriving in idle (fired late, after a reset) does nothing', () => {
  const i = new InterestDriver();
  i.send({ type: COOLED });
  assert.is(i.state, 'idle');
  assert.equal(i.effects, []);
});

// ---------------------------------------------------------------------------------------------

test('every state and transition of the interest machine is exercised', () => {
  const options = {
    input: { userId: USER, packageId: PACKAGE },
    events: [
      { type: 'INTERESTED', at: T0, firstName: 'Ana', username: 'ana_m' },
      { type: 'INTERESTED', at: T0, firstName: 'Bea', username: null },
      { type: COOLED, at: T0 + INTEREST_COOLDOWN_MS },
    ] as unknown as InterestEvent[],
  };
  const paths = [...getShortestPaths(machine, options), ...getSimplePaths(machine, options)];
  const byPaths = coverage.newCoverage();
  coverage.recordPaths(paths, byPaths);
  // Paths end at a state they have not visited yet, so they never take the edges back to one
  // (the thanks in cooling, the way back to idle): every edge of the reachable graph does.
  const edges = adjacencyMapToArray(getAdjacencyMap(machine, options));
  const byEdges = coverage.newCoverage();
  for (const edge of edges) coverage.record(edge.state, edge.event, byEdges);
  const { ids, transitions: definedTransitions } = coverage;
  assert.equal(
    ids.filter((id) => !byPaths.reached.has(id)),
    [],
    'state nodes the generated paths never enter',
  );
  assert.equal(
    definedTransitions.filter((key) => !byEdges.taken.has(key)),
    [],
    'transitions the generated graph never takes',
  );
  assert.equal(
    definedTransitions.filter((key) => !byDrivers.taken.has(key)),
    [],
    'transitions the driven tests never take',
  );
  assert.is(definedTransitions.length, 3, 'idle INTERESTED, cooling INTERESTED, cooling after');
  console.log(
    `coverage: ${ids.length} state nodes, ${definedTransitions.length} transitions; drivers took ` +
      `${byDrivers.taken.size}, ${paths.length} generated paths took ${byPaths.taken.size}, ` +
      `${edges.length} graph edges took ${byEdges.taken.size}`,
  );
});

test.run();
