import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import {
  type ConversationEvent,
  conversationDefinition,
  conversationMachine,
} from '../../src/machines/conversation.ts';
import { planActions } from '../../src/runtime/actions.ts';

const who = { userId: 7, chatId: 7, firstName: 'Ana', admin: false };

function run(events: ConversationEvent[]) {
  let [snapshot] = initialTransition(conversationMachine, { userId: 7 }) as [AnyMachineSnapshot, unknown[]];
  const effects: Record<string, unknown>[] = [];
  for (const event of events) {
    const [next, actions] = transition(conversationMachine, snapshot as never, event) as [
      AnyMachineSnapshot,
      unknown[],
    ];
    snapshot = next;
    effects.push(
      ...planActions(actions as never).outbound.map((e) => ({ ...e.params, replyEvent: e.replyEvent })),
    );
  }
  return { snapshot, effects };
}

test('/start greets a newcomer with the home screen as a new message', () => {
  const { snapshot, effects } = run([{ type: 'START', payload: null, ...who }]);
  assert.equal(snapshot.value, { menu: 'home' });
  assert.equal(effects, [
    {
      chatId: 7,
      userId: 7,
      firstName: 'Ana',
      screen: 'home',
      mode: 'send',
      greeting: 'newcomer',
      replyEvent: 'SCREEN_SHOWN',
    },
  ]);
});

test('a returning person and an admin get their own greetings', () => {
  const again = run([
    { type: 'START', payload: null, ...who },
    { type: 'START', payload: null, ...who },
  ]);
  assert.is(again.effects[1]?.greeting, 'returning');
  const admin = run([{ type: 'START', payload: null, ...who, admin: true }]);
  assert.is(admin.effects[0]?.greeting, 'custodian');
});

test('buttons move between screens by editing the same message', () => {
  const { snapshot, effects } = run([
    { type: 'START', payload: null, ...who },
    { type: 'NAVIGATE', screen: 'about', messageId: 55, ...who },
    { type: 'NAVIGATE', screen: 'home', messageId: 55, ...who },
    { type: 'NAVIGATE', screen: 'lucien', messageId: 55, ...who },
  ]);
  assert.equal(snapshot.value, { menu: 'lucien' });
  assert.equal(
    effects.slice(1).map((e) => [e.screen, e.mode, e.messageId]),
    [
      ['about', 'edit', 55],
      ['home', 'edit', 55],
      ['lucien', 'edit', 55],
    ],
  );
});

test('/help without a message to edit sends a new one', () => {
  const { snapshot, effects } = run([{ type: 'NAVIGATE', screen: 'help', messageId: null, ...who }]);
  assert.equal(snapshot.value, { menu: 'help' });
  assert.is(effects[0]?.mode, 'send');
  assert.is(effects[0]?.messageId, undefined);
});

test('free text is answered with a pointer to the menu and moves nothing', () => {
  const { snapshot, effects } = run([
    { type: 'NAVIGATE', screen: 'about', messageId: 3, ...who },
    { type: 'TEXT', text: 'hola', ...who },
  ]);
  assert.equal(snapshot.value, { menu: 'about' });
  assert.is(effects[1]?.screen, 'notUnderstood');
});

test('the shown menu message is remembered; a failed one is not', () => {
  const ok = run([
    { type: 'START', payload: null, ...who },
    { type: 'SCREEN_SHOWN', ok: true, result: { messageId: 99 } },
  ]);
  assert.is(ok.snapshot.context.menuMessageId, 99);
  const failed = run([{ type: 'SCREEN_SHOWN', ok: false }]);
  assert.is(failed.snapshot.context.menuMessageId, null);
});

test('a version 1 snapshot is migrated: the admin fields appear empty and the menu goes on', () => {
  const v1 = {
    status: 'active',
    value: { menu: 'about' },
    context: { userId: 7, visits: 3, menuMessageId: 12 },
  };
  const migrated = conversationDefinition.migrate?.(v1, 1);
  assert.ok(migrated);
  const snapshot = conversationMachine.resolveState(migrated as never);
  assert.is(snapshot.context.visits, 3);
  assert.equal(snapshot.context.invitationList, { filter: 'available', page: 0 });
  const [next] = transition(conversationMachine, snapshot, {
    type: 'NAVIGATE',
    screen: 'home',
    messageId: 12,
    ...who,
  } as never);
  assert.equal(next.value, { menu: 'home' });
  assert.is(
    conversationDefinition.migrate?.(v1, 0),
    undefined,
    'an unknown older version is reset by policy',
  );
});

test.run();
