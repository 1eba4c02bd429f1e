export type {
  AdminViewData,
  CreatedBatch,
  FreeQueueCounts,
  InterestCounts,
  MemberDetail,
  PackageDetail,
  PagedList,
  PlanDetail,
  SettingsData,
} from './data.ts';
export type { AdminRenderContext, RenderedAdminView } from './kit.ts';
export { type AdminLoadContext, loadAdminViewData } from './load.ts';
export { renderAdminView } from './render.ts';
export { cachedStats, STATS_CACHE_KEY, STATS_TTL_SECONDS, type StatsCacheStore } from './stats-cache.ts';
