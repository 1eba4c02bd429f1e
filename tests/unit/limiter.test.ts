import { Api } from 'grammy';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { limitOutbound, OutboundLimiter } from '../../src/adapters/telegram/limiter.ts';
import { startSandbox } from '../sandbox/harness.ts';

/** A limiter on a hand-driven clock: `advance` moves time and runs the wake-ups that fall due. */
function driven(options: { globalPerSecond: number }) {
  let now = 0;
  let wake: { at: number; run: () => void } | undefined;
  const limiter = new OutboundLimiter({
    ...options,
    now: () => now,
    timers: {
      set: (run, ms) => {
        wake = { at: now + ms, run };
        return wake;
      },
      clear: (handle) => {
        if (wake === handle) wake = undefined;
      },
    },
  });
  const granted: string[] = [];
  // Each message is answered at once (released), as a quick Telegram would.
  const send = (chat: number, label: string) =>
    limiter.acquire(chat).then((release) => {
      granted.push(label);
      release();
    });
  const advance = async (ms: number) => {
    const until = now + ms;
    while (wake && wake.at <= until) {
      now = wake.at;
      const { run } = wake;
      wake = undefined;
      run();
      await Promise.resolve();
    }
    now = until;
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { limiter, granted, send, advance };
}

test('one private chat: a burst of three, then one a second, always in order', async () => {
  const { granted, send, advance } = driven({ globalPerSecond: 25 });
  for (const label of ['a', 'b', 'c', 'd', 'e']) void send(42, label);
  await advance(0);
  assert.equal(granted, ['a', 'b', 'c']);
  await advance(999);
  assert.equal(granted, ['a', 'b', 'c'], 'not before a second has passed');
  await advance(1);
  assert.equal(granted, ['a', 'b', 'c', 'd']);
  await advance(1000);
  assert.equal(granted, ['a', 'b', 'c', 'd', 'e']);
});

test('the global rate holds across chats, and a busy chat does not hold the others back', async () => {
  const { granted, send, advance } = driven({ globalPerSecond: 10 });
  for (let chat = 1; chat <= 15; chat++) void send(chat, `chat${chat}`);
  await advance(0);
  assert.is(granted.length, 10, 'ten at once: the global bucket');
  await advance(500);
  assert.is(granted.length, 15, 'five more within half a second at 10/s');
  assert.equal(
    granted,
    Array.from({ length: 15 }, (_, i) => `chat${i + 1}`),
    'in arrival order',
  );
});

test('a 429 pauses only the chat it concerns, for retry_after', async () => {
  const { limiter, granted, send, advance } = driven({ globalPerSecond: 25 });
  limiter.pause(7, 5_000);
  void send(7, 'paused chat');
  void send(8, 'other chat');
  await advance(0);
  assert.equal(granted, ['other chat']);
  await advance(4_999);
  assert.equal(granted, ['other chat']);
  await advance(1);
  assert.equal(granted, ['other chat', 'paused chat']);
});

test('against the emulator with flood limits on: 120 messages to 40 people, no 429 and none lost', async () => {
  // The emulator's limits are Telegram's: 30/s overall, a burst of 3 then 1/s per private chat.
  const { sandbox, url, close } = await startSandbox({ flood: { enabled: true } });
  try {
    const limited = new Api(sandbox.token, { apiRoot: url });
    const limiter = new OutboundLimiter({ globalPerSecond: 25 });
    limitOutbound(limited, limiter);
    const people = Array.from({ length: 40 }, (_, i) => sandbox.createUser({ first_name: `P${i}` }).id);
    for (const id of people) sandbox.start(id);
    const sends = people.flatMap((id) => [1, 2, 3].map((n) => limited.sendMessage(id, `mensaje ${n}`)));
    const results = await Promise.allSettled(sends);
    const refused = results.filter((r) => r.status === 'rejected');
    assert.is(
      refused.length,
      0,
      `refused: ${refused.map((r) => String((r as PromiseRejectedResult).reason)).join('; ')}`,
    );
    for (const id of people) {
      const texts = sandbox
        .messages(id)
        .filter((m) => m.from?.is_bot)
        .map((m) => m.text);
      assert.equal(texts, ['mensaje 1', 'mensaje 2', 'mensaje 3'], 'each person got all three, in order');
    }
    assert.is(limiter.stats.paused, 0, 'Telegram never had to say 429');
  } finally {
    await close();
  }
});

test.run();
