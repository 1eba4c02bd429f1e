import type { Message } from 'grammy/types';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type Journey, startJourney } from '../helpers/journey.ts';

const buttonsOf = (m: Message) => m.reply_markup?.inline_keyboard.flat() ?? [];

for (const mode of ['webhook', 'polling'] as const) {
  test(`${mode}: /start greets with a menu; a button edits the same message into another screen and back`, async () => {
    const journey: Journey = await startJourney({ mode });
    try {
      const { sandbox } = journey.app;
      const ana = sandbox.createUser({ first_name: 'Ana', username: 'ana' });
      const greeting = sandbox.waitForMessage(ana.id, (m) => Boolean(m.reply_markup), 10_000);
      sandbox.start(ana.id);
      const menu = await greeting;
      assert.ok(menu.text?.startsWith('🎩 Lucien:'), menu.text);
      assert.match(menu.text ?? '', /Buenos días|Buenas tardes|Buenas noches/);
      assert.match(menu.text ?? '', /Ana/);
      const about = buttonsOf(menu).find((b) => 'callback_data' in b && b.callback_data === '1:nav:about');
      assert.ok(about && 'callback_data' in about);

      const edited = sandbox.waitForMessage(
        ana.id,
        (m) => m.message_id === menu.message_id && m.text !== menu.text,
        10_000,
      );
      const queryId = sandbox.pressButton(
        ana.id,
        menu.message_id,
        (about as { callback_data: string }).callback_data,
      );
      const aboutScreen = await edited;
      assert.match(aboutScreen.text ?? '', /vestíbulo/);
      assert.ok(
        (await sandbox.waitForCallbackAnswer(queryId, 5_000)) !== undefined,
        'the button press was answered',
      );
      const back = buttonsOf(aboutScreen).find((b) => b.text.includes('Volver')) as { callback_data: string };

      const home = sandbox.waitForMessage(
        ana.id,
        (m) => m.message_id === menu.message_id && m.reply_markup?.inline_keyboard.length === 5,
        10_000,
      );
      sandbox.pressButton(ana.id, menu.message_id, back.callback_data);
      await home;
      const botMessages = sandbox.messages(ana.id).filter((m) => m.from?.id === sandbox.bot.id);
      assert.is(botMessages.length, 1, 'screens are edits of one message, not new messages');
      const state = await journey.app.host.read(`conversation:${ana.id}`);
      assert.is(state?.state, 'menu.home');
    } finally {
      await journey.stop();
    }
  });
}

test('a forged button is answered politely and the menu comes back', async () => {
  const journey = await startJourney({ mode: 'polling' });
  try {
    const { sandbox } = journey.app;
    const eve = sandbox.createUser({ first_name: 'Eve' });
    const first = sandbox.waitForMessage(eve.id, (m) => Boolean(m.reply_markup), 10_000);
    sandbox.start(eve.id);
    const menu = await first;
    const fresh = sandbox.waitForMessage(eve.id, (m) => m.message_id !== menu.message_id, 10_000);
    const queryId = sandbox.pressButton(eve.id, menu.message_id, '1:admin:drop-tables', { forge: true });
    const answer = await sandbox.waitForCallbackAnswer(queryId, 5_000);
    assert.match(answer.text ?? '', /botón/);
    assert.ok((await fresh).reply_markup, 'a new menu was sent');
  } finally {
    await journey.stop();
  }
});

test.run();
