import {
  insertLegacyRoleChanges,
  type LegacyRoleChange,
  loggedRoleChanges,
  roleChangeKey,
} from '../../domain/legacy-people.ts';
import type { Role } from '../../domain/users.ts';
import { chunks, type ImportContext } from '../context.ts';
import type { LegacyRow } from '../schema.ts';
import { Tally } from '../tally.ts';
import { instant, json, text, whole } from '../values.ts';

const ROLES: readonly string[] = ['FREE', 'VIP', 'ADMIN'];

/** A legacy role change as Lucien's log entry, or why it cannot be one. */
function toChange(
  row: LegacyRow<'user_role_change_log'>,
): LegacyRoleChange | 'bad_user' | 'bad_role' | 'bad_dates' {
  const userId = whole(row.user_id);
  const changedAt = instant(row.changed_at);
  const previous = text(row.previous_role)?.toUpperCase() ?? null;
  const next = text(row.new_role)?.toUpperCase() ?? '';
  if (userId === null || userId <= 0) return 'bad_user';
  if (changedAt === null) return 'bad_dates';
  if (!ROLES.includes(next) || (previous !== null && !ROLES.includes(previous))) return 'bad_role';
  const metadata = json(row.change_metadata);
  return {
    userId,
    previousRole: previous as Role | null,
    newRole: next as Role,
    changedBy: whole(row.changed_by) ?? 0,
    reason: text(row.reason) ?? 'LEGACY',
    source: text(row.change_source) ?? 'legacy',
    metadata:
      metadata && typeof metadata === 'object' && !Array.isArray(metadata)
        ? (metadata as Record<string, unknown>)
        : {},
    changedAt,
  };
}

/** The role history, appended as it was; an entry is the same when person, moment and new role are. */
export async function importRoleLog(ctx: ImportContext): Promise<Tally> {
  const tally = new Tally('roleLog');
  const rows = await ctx.source.rows('user_role_change_log');
  tally.read = rows.length;
  ctx.progress.start('roleLog', rows.length);
  for (const batch of chunks(rows, ctx.batchSize)) {
    const changes: LegacyRoleChange[] = [];
    for (const row of batch) {
      const change = toChange(row);
      if (typeof change === 'string') tally.skip(change);
      else changes.push(change);
    }
    const known = ctx.target
      ? await loggedRoleChanges(ctx.target, [...new Set(changes.map((c) => c.userId))])
      : new Set<string>();
    // Twice the same entry in one file counts once.
    const fresh = changes.filter((c) => {
      const key = roleChangeKey(c);
      if (known.has(key)) return false;
      known.add(key);
      return true;
    });
    tally.already += changes.length - fresh.length;
    tally.imported += ctx.dryRun ? fresh.length : await insertLegacyRoleChanges(ctx.db, fresh);
    ctx.progress.advance(batch.length);
  }
  return tally;
}
