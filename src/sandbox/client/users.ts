import type { User } from 'grammy/types';
import { SandboxClientError } from '../errors.ts';
import type { UserRecord } from '../records.ts';
import type { SandboxWorld } from '../world.ts';

export interface NewUser {
  id?: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

/** Ids handed to users created without one; far from the seeded owner and from bot ids. */
const FIRST_GENERATED_USER_ID = 1000001;

export function createUser(world: SandboxWorld, input: NewUser): User {
  if (typeof input.first_name !== 'string' || input.first_name.trim() === '') {
    throw new SandboxClientError('FIRSTNAME_INVALID', 'first_name is required');
  }
  let id = input.id;
  if (id === undefined) {
    id = FIRST_GENERATED_USER_ID;
    while (world.users.has(id)) id++;
  }
  if (!Number.isSafeInteger(id) || id <= 0) throw new SandboxClientError('USER_ID_INVALID');
  if (world.users.has(id) || id === world.bot.id)
    throw new SandboxClientError('USER_ID_TAKEN', `user ${id} exists`);
  const user: User = {
    id,
    is_bot: false,
    first_name: input.first_name,
    ...(input.last_name ? { last_name: input.last_name } : {}),
    ...(input.username ? { username: input.username } : {}),
    ...(input.language_code ? { language_code: input.language_code } : {}),
  };
  world.users.set(id, { user, started: false, seenByBot: false, blocked: false });
  world.changed();
  return user;
}

/** The record of a person acting through the client API; acting makes them known to the bot. */
export function actingUser(world: SandboxWorld, userId: number): UserRecord {
  const record = world.users.get(userId);
  if (!record) throw new SandboxClientError('USER_NOT_FOUND', `no sandbox user ${userId}; createUser first`);
  record.seenByBot = true;
  return record;
}
