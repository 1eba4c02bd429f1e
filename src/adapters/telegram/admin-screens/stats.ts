import type { Stats } from '../../../domain/stats.ts';
import type { AdminView } from '../../../machines/conversation/admin-view.ts';
import { adminButtons, adminStats, adminStatsButtons, adminStatsMissing } from '../../../voice/index.ts';
import type { AdminViewData } from './data.ts';
import { type AdminRenderContext, button, keyboard, type RenderedAdminView, say } from './kit.ts';
import { STATS_TTL_SECONDS } from './stats-cache.ts';

const revenueOf = (r: Stats['revenue']) =>
  r.byCurrency.map((line) => ({ amount: line.projectedMonthly, currency: line.currency }));

/** Las observaciones del reino: the figures, what needs attention, and when they were computed. */
export function renderStats(
  view: Extract<AdminView, { kind: 'stats' }>,
  data: AdminViewData,
  context: AdminRenderContext,
): RenderedAdminView {
  const buttons = keyboard(
    [button(adminStatsButtons.refresh, { do: 'statsRefresh' })],
    [button(adminButtons.back, { do: 'home' })],
  );
  const s = data.stats;
  if (!s) return { text: say(adminStatsMissing, {}), keyboard: buttons };
  const text = say(adminStats, {
    vip: s.vip,
    free: s.free,
    codes: s.codes,
    revenue: revenueOf(s.revenue),
    warnings: s.warnings,
    computedAt: s.computedAt.getTime(),
    timeZone: context.timeZone,
    fresh: view.fresh === true,
    renewMinutes: Math.round(STATS_TTL_SECONDS / 60),
  });
  return { text, keyboard: buttons };
}
