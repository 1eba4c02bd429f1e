import type { FreeRequestView } from '../../../domain/free-requests.ts';
import type { AdminView, FreeQueueFilter } from '../../../machines/conversation/admin-view.ts';
import {
  adminButtons,
  adminFreeButtons,
  adminFreeQueue,
  adminFreeQueueEmpty,
  adminFreeRequestLine,
  freeRequestName,
  marked,
} from '../../../voice/index.ts';
import type { AdminViewData, FreeQueueCounts } from './data.ts';
import {
  type AdminRenderContext,
  button,
  fitLines,
  keyboard,
  pageLine,
  pagingRow,
  type RenderedAdminView,
  say,
} from './kit.ts';

const FILTERS: FreeQueueFilter[] = ['pending', 'ready', 'approved', 'all'];
const NO_COUNTS: FreeQueueCounts = { pending: 0, ready: 0, approved: 0, averageWaitSeconds: null };

const requestLine = (r: FreeRequestView, context: AdminRenderContext): string =>
  say(adminFreeRequestLine, {
    name: freeRequestName(r),
    status: r.status,
    requestedAt: r.requestedAt.getTime(),
    readyAt: r.readyAt.getTime(),
    decidedAt: r.decidedAt?.getTime() ?? null,
    updatedAt: r.updatedAt.getTime(),
    now: context.now,
    timeZone: context.timeZone,
  });

/** The requests of one filter, 10 a page, the totals and the average wait; approve the ready ones. */
export function renderFreeQueue(
  view: Extract<AdminView, { kind: 'freeQueue' }>,
  data: AdminViewData,
  context: AdminRenderContext,
): RenderedAdminView {
  const { filter } = view;
  const counts = data.freeCounts ?? NO_COUNTS;
  const filterButtons = FILTERS.map((f) => {
    const label = adminFreeButtons.filters[f];
    return button(f === filter ? marked(label) : label, { do: 'freeQueue', filter: f, page: 0 });
  });
  const filterRows = [filterButtons.slice(0, 2), filterButtons.slice(2)];
  const approve = counts.ready > 0 ? [button(adminFreeButtons.approveReady, { do: 'freeApproveReady' })] : [];
  const back = [button(adminButtons.back, { do: 'home' })];
  const list = data.freeRequests;
  if (!list || list.total === 0) {
    return {
      text: say(adminFreeQueueEmpty, { filter, counts }),
      keyboard: keyboard(...filterRows, approve, back),
    };
  }
  const text = fitLines(
    (lines) =>
      say(adminFreeQueue, {
        filter,
        total: list.total,
        counts,
        lines,
        pageLine: pageLine(list.page, list.total),
      }),
    list.items.map((r) => requestLine(r, context)),
  );
  return {
    text,
    keyboard: keyboard(
      ...filterRows,
      pagingRow(list.page, list.total, (page) => ({ do: 'freeQueue', filter, page })),
      approve,
      back,
    ),
  };
}
