import type { Sandbox } from '../../src/sandbox/index.ts';

export interface BenchPerson {
  id: number;
  firstName: string;
  /** The bot's message carrying the inline menu, answered to the person's first /start. */
  menuMessageId: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function menuMessageId(sandbox: Sandbox, userId: number, botId: number): number | undefined {
  const menus = sandbox
    .messages(userId)
    .filter(
      (m) => m.from?.id === botId && m.reply_markup?.inline_keyboard.flat().some((b) => 'callback_data' in b),
    );
  return menus[menus.length - 1]?.message_id;
}

/**
 * Creates `count` people in the emulator, each pressing START (delivered by the emulator to
 * the bot under test), and waits (bounded) for the menu message each is answered with.
 */
export async function primePeople(sandbox: Sandbox, count: number, concurrency = 16): Promise<BenchPerson[]> {
  const people: BenchPerson[] = [];
  const botId = sandbox.bot.id;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const firstName = `Persona${i}`;
        const user = sandbox.createUser({ first_name: firstName });
        sandbox.start(user.id);
        const deadline = Date.now() + 60_000;
        let messageId = menuMessageId(sandbox, user.id, botId);
        while (messageId === undefined && Date.now() < deadline) {
          await sleep(10);
          messageId = menuMessageId(sandbox, user.id, botId);
        }
        if (messageId === undefined) throw new Error(`no menu message for person ${i} after 60 s`);
        people.push({ id: user.id, firstName, menuMessageId: messageId });
      }
    }),
  );
  return people;
}
