import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import type { AdminAction, ConversationEvent, ShowScreenParams } from '../../src/machines/conversation.ts';
import { conversationMachine } from '../../src/machines/conversation.ts';
import { planActions } from '../../src/runtime/actions.ts';

/**
 * Every admin button that only opens a screen: which screen the custodian sees, from a fresh
 * conversation, with nothing written. (The journeys reach only some of them.)
 */
const diana = { userId: 1001, chatId: 1001, firstName: 'Diana', admin: true, superAdmin: true };
const at = Date.UTC(2026, 10, 27, 12);

function press(action: AdminAction): { view: unknown; dbWrites: number; state: unknown } {
  const [start] = initialTransition(conversationMachine, { userId: 1001 }) as [AnyMachineSnapshot, unknown[]];
  const event = { type: 'ADMIN', action, messageId: 10, at, ...diana } as ConversationEvent;
  const [next, actions] = transition(conversationMachine, start as never, event as never) as [
    AnyMachineSnapshot,
    unknown[],
  ];
  const plan = planActions(actions as never);
  const screen = plan.outbound.find((e) => e.type === 'telegram.showScreen')?.params as
    | ShowScreenParams
    | undefined;
  return { view: screen?.view, dbWrites: plan.dbEffects.length, state: next.value };
}

const cases: [AdminAction, unknown][] = [
  [
    { do: 'plans', page: 2 },
    { kind: 'plans', page: 2 },
  ],
  [
    { do: 'plan', planId: 4 },
    { kind: 'plan', planId: 4 },
  ],
  [
    { do: 'planToggle', planId: 4 },
    { kind: 'planConfirmToggle', planId: 4 },
  ],
  [
    { do: 'planDelete', planId: 4 },
    { kind: 'planConfirmDelete', planId: 4 },
  ],
  [{ do: 'invitations' }, { kind: 'invitations' }],
  [
    { do: 'invitationPlans', page: 1 },
    { kind: 'invitationPlan', page: 1 },
  ],
  [
    { do: 'invitationList', filter: 'used', page: 3 },
    { kind: 'invitationList', filter: 'used', page: 3 },
  ],
  [
    { do: 'invitationRevoke', invitationId: 9 },
    { kind: 'invitationConfirmRevoke', invitationId: 9, filter: 'available', page: 0 },
  ],
  [
    { do: 'members', filter: 'expiring', page: 0 },
    { kind: 'members', filter: 'expiring', page: 0 },
  ],
  [
    { do: 'member', userId: 77 },
    { kind: 'member', userId: 77 },
  ],
  [
    { do: 'memberRevoke', userId: 77 },
    { kind: 'memberConfirmRevoke', userId: 77 },
  ],
  [{ do: 'settings' }, { kind: 'settings' }],
  [
    { do: 'freeQueue', filter: 'ready', page: 1 },
    { kind: 'freeQueue', filter: 'ready', page: 1 },
  ],
  [
    { do: 'packages', page: 0 },
    { kind: 'packages', page: 0 },
  ],
  [
    { do: 'package', packageId: 5 },
    { kind: 'package', packageId: 5 },
  ],
  [
    { do: 'packageToggle', packageId: 5 },
    { kind: 'packageConfirmToggle', packageId: 5 },
  ],
  [
    { do: 'interests', filter: 'pending', category: 'any', page: 0 },
    { kind: 'interests', filter: 'pending', category: 'any', page: 0 },
  ],
  [
    { do: 'users', filter: 'vip', page: 1 },
    { kind: 'users', filter: 'vip', page: 1 },
  ],
  [
    { do: 'user', userId: 8 },
    { kind: 'user', userId: 8 },
  ],
  [
    { do: 'userRole', userId: 8 },
    { kind: 'userRole', userId: 8 },
  ],
  [
    { do: 'userExpel', userId: 8 },
    { kind: 'userExpelConfirm', userId: 8 },
  ],
  [{ do: 'stats' }, { kind: 'stats' }],
  [{ do: 'statsRefresh' }, { kind: 'stats', fresh: true }],
  // A step's button once its step is over (no wizard running) leads back to the admin menu.
  [{ do: 'wizardConfirm' }, { kind: 'home' }],
  [{ do: 'invitationCount', count: 10 }, { kind: 'home' }],
];

for (const [action, view] of cases) {
  test(`admin button ${action.do} opens ${(view as { kind: string }).kind} and writes nothing`, () => {
    const result = press(action);
    assert.equal(result.view, view);
    assert.is(result.dbWrites, 0);
    assert.equal(result.state, { admin: 'browsing' });
  });
}

test.run();
