import { type BotConfig, getBotConfig, updateBotConfig } from '../../domain/bot-config.ts';
import type { ImportContext } from '../context.ts';
import { Tally } from '../tally.ts';
import { json, text, whole } from '../values.ts';

/** A legacy setting and the Lucien setting it becomes (undefined: there is none). */
type Field = { value: unknown; key?: keyof BotConfig };

/** Thrown inside the settings transaction to roll a dry run back. */
class DryRunRollback extends Error {}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The legacy bot_config row as Lucien settings; empty values are not carried over. */
function legacyFields(row: Record<string, string | number | null>): Field[] {
  const reactions = (v: string | number | null) => {
    const list = json(v);
    return Array.isArray(list) ? list.map(String) : null;
  };
  return [
    { value: whole(row.vip_channel_id ?? null), key: 'vipChannelId' },
    { value: whole(row.free_channel_id ?? null), key: 'freeChannelId' },
    { value: whole(row.wait_time_minutes ?? null), key: 'freeWaitMinutes' },
    { value: text(row.social_instagram ?? null), key: 'socialInstagram' },
    { value: text(row.social_tiktok ?? null), key: 'socialTiktok' },
    { value: text(row.social_x ?? null), key: 'socialX' },
    { value: text(row.free_channel_invite_link ?? null), key: 'freeInviteLink' },
    { value: reactions(row.vip_reactions ?? null), key: 'vipReactions' },
    { value: reactions(row.free_reactions ?? null), key: 'freeReactions' },
    // Prices live in Lucien's plans; the old fee table has no counterpart.
    { value: json(row.subscription_fees ?? null) },
  ];
}

/**
 * The single bot_config row: each setting applied on its own (a savepoint each, so that one
 * value Lucien refuses leaves the others), by the same rules as the custodian's menus.
 */
export async function importSettings(ctx: ImportContext): Promise<Tally> {
  const tally = new Tally('settings');
  const [row] = await ctx.source.rows('bot_config');
  ctx.progress.start('settings', row ? 1 : 0);
  if (!row) return tally;
  const fields = legacyFields(row);
  tally.read = fields.length;
  const apply = async (): Promise<void> => {
    const target = ctx.target;
    for (const field of fields) {
      const empty = field.value === null || (Array.isArray(field.value) && field.value.length === 0);
      if (empty) tally.skip('empty');
      else if (!field.key) tally.skip('no_equivalent');
      else if (!target) {
        tally.imported++;
        ctx.config = { ...ctx.config, [field.key]: field.value };
      } else {
        const key = field.key;
        try {
          await ctx.db.tx(async (tx) => {
            const before = await getBotConfig(tx);
            const after = await updateBotConfig(tx, { [key]: field.value }, new Date(ctx.host.clock.now()));
            if (same(before[key], after[key])) tally.already++;
            else tally.imported++;
            ctx.config = { ...ctx.config, [key]: after[key] };
            if (ctx.dryRun) throw new DryRunRollback();
          });
        } catch (error) {
          if (error instanceof DryRunRollback) continue;
          if (error instanceof RangeError) tally.skip('invalid_setting');
          else throw error;
        }
      }
    }
  };
  await apply();
  if (ctx.target && !ctx.dryRun) ctx.config = await getBotConfig(ctx.target);
  ctx.progress.advance(1);
  return tally;
}
