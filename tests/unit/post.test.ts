import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeReaction, parseReaction } from '../../src/adapters/telegram/reaction-callback-data.ts';
import { postMachine as machine, postDefinition, REFRESH_DELAY_MS } from '../../src/machines/post.ts';
import * as answers from '../../src/voice/es/reactions.ts';
import { MachineDriver } from '../helpers/machine-driver.ts';

const T0 = Date.UTC(2026, 0, 1, 12);
const POST_ID = 77;

/**
 * One post actor with a clock, driven as the host drives it: every snapshot goes through JSON
 * and `resolveState`, timers are kept as `actor_timers` rows and fire in due order with `at` =
 * their due time.
 */
class PostDriver extends MachineDriver {
  constructor() {
    super({
      machine,
      input: { postId: POST_ID },
      start: T0,
      checkPlan: (plan) => assert.equal(plan.dbEffects, []),
    });
  }

  react(): void {
    this.send({ type: 'REACTED' });
  }

  /** The moments (ms after T0) at which a refresh was asked for. */
  refreshes(): number[] {
    return this.effects.map(({ at, effect }) => {
      assert.is(effect.type, 'telegram.refreshReactions');
      assert.equal(effect.params, { postId: POST_ID });
      assert.is(effect.replyEvent, null);
      return at - T0;
    });
  }
}

test('the definition names the machine and keys actors by post id', () => {
  assert.is(postDefinition.name, 'post');
  assert.is(postDefinition.version, 1);
  assert.equal(postDefinition.input?.('77'), { postId: 77 });
  assert.is(REFRESH_DELAY_MS, 3_000);
  const p = new PostDriver();
  assert.is(p.state, 'idle');
  assert.equal(p.snapshot.context, { postId: POST_ID });
});

test('a reaction schedules one refresh 3 seconds later', () => {
  const p = new PostDriver();
  p.react();
  assert.is(p.state, 'refreshPending');
  assert.is(p.timers.length, 1);
  assert.is(p.timers[0]?.dueAt, T0 + 3_000);
  assert.is(p.timers[0]?.event.type, 'xstate.after.3000.post.refreshPending');
  p.advance(2_999);
  assert.equal(p.refreshes(), [], 'nothing before the delay');
  p.advance(1);
  assert.equal(p.refreshes(), [3_000]);
  assert.is(p.state, 'idle');
  assert.equal(p.timers, []);
});

test('a burst of reactions while a refresh is pending adds nothing: one refresh', () => {
  const p = new PostDriver();
  for (let i = 0; i < 50; i++) {
    p.react();
    p.advance(50);
  }
  assert.is(p.timers.length <= 1, true, 'never more than one timer');
  p.advance(10_000);
  // 50 reactions over 2.5 s: the first opens the window, the refresh at 3 s covers them all.
  assert.equal(p.refreshes(), [3_000]);
});

test('reactions after a refresh open a new window; a steady stream refreshes at most every 3 s', () => {
  const p = new PostDriver();
  p.react();
  p.advance(3_000);
  p.react();
  p.advance(1_000);
  p.react();
  p.advance(5_000);
  assert.equal(p.refreshes(), [3_000, 6_000]);

  const steady = new PostDriver();
  for (let i = 0; i < 600; i++) {
    steady.react();
    steady.advance(100);
  }
  steady.advance(3_000);
  const moments = steady.refreshes();
  assert.is(moments.length, 20, '60 s of reactions: 20 refreshes, within Telegram’s 20 edits a minute');
  for (let i = 1; i < moments.length; i++) {
    assert.ok((moments[i] as number) - (moments[i - 1] as number) >= 3_000, `gap before refresh ${i}`);
  }
});

test('a pending refresh survives a restart: the snapshot alone says it is pending', () => {
  const p = new PostDriver();
  p.react();
  const stored = JSON.parse(JSON.stringify(machine.getPersistedSnapshot(p.snapshot)));
  assert.equal(stored.value, 'refreshPending');
  assert.equal(stored.context, { postId: POST_ID });
  // The timer row outlives the process; reacting again after the restart schedules nothing new.
  p.react();
  assert.is(p.timers.length, 1);
  p.advance(3_000);
  assert.equal(p.refreshes(), [3_000]);
});

test('a timer event arriving in idle (fired late, after a reset) does nothing', () => {
  const p = new PostDriver();
  p.send({ type: 'xstate.after.3000.post.refreshPending' });
  assert.is(p.state, 'idle');
  assert.equal(p.refreshes(), []);
});

// --- the buttons' data ----------------------------------------------------------------------

test('reaction buttons carry "1:r:<postId>:<index>" and parse back', () => {
  assert.is(encodeReaction(12, 3), '1:r:12:3');
  assert.equal(parseReaction('1:r:12:3'), { postId: 12, index: 3 });
  const largest = encodeReaction(2_147_483_647, 9);
  assert.ok(Buffer.byteLength(largest) <= 64);
  assert.equal(parseReaction(largest), { postId: 2_147_483_647, index: 9 });
  assert.throws(() => encodeReaction(0, 1));
  assert.throws(() => encodeReaction(1, 10));
  assert.throws(() => encodeReaction(1.5, 1));
});

test('anything else is not a reaction: other buttons, forged or malformed data', () => {
  for (const data of [
    '1:nav:home',
    '1:a:h',
    '2:r:12:3',
    '1:r:12',
    '1:r:12:3:4',
    '1:r:012:3',
    '1:r:0:3',
    '1:r:-1:3',
    '1:r:12:10',
    '1:r:12:-1',
    '1:r:1e3:1',
    '1:r: 12:1',
    '1:r:12:1 ',
    '1:r:2147483648:1',
    '1:r:99999999999:1',
    `1:r:12:${'1'.repeat(70)}`,
    '',
  ])
    assert.is(parseReaction(data), undefined, data);
});

// --- the answers to a press ------------------------------------------------------------------

test('reaction answers keep the voice rules and fit a callback notice', () => {
  const tu = /(^|[^\p{L}])(tú|tu|tus|te|ti|contigo|tienes|puedes|haz|quieres|eres|estás)(?=[^\p{L}]|$)/iu;
  const technical = /\b(error|database|base de datos|api|exception|excepción|null|undefined|token|stack)\b/i;
  const all = Object.values(answers);
  assert.is(all.length, 5);
  for (const m of all) {
    for (const channel of ['vip', 'free'] as const) {
      for (const variant of m.variants) {
        const text = variant.render({ channel });
        assert.ok(text.length > 0 && text.length <= 200, `${m.key}: ${text.length} characters`);
        assert.not.ok(text.includes('\n') || /<\/?[a-z]/.test(text), `${m.key}: one plain line`);
        assert.not.ok(tu.test(text), `${m.key}: ${text}`);
        assert.not.ok(technical.test(text), `${m.key}: ${text}`);
      }
    }
  }
  assert.match(answers.reactionRecorded.variants[0]?.render({ channel: 'vip' }) ?? '', /👑$/);
  assert.match(answers.reactionRecorded.variants[0]?.render({ channel: 'free' }) ?? '', /🌸$/);
});

test.run();
