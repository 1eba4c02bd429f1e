import { sql } from '@databases/pg';
import type { InlineKeyboardButton, Message } from 'grammy/types';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { postEffects } from '../../src/adapters/telegram/post-effects.ts';
import { encodeReaction } from '../../src/adapters/telegram/reaction-callback-data.ts';
import { updateBotConfig } from '../../src/domain/bot-config.ts';
import {
  createPost,
  getPost,
  markPostPublished,
  type NewPost,
  type Post,
  reactionCounts,
  setReaction,
} from '../../src/domain/posts.ts';
import { Clock } from '../../src/runtime/clock.ts';
import { PermanentEffectError } from '../../src/runtime/errors.ts';
import type { EffectContext, EffectHandler } from '../../src/runtime/types.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { type Harness, startSandbox } from '../sandbox/harness.ts';

let t: TestDatabase;
let tg: Harness;
let effects: Record<string, EffectHandler>;
const clock = new Clock();
const EMOJI = ['👍', '🔥', '😂'];

test.before(async () => {
  t = await createTestDatabase();
  tg = await startSandbox();
  effects = postEffects({ api: () => tg.api, db: t.db, clock });
  await updateBotConfig(
    t.db,
    {
      vipChannelId: tg.sandbox.vipChannelId,
      freeChannelId: tg.sandbox.freeChannelId,
      freeReactions: EMOJI,
      vipReactions: ['👑'],
    },
    clock.date(),
  );
});
test.after(async () => {
  await tg.close();
  await t.drop();
});

const now = new Date('2026-02-01T12:00:00Z');
const ADMIN = 111;
let keys = 0;

const newPost = (overrides: Partial<NewPost> = {}): Promise<Post> =>
  createPost(t.db, {
    channelRole: 'free',
    chatId: -100123,
    kind: 'text',
    text: '<b>Hola</b>',
    reactions: EMOJI,
    createdBy: ADMIN,
    now,
    ...overrides,
  });

const react = (postId: number, userId: number, emojiIndex: number) =>
  setReaction(t.db, { postId, userId, emojiIndex, now });

const context = (idempotencyKey = `conversation:${ADMIN}:${++keys}:0`): EffectContext => ({
  effectId: 0,
  actorId: `conversation:${ADMIN}`,
  idempotencyKey,
  attempt: 1,
});

const publish = (params: Record<string, unknown>, ctx = context()) =>
  effects['telegram.publishPost']?.(params, ctx) as Promise<{ postId: number; messageId: number }>;

const refresh = (postId: number) =>
  effects['telegram.refreshReactions']?.({ postId }, context()) as Promise<{ refreshed: boolean }>;

const labels = (m: Message | undefined) =>
  m?.reply_markup?.inline_keyboard.map((row) => row.map((b) => b.text));
const channelPost = (chatId: number, messageId: number) =>
  tg.sandbox.messages(chatId).find((m) => m.message_id === messageId);

async function rejects(call: Promise<unknown>, type: new (...args: never[]) => Error): Promise<Error> {
  try {
    await call;
  } catch (error) {
    assert.instance(error, type);
    return error as Error;
  }
  assert.unreachable('expected a rejection');
  throw new Error('unreachable');
}

// --- the domain ------------------------------------------------------------------------------

test('a post is created unsent, with its emoji copied, and published once', async () => {
  const post = await newPost();
  assert.equal(
    { ...post, id: 0 },
    {
      id: 0,
      channelRole: 'free',
      chatId: -100123,
      messageId: null,
      kind: 'text',
      text: '<b>Hola</b>',
      fileId: null,
      reactions: EMOJI,
      createdBy: ADMIN,
      createdAt: now,
      publishedAt: null,
    },
  );
  const later = new Date(now.getTime() + 5_000);
  assert.ok(await markPostPublished(t.db, post.id, 42, later));
  assert.not.ok(await markPostPublished(t.db, post.id, 43, later), 'a post carries one message');
  const stored = await getPost(t.db, post.id);
  assert.equal([stored?.messageId, stored?.publishedAt], [42, later]);
  assert.is(await getPost(t.db, 999_999), undefined);
  assert.not.ok(await markPostPublished(t.db, 999_999, 1, later));
});

test('a post is refused with more than 10 emoji, or with a file id that does not fit its kind', async () => {
  await rejects(newPost({ reactions: Array.from({ length: 11 }, () => '👍') }), RangeError);
  await rejects(newPost({ reactions: ['👍', ' '] }), RangeError);
  await rejects(newPost({ kind: 'photo' }), RangeError);
  await rejects(newPost({ kind: 'text', fileId: 'AgAC' }), RangeError);
  const photo = await newPost({ kind: 'photo', fileId: 'AgACfile', reactions: [] });
  assert.equal([photo.kind, photo.fileId, photo.reactions], ['photo', 'AgACfile', []]);
});

test('an idempotency key makes creation idempotent, even for concurrent retries', async () => {
  const first = await newPost({ idempotencyKey: 'conversation:1:7:0' });
  const again = await newPost({ idempotencyKey: 'conversation:1:7:0', text: 'otro', reactions: [] });
  assert.equal(again, first, 'the retry gets the row the first attempt made');
  const other = await newPost({ idempotencyKey: 'conversation:1:8:0' });
  assert.is.not(other.id, first.id);
  const racing = await Promise.all(
    Array.from({ length: 8 }, () => newPost({ idempotencyKey: 'conversation:1:9:0' })),
  );
  assert.is(new Set(racing.map((p) => p.id)).size, 1);
  const [row] = await t.db.query(
    sql`SELECT count(*)::int AS n FROM posts WHERE publish_key LIKE 'conversation:1:%'`,
  );
  assert.is(row.n, 3);
  const [a, b] = [await newPost(), await newPost()];
  assert.is.not(a.id, b.id, 'without a key every call is a new post');
});

test('one reaction per person: set, the same again unchanged, another emoji changed', async () => {
  const post = await newPost();
  assert.is(await react(post.id, 1, 0), 'set');
  assert.is(await react(post.id, 1, 0), 'unchanged');
  assert.is(await react(post.id, 1, 2), 'changed');
  assert.is(await react(post.id, 1, 2), 'unchanged');
  assert.is(await react(post.id, 1, 0), 'changed');
  assert.equal(await reactionCounts(t.db, post.id), [1, 0, 0]);
  const [row] = await t.db.query(
    sql`SELECT emoji_index, updated_at FROM post_reactions WHERE post_id = ${post.id}`,
  );
  assert.equal(row, { emoji_index: 0, updated_at: now });
});

test('an emoji the post does not offer, or an unknown post, is invalid and records nothing', async () => {
  const post = await newPost();
  const none = await newPost({ reactions: [] });
  for (const index of [3, 9, 10, -1, 1.5, Number.NaN])
    assert.is(await react(post.id, 2, index), 'invalid', String(index));
  assert.is(await react(none.id, 2, 0), 'invalid');
  assert.is(await react(999_999, 2, 0), 'invalid');
  assert.is(await react(post.id, 2, 1), 'set');
  assert.is(await react(post.id, 2, 5), 'invalid', 'a bad press leaves the reaction as it was');
  assert.equal(await reactionCounts(t.db, post.id), [0, 1, 0]);
  const [row] = await t.db.query(
    sql`SELECT count(*)::int AS n FROM post_reactions WHERE post_id = ${none.id}`,
  );
  assert.is(row.n, 0);
});

test('counts: one per emoji in order, each person counted once', async () => {
  const post = await newPost();
  assert.equal(await reactionCounts(t.db, post.id), [0, 0, 0]);
  assert.equal(await reactionCounts(t.db, (await newPost({ reactions: [] })).id), []);
  assert.equal(await reactionCounts(t.db, 999_999), []);
  for (const [user, index] of [
    [10, 0],
    [11, 0],
    [12, 2],
    [13, 0],
    [11, 2],
    [13, 0],
  ] as const)
    await react(post.id, user, index);
  assert.equal(await reactionCounts(t.db, post.id), [2, 0, 2]);
  const other = await newPost();
  await react(other.id, 10, 1);
  assert.equal(await reactionCounts(t.db, post.id), [2, 0, 2], 'other posts do not count');
});

test('concurrent presses of one person leave one reaction', async () => {
  const post = await newPost();
  const results = await Promise.all(Array.from({ length: 12 }, (_, i) => react(post.id, 77, i % 3)));
  assert.is(results.filter((r) => r === 'set').length, 1);
  assert.ok(results.every((r) => r !== 'invalid'));
  const counts = await reactionCounts(t.db, post.id);
  assert.is(
    counts.reduce((a, b) => a + b, 0),
    1,
  );
});

test('deleting a post deletes its reactions', async () => {
  const post = await newPost();
  await react(post.id, 1, 0);
  await t.db.query(sql`DELETE FROM posts WHERE id = ${post.id}`);
  const [row] = await t.db.query(
    sql`SELECT count(*)::int AS n FROM post_reactions WHERE post_id = ${post.id}`,
  );
  assert.is(row.n, 0);
});

// --- the effects, against the Telegram emulator -----------------------------------------------

test('publishPost sends the text with one row of reaction buttons and stores the message', async () => {
  const { postId, messageId } = await publish({
    channel: 'free',
    draft: { kind: 'text', text: '<b>Novedades</b> del jardín' },
    reactions: true,
    adminId: ADMIN,
  });
  const message = channelPost(tg.sandbox.freeChannelId, messageId);
  assert.is(message?.text, 'Novedades del jardín');
  assert.equal(
    message?.entities?.map((e) => e.type),
    ['bold'],
  );
  assert.equal(labels(message), [EMOJI]);
  assert.equal(
    message?.reply_markup?.inline_keyboard[0]?.map(
      (b) => (b as InlineKeyboardButton.CallbackButton).callback_data,
    ),
    [0, 1, 2].map((i) => encodeReaction(postId, i)),
  );
  const post = await getPost(t.db, postId);
  assert.equal(
    [post?.channelRole, post?.chatId, post?.messageId, post?.reactions, post?.createdBy],
    ['free', tg.sandbox.freeChannelId, messageId, EMOJI, ADMIN],
  );
  assert.ok(post?.publishedAt);
});

test('a retried publishPost makes no second row and sends nothing again', async () => {
  const ctx = context();
  const params = {
    channel: 'vip',
    draft: { kind: 'text', text: 'Para el Diván' },
    reactions: true,
    adminId: ADMIN,
  };
  const before = tg.sandbox.calls({ method: 'sendMessage' }).length;
  const first = await publish(params, ctx);
  const retried = await publish(params, { ...ctx, attempt: 2 });
  assert.equal(retried, first);
  assert.is(tg.sandbox.calls({ method: 'sendMessage' }).length, before + 1);
  const [row] = await t.db.query(
    sql`SELECT count(*)::int AS n FROM posts WHERE publish_key = ${ctx.idempotencyKey}`,
  );
  assert.is(row.n, 1);
  assert.equal(labels(channelPost(tg.sandbox.vipChannelId, first.messageId)), [['👑']]);
});

test('a publishPost that crashed after making its row sends on the retry, once', async () => {
  const ctx = context();
  const made = await createPost(t.db, {
    channelRole: 'free',
    chatId: tg.sandbox.freeChannelId,
    kind: 'text',
    text: 'Interrumpido',
    reactions: EMOJI,
    createdBy: ADMIN,
    now,
    idempotencyKey: ctx.idempotencyKey,
  });
  const result = await publish(
    { channel: 'free', draft: { kind: 'text', text: 'Interrumpido' }, reactions: true, adminId: ADMIN },
    ctx,
  );
  assert.is(result.postId, made.id);
  assert.is(channelPost(tg.sandbox.freeChannelId, result.messageId)?.text, 'Interrumpido');
});

test('a post without reactions has no buttons; photos and videos carry the text as caption', async () => {
  const plain = await publish({
    channel: 'free',
    draft: { kind: 'text', text: 'Sin botones' },
    reactions: false,
    adminId: ADMIN,
  });
  assert.is(channelPost(tg.sandbox.freeChannelId, plain.messageId)?.reply_markup, undefined);
  assert.equal((await getPost(t.db, plain.postId))?.reactions, []);

  const uploaded = await tg.api.sendPhoto(tg.sandbox.freeChannelId, 'https://example.com/rosa.jpg');
  const photoId = uploaded.photo?.at(-1)?.file_id as string;
  const photo = await publish({
    channel: 'free',
    draft: { kind: 'photo', text: 'Una <i>rosa</i>', fileId: photoId },
    reactions: true,
    adminId: ADMIN,
  });
  const shown = channelPost(tg.sandbox.freeChannelId, photo.messageId);
  assert.equal(
    [shown?.caption, shown?.photo?.at(-1)?.file_id, labels(shown)],
    ['Una rosa', photoId, [EMOJI]],
  );

  const video = await tg.api.sendVideo(tg.sandbox.freeChannelId, 'https://example.com/baile.mp4');
  const clip = await publish({
    channel: 'free',
    draft: { kind: 'video', text: 'Un baile', fileId: video.video?.file_id },
    reactions: false,
    adminId: ADMIN,
  });
  assert.is(channelPost(tg.sandbox.freeChannelId, clip.messageId)?.caption, 'Un baile');
});

test('publishPost refuses for good: no channel configured, malformed params, a refused send', async () => {
  await updateBotConfig(t.db, { vipChannelId: null }, clock.date());
  const params = { channel: 'vip', draft: { kind: 'text', text: 'x' }, reactions: true, adminId: ADMIN };
  assert.match(
    (await rejects(publish(params), PermanentEffectError)).message,
    /vip channel is not configured/,
  );
  await updateBotConfig(t.db, { vipChannelId: tg.sandbox.vipChannelId }, clock.date());
  await rejects(publish({ ...params, channel: 'elsewhere' }), PermanentEffectError);
  await rejects(publish({ ...params, draft: { kind: 'photo', text: 'sin foto' } }), PermanentEffectError);
  await rejects(
    publish({ ...params, draft: { kind: 'photo', text: 'x', fileId: 'not-a-file' } }),
    PermanentEffectError,
  );
});

test('refreshReactions redraws the counts; the same counts again are done, not a failure', async () => {
  const { postId, messageId } = await publish({
    channel: 'free',
    draft: { kind: 'text', text: 'Cuente' },
    reactions: true,
    adminId: ADMIN,
  });
  await react(postId, 1, 0);
  await react(postId, 2, 0);
  await react(postId, 3, 2);
  assert.equal(await refresh(postId), { refreshed: true, counts: [2, 0, 1] });
  assert.equal(labels(channelPost(tg.sandbox.freeChannelId, messageId)), [['👍 2', '🔥', '😂 1']]);
  const edits = tg.sandbox.calls({ method: 'editMessageReplyMarkup' }).length;
  assert.equal(await refresh(postId), { refreshed: true, counts: [2, 0, 1] }, 'message is not modified');
  assert.is(tg.sandbox.calls({ method: 'editMessageReplyMarkup' }).length, edits + 1);

  const unsent = await newPost();
  assert.equal(await refresh(unsent.id), { refreshed: false });
  await rejects(refresh(999_999), PermanentEffectError);
});

test.run();
