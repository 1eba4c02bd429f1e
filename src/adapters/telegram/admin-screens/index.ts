export type { AdminViewData, CreatedBatch, MemberDetail, PagedList, PlanDetail } from './data.ts';
export type { AdminRenderContext, RenderedAdminView } from './kit.ts';
export { type AdminLoadContext, loadAdminViewData } from './load.ts';
export { renderAdminView } from './render.ts';
