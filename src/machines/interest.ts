import { setup } from 'xstate';
import type { MachineDefinition } from '../runtime/types.ts';

/**
 * After telling the admins about a person's interest in a package, further presses of the
 * same button within this window only thank the person: admins hear once, not once per tap.
 */
export const INTEREST_COOLDOWN_MS = 5 * 60_000;

export interface InterestContext {
  userId: number;
  packageId: number;
}

/**
 * The person pressed "💌 Me interesa" on the package (the runtime adds `at`). Name and
 * username are as Telegram showed them at the press, for the admins' notice.
 */
export type InterestEvent = { type: 'INTERESTED'; at: number; firstName: string; username: string | null };

/** Params of `db.interest.record`: one row per person and package; the domain upserts. */
export interface RecordInterestParams {
  userId: number;
  packageId: number;
}

/** Params of `telegram.say` (the effect the other machines use too). */
export interface InterestSayParams {
  userId: number;
  say: 'content.interestThanks';
}

/** Params of `telegram.notifyAdmins`: the adapter messages every admin about the interest. */
export interface NotifyAdminsParams {
  userId: number;
  packageId: number;
  firstName: string;
  username: string | null;
}

const KEY = /^(\d+)-(\d+)$/;

/** The key of the actor for a person and a package: `interest:<userId>-<packageId>`. */
export function interestKey(userId: number, packageId: number): string {
  return `${userId}-${packageId}`;
}

/** The inverse of `interestKey`; a key of another shape is a programming error. */
export function parseInterestKey(key: string): InterestContext {
  const match = KEY.exec(key);
  const userId = Number(match?.[1]);
  const packageId = Number(match?.[2]);
  if (!Number.isSafeInteger(userId) || !Number.isSafeInteger(packageId)) {
    throw new Error(`not an interest key: "${key}" (expected "<userId>-<packageId>")`);
  }
  return { userId, packageId };
}

const thanks = {
  type: 'telegram.say',
  params: ({ context }: { context: InterestContext }): InterestSayParams => ({
    userId: context.userId,
    say: 'content.interestThanks',
  }),
} as const;

/**
 * One per person and content package (`interest:<userId>-<packageId>`). A press records the
 * interest, thanks the person and tells the admins, then cools down for 5 minutes in which
 * presses are only thanked. The window runs from the notice: presses inside it do not extend
 * it. Pure: the record, the thanks and the notice are effects.
 */
export const interestMachine = setup({
  types: {} as { context: InterestContext; events: InterestEvent; input: InterestContext },
  actions: {
    'db.interest.record': (_, _params: RecordInterestParams) => {},
    'telegram.say': (_, _params: InterestSayParams) => {},
    'telegram.notifyAdmins': (_, _params: NotifyAdminsParams) => {},
  },
}).createMachine({
  id: 'interest',
  // Without input when the runtime builds its inert actor (see conversation.ts).
  context: ({ input }) => ({ userId: input?.userId ?? 0, packageId: input?.packageId ?? 0 }),
  initial: 'idle',
  states: {
    idle: {
      on: {
        INTERESTED: {
          target: 'cooling',
          actions: [
            {
              type: 'db.interest.record',
              params: ({ context }) => ({ userId: context.userId, packageId: context.packageId }),
            },
            thanks,
            {
              type: 'telegram.notifyAdmins',
              params: ({ context, event }) => ({
                userId: context.userId,
                packageId: context.packageId,
                firstName: event.firstName,
                username: event.username,
              }),
            },
          ],
        },
      },
    },
    cooling: {
      // Targetless: the state is not re-entered, so the pending timer is neither cancelled nor restarted.
      on: { INTERESTED: { actions: thanks } },
      after: { [INTEREST_COOLDOWN_MS]: 'idle' },
    },
  },
});

export const interestDefinition: MachineDefinition = {
  name: 'interest',
  version: 1,
  machine: interestMachine,
  input: parseInterestKey,
  // Busy for a few minutes around a press, then quiet for good: no need to cache it long.
  cacheTtlSeconds: 3_600,
};
