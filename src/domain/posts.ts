import { type Queryable, sql } from '@databases/pg';

export type ChannelRole = 'vip' | 'free';
export type PostKind = 'text' | 'photo' | 'video';

/** At most this many reaction buttons: one row that still fits a phone. */
export const MAX_REACTIONS = 10;

export interface Post {
  id: number;
  channelRole: ChannelRole;
  chatId: number;
  /** Null until the post is sent. */
  messageId: number | null;
  kind: PostKind;
  /** HTML: the message text, or the caption of a photo or video. */
  text: string;
  fileId: string | null;
  /** The emoji offered, in button order. */
  reactions: string[];
  createdBy: number;
  createdAt: Date;
  publishedAt: Date | null;
}

export interface NewPost {
  channelRole: ChannelRole;
  chatId: number;
  kind: PostKind;
  text: string;
  fileId?: string | null;
  reactions: readonly string[];
  createdBy: number;
  now: Date;
  /**
   * Makes the creation idempotent: a second call with the same key returns the row the first
   * one made (a publishing effect retried after a crash), whatever else it is given.
   */
  idempotencyKey?: string;
}

export type ReactionResult = 'set' | 'changed' | 'unchanged' | 'invalid';

const postColumns = sql`id, channel_role, chat_id, message_id, kind, text, file_id, reactions, created_by, created_at, published_at`;

interface PostRow {
  id: number;
  channel_role: ChannelRole;
  chat_id: number;
  message_id: number | null;
  kind: PostKind;
  text: string;
  file_id: string | null;
  reactions: string[];
  created_by: number;
  created_at: Date;
  published_at: Date | null;
}

const postFromRow = (r: PostRow): Post => ({
  id: r.id,
  channelRole: r.channel_role,
  chatId: r.chat_id,
  messageId: r.message_id,
  kind: r.kind,
  text: r.text,
  fileId: r.file_id,
  reactions: r.reactions,
  createdBy: r.created_by,
  createdAt: r.created_at,
  publishedAt: r.published_at,
});

function checkNewPost(input: NewPost): void {
  if (input.reactions.length > MAX_REACTIONS)
    throw new RangeError(`at most ${MAX_REACTIONS} reactions, not ${input.reactions.length}`);
  if (input.reactions.some((emoji) => emoji.trim() === ''))
    throw new RangeError('a reaction cannot be empty');
  if ((input.kind === 'text') !== !input.fileId)
    throw new RangeError(`a ${input.kind} post ${input.kind === 'text' ? 'takes no' : 'needs a'} file id`);
}

/** A post not sent yet (or, with an idempotency key already used, the post made with it). */
export async function createPost(db: Queryable, input: NewPost): Promise<Post> {
  checkNewPost(input);
  const key = input.idempotencyKey ?? null;
  const [created] = await db.query(sql`
    INSERT INTO posts (channel_role, chat_id, kind, text, file_id, reactions, created_by, created_at, publish_key)
    VALUES (${input.channelRole}, ${input.chatId}, ${input.kind}, ${input.text}, ${input.fileId ?? null},
            ${[...input.reactions]}::text[], ${input.createdBy}, ${input.now}, ${key})
    ON CONFLICT (publish_key) DO NOTHING
    RETURNING ${postColumns}`);
  if (created) return postFromRow(created);
  // The key was used: a concurrent insert waited for has committed, so this statement sees it.
  const [existing] = await db.query(sql`SELECT ${postColumns} FROM posts WHERE publish_key = ${key}`);
  if (!existing) throw new Error(`post with publish key ${key} vanished`);
  return postFromRow(existing);
}

/** Records the sent message; false if the post is unknown or already carries a message. */
export async function markPostPublished(
  db: Queryable,
  postId: number,
  messageId: number,
  now: Date,
): Promise<boolean> {
  const updated = await db.query(sql`
    UPDATE posts SET message_id = ${messageId}, published_at = ${now}
    WHERE id = ${postId} AND message_id IS NULL
    RETURNING id`);
  return updated.length === 1;
}

export async function getPost(db: Queryable, id: number): Promise<Post | undefined> {
  if (!Number.isSafeInteger(id)) return undefined;
  const [row] = await db.query(sql`SELECT ${postColumns} FROM posts WHERE id = ${id}`);
  return row ? postFromRow(row) : undefined;
}

/**
 * One reaction per person per post: the first press sets it, another emoji changes it, the same
 * again leaves it. An index outside the post's emoji (or an unknown post) is `invalid`.
 */
export async function setReaction(
  db: Queryable,
  input: { postId: number; userId: number; emojiIndex: number; now: Date },
): Promise<ReactionResult> {
  const { postId, userId, emojiIndex, now } = input;
  if (!Number.isInteger(emojiIndex) || emojiIndex < 0 || emojiIndex >= MAX_REACTIONS) return 'invalid';
  if (!Number.isSafeInteger(postId) || !Number.isSafeInteger(userId)) return 'invalid';
  // `xmax = 0` tells a freshly inserted row from one the conflict updated; no row at all means
  // the same emoji again (the update's WHERE) or an index the post does not offer (the SELECT).
  const [row] = await db.query(sql`
    INSERT INTO post_reactions AS r (post_id, user_id, emoji_index, updated_at)
    SELECT p.id, ${userId}, ${emojiIndex}, ${now}
    FROM posts p WHERE p.id = ${postId} AND ${emojiIndex} < cardinality(p.reactions)
    ON CONFLICT (post_id, user_id) DO UPDATE
      SET emoji_index = EXCLUDED.emoji_index, updated_at = EXCLUDED.updated_at
      WHERE r.emoji_index <> EXCLUDED.emoji_index
    RETURNING (xmax = 0) AS inserted`);
  if (row) return row.inserted ? 'set' : 'changed';
  const [offered] = await db.query(
    sql`SELECT 1 FROM posts WHERE id = ${postId} AND ${emojiIndex} < cardinality(reactions)`,
  );
  return offered ? 'unchanged' : 'invalid';
}

/** How many people chose each emoji of the post, in button order; [] for an unknown post. */
export async function reactionCounts(db: Queryable, postId: number): Promise<number[]> {
  if (!Number.isSafeInteger(postId)) return [];
  const rows: { offered: number; emoji_index: number | null; n: number }[] = await db.query(sql`
    SELECT cardinality(p.reactions) AS offered, r.emoji_index, count(r.user_id)::int AS n
    FROM posts p LEFT JOIN post_reactions r ON r.post_id = p.id
    WHERE p.id = ${postId}
    GROUP BY p.id, r.emoji_index`);
  const counts: number[] = Array.from({ length: rows[0]?.offered ?? 0 }, () => 0);
  for (const r of rows) {
    if (r.emoji_index !== null && r.emoji_index < counts.length) counts[r.emoji_index] = r.n;
  }
  return counts;
}
