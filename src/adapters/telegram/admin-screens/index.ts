export type {
  AdminViewData,
  CreatedBatch,
  FreeQueueCounts,
  MemberDetail,
  PagedList,
  PlanDetail,
  SettingsData,
} from './data.ts';
export type { AdminRenderContext, RenderedAdminView } from './kit.ts';
export { type AdminLoadContext, loadAdminViewData } from './load.ts';
export { renderAdminView } from './render.ts';
