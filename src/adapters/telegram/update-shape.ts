import type { Context, MiddlewareFn } from 'grammy';
import { z } from 'zod';
import type { Logger } from '../../log.ts';

/**
 * The fields the routes read, for each kind of update they take. Telegram sends more (kept:
 * the objects are loose); an update whose routed part does not fit is dropped with a log line
 * and answered 200, because failing it would make Telegram deliver the same poison again.
 */
const id = z.number().int().safe();
const user = z.looseObject({
  id,
  is_bot: z.boolean().optional(),
  first_name: z.string(),
  last_name: z.string().optional(),
  username: z.string().optional(),
});
const chat = z.looseObject({ id, type: z.string().optional(), title: z.string().optional() });
const entity = z.looseObject({ type: z.string(), offset: z.number().int(), length: z.number().int() });
const message = z.looseObject({
  message_id: id,
  chat,
  from: user.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  entities: z.array(entity).optional(),
  caption_entities: z.array(entity).optional(),
  photo: z.array(z.looseObject({ file_id: z.string() })).optional(),
  video: z.looseObject({ file_id: z.string() }).optional(),
  forward_origin: z.looseObject({ type: z.string(), chat: chat.optional() }).optional(),
});
const member = z.looseObject({ status: z.string(), user });

const routedParts: Record<string, z.ZodType> = {
  message: message.extend({ from: user }),
  callback_query: z.looseObject({
    id: z.string(),
    from: user,
    data: z.string().optional(),
    message: z.looseObject({ message_id: id, chat }).optional(),
  }),
  chat_join_request: z.looseObject({ chat, from: user }),
  chat_member: z.looseObject({
    chat,
    from: user,
    old_chat_member: member,
    new_chat_member: member,
    invite_link: z.looseObject({ invite_link: z.string() }).optional(),
  }),
  channel_post: message,
  edited_message: message,
};

/** The first problem of an update's routed part, or undefined when it fits (or is not routed). */
export function updateProblem(update: Record<string, unknown>): string | undefined {
  for (const [kind, schema] of Object.entries(routedParts)) {
    if (!(kind in update)) continue;
    const parsed = schema.safeParse(update[kind]);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return `${kind}.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`;
    }
  }
  return undefined;
}

/** Middleware that drops (and logs) updates whose routed part is malformed. */
export function dropMalformedUpdates(log: Logger): MiddlewareFn<Context> {
  return (ctx, next) => {
    const problem = updateProblem(ctx.update as unknown as Record<string, unknown>);
    if (problem === undefined) return next();
    log.warn({ updateId: ctx.update.update_id, problem }, 'malformed update dropped');
    return undefined;
  };
}
