import { sql } from '@databases/pg';
import { Api } from 'grammy';
import type { Message } from 'grammy/types';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { postEffects } from '../../src/adapters/telegram/post-effects.ts';
import { encodeReaction } from '../../src/adapters/telegram/reaction-callback-data.ts';
import { updateBotConfig } from '../../src/domain/bot-config.ts';
import { advanceClock } from '../../src/sandbox/time-travel.ts';
import { JOURNEY_ADMIN_ID, type Journey, startJourney } from '../helpers/journey.ts';

const EMOJI = ['👍', '🔥', '😂'];
let j: Journey;

test.before(async () => {
  j = await startJourney({ mode: 'webhook' });
  await updateBotConfig(j.app.db, { freeReactions: EMOJI }, j.app.clock.date());
});
test.after(async () => {
  await j.stop();
});

const labels = (m: Message | undefined) =>
  m?.reply_markup?.inline_keyboard.map((row) => row.map((b) => b.text));

test('reactions under a free-channel post: one per person, buttons redrawn once per burst', async () => {
  const { sandbox } = j;
  const api = new Api(sandbox.token, { apiRoot: `${j.app.url}/sandbox` });
  const publish = postEffects({ api: () => api, db: j.app.db, clock: j.app.clock })['telegram.publishPost'];
  const effectContext = {
    effectId: 0,
    actorId: `conversation:${JOURNEY_ADMIN_ID}`,
    idempotencyKey: `conversation:${JOURNEY_ADMIN_ID}:12:0`,
    attempt: 1,
  };
  const params = {
    channel: 'free',
    draft: { kind: 'text', text: '<b>Una muestra del jardín</b> 🌸' },
    reactions: true,
    adminId: JOURNEY_ADMIN_ID,
  };
  const published = (await publish?.(params, effectContext)) as { postId: number; messageId: number };
  const retried = await publish?.(params, { ...effectContext, attempt: 2 });
  assert.equal(retried, published, 'a retried publication is the same post');
  const posts = () => sandbox.messages(sandbox.freeChannelId);
  assert.is(posts().length, 1, 'and it was sent once');
  const post = { chatId: sandbox.freeChannelId, messageId: published.messageId };
  const shown = () => posts().find((m) => m.message_id === post.messageId);
  assert.is(shown()?.text, 'Una muestra del jardín 🌸');
  assert.equal(labels(shown()), [EMOJI]);

  const [ana, bob, eva] = ['Ana', 'Bob', 'Eva'].map(
    (name) => sandbox.createUser({ first_name: name }).id,
  ) as [number, number, number];
  // They joined the channel through a plain invite link (only members see its posts).
  const invite = (await sandbox.callBotApi('createChatInviteLink', { chat_id: sandbox.freeChannelId })) as {
    invite_link: string;
  };
  for (const person of [ana, bob, eva]) sandbox.joinByLink(person, invite.invite_link);
  const press = async (userId: number, index: number, postId = published.postId, forge = false) => {
    const id = sandbox.pressButton(userId, post.messageId, encodeReaction(postId, index), {
      chatId: post.chatId,
      forge,
    });
    return (await sandbox.waitForCallbackAnswer(id, 10_000)).text ?? '';
  };

  const editsBefore = sandbox.calls({ method: 'editMessageReplyMarkup' }).length;
  assert.match(await press(ana, 0), /registrada.*🌸/);
  assert.match(await press(bob, 1), /registrada/);
  assert.match(await press(eva, 2), /registrada/);
  assert.match(await press(bob, 0), /cambiado su reacción/, 'Bob changes his mind');
  assert.match(await press(eva, 2), /Ya había elegido esa/, 'Eva presses the same again');
  assert.match(await press(ana, 7, published.postId, true), /ya no se ofrece/, 'an emoji the post lacks');
  assert.match(
    await press(ana, 1, published.postId + 1000, true),
    /ya no se ofrece/,
    'data naming another post, pressed under this one',
  );
  assert.equal(labels(shown()), [EMOJI], 'no redraw before the coalescing delay');

  await advanceClock(j.app, 3);
  await sandbox.waitFor(() => labels(shown())?.[0]?.[0] === '👍 2', 10_000, 'the counts on the buttons');
  assert.equal(labels(shown()), [['👍 2', '🔥', '😂 1']]);
  assert.is(
    sandbox.calls({ method: 'editMessageReplyMarkup' }).length - editsBefore,
    1,
    'four changes, one edit',
  );

  const [row] = await j.app.db.query(sql`
    SELECT json_agg(json_build_array(user_id, emoji_index) ORDER BY user_id) AS reactions
    FROM post_reactions WHERE post_id = ${published.postId}`);
  assert.equal(row.reactions, [
    [ana, 0],
    [bob, 0],
    [eva, 2],
  ]);
  const actor = await j.app.host.read(`post:${published.postId}`);
  assert.is(actor?.state, 'idle');

  // A later reaction opens a new window and a new redraw.
  const zoe = sandbox.createUser({ first_name: 'Zoe' }).id;
  sandbox.joinByLink(zoe, invite.invite_link);
  assert.match(await press(zoe, 1), /registrada/);
  await advanceClock(j.app, 3);
  await sandbox.waitFor(() => labels(shown())?.[0]?.[1] === '🔥 1', 10_000, 'the new count');
  assert.equal(labels(shown()), [['👍 2', '🔥 1', '😂 1']]);

  for (const person of [ana, bob, eva, zoe])
    assert.equal(
      sandbox.messages(person).filter((m) => m.from?.id === sandbox.bot.id),
      [],
      'reaction buttons never reach the menu routes',
    );
});

test.run();
