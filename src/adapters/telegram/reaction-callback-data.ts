import { z } from 'zod';

/**
 * Reaction buttons under channel posts: "1:r:<postId>:<index>", at most 18 bytes, far below
 * Telegram's 64. Parsed, never trusted: a modified client can send any data.
 */
const PREFIX = '1:r:';
const MAX_POST_ID = 2_147_483_647;

const reaction = z
  .tuple([
    z.literal('1'),
    z.literal('r'),
    z
      .string()
      .regex(/^[1-9]\d{0,9}$/)
      .transform(Number)
      .pipe(z.number().max(MAX_POST_ID)),
    z.string().regex(/^\d$/).transform(Number),
  ])
  .transform(([, , postId, index]) => ({ postId, index }));

export type ReactionPress = z.output<typeof reaction>;

export function encodeReaction(postId: number, index: number): string {
  if (!Number.isInteger(postId) || postId < 1 || postId > MAX_POST_ID)
    throw new RangeError(`not a post id: ${postId}`);
  if (!Number.isInteger(index) || index < 0 || index > 9) throw new RangeError(`not a reaction: ${index}`);
  return `${PREFIX}${postId}:${index}`;
}

/** The post and emoji a reaction button stands for, or undefined for any other data. */
export function parseReaction(data: string): ReactionPress | undefined {
  if (!data.startsWith(PREFIX) || Buffer.byteLength(data) > 64) return undefined;
  const parsed = reaction.safeParse(data.split(':'));
  return parsed.success ? parsed.data : undefined;
}
