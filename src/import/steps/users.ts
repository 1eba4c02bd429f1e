import { insertLegacyUsers, knownUserIds, type LegacyUser } from '../../domain/legacy-people.ts';
import type { Role } from '../../domain/users.ts';
import { chunks, type ImportContext } from '../context.ts';
import type { LegacyRow } from '../schema.ts';
import { Tally } from '../tally.ts';
import { instant, text, whole } from '../values.ts';

const ROLES: readonly Role[] = ['FREE', 'VIP', 'ADMIN'];

/** A legacy user as Lucien's, or the reason it cannot be. */
function toUser(row: LegacyRow<'users'>): LegacyUser | 'bad_user' | 'bad_role' {
  const userId = whole(row.user_id);
  const createdAt = instant(row.created_at);
  if (userId === null || userId <= 0 || createdAt === null) return 'bad_user';
  const role = String(row.role ?? '').toUpperCase() as Role;
  if (!ROLES.includes(role)) return 'bad_role';
  return {
    userId,
    username: text(row.username)?.replace(/^@/, '') ?? null,
    firstName: text(row.first_name) ?? '',
    lastName: text(row.last_name),
    role,
    createdAt,
    updatedAt: Math.max(createdAt, instant(row.updated_at) ?? createdAt),
  };
}

/** People, with the role the previous bot gave them; one insert per batch. */
export async function importUsers(ctx: ImportContext): Promise<Tally> {
  const tally = new Tally('users');
  const rows = await ctx.source.rows('users');
  tally.read = rows.length;
  ctx.progress.start('users', rows.length);
  for (const batch of chunks(rows, ctx.batchSize)) {
    const users: LegacyUser[] = [];
    for (const row of batch) {
      const user = toUser(row);
      if (typeof user === 'string') tally.skip(user);
      else {
        users.push(user);
        ctx.firstNames.set(user.userId, user.firstName);
      }
    }
    const known = ctx.target
      ? await knownUserIds(
          ctx.target,
          users.map((u) => u.userId),
        )
      : new Set<number>();
    const fresh = users.filter((u) => !known.has(u.userId));
    tally.already += known.size;
    tally.imported += ctx.dryRun ? fresh.length : await insertLegacyUsers(ctx.db, fresh);
    ctx.progress.advance(batch.length);
  }
  return tally;
}
