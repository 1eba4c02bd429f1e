import type { InterestView } from '../../../domain/interests.ts';
import { PACKAGE_CATEGORIES } from '../../../domain/packages.ts';
import type {
  AdminView,
  InterestFilter,
  PackageCategory,
} from '../../../machines/conversation/admin-view.ts';
import {
  adminButtons,
  adminInterestButtons,
  adminInterestLine,
  adminInterestsEmpty,
  adminInterestsList,
  interestButtonLabel,
  interestPersonName,
  marked,
} from '../../../voice/index.ts';
import type { AdminViewData, InterestCounts } from './data.ts';
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

const FILTERS: InterestFilter[] = ['pending', 'attended', 'all'];
const CATEGORIES: (PackageCategory | 'any')[] = ['any', ...PACKAGE_CATEGORIES];
const NO_COUNTS: InterestCounts = { pending: 0, attended: 0, total: 0 };

/** The shortest way to name someone on a button: the first name, else @username, else the id. */
const shortName = (i: InterestView) => i.firstName.trim() || (i.username ? `@${i.username}` : `#${i.userId}`);

const interestLine = (i: InterestView, context: AdminRenderContext): string =>
  say(adminInterestLine, {
    person: interestPersonName(i),
    packageName: i.packageName,
    category: i.packageCategory,
    attended: i.attended,
    lastInterestAt: i.lastInterestAt.getTime(),
    attendedAt: i.attendedAt?.getTime() ?? null,
    timeZone: context.timeZone,
  });

/** Who showed interest in what, by filter and category, 10 a page; pending ones can be marked attended. */
export function renderInterests(
  view: Extract<AdminView, { kind: 'interests' }>,
  data: AdminViewData,
  context: AdminRenderContext,
): RenderedAdminView {
  const { filter, category } = view;
  const counts = data.interestCounts ?? NO_COUNTS;
  const filterRow = FILTERS.map((f) => {
    const label = adminInterestButtons.filters[f];
    return button(f === filter ? marked(label) : label, { do: 'interests', filter: f, category, page: 0 });
  });
  const categoryRow = CATEGORIES.map((c) => {
    const label = adminInterestButtons.categories[c];
    return button(c === category ? marked(label) : label, { do: 'interests', filter, category: c, page: 0 });
  });
  const back = [button(adminButtons.back, { do: 'home' })];
  const list = data.interests;
  if (!list || list.total === 0) {
    return {
      text: say(adminInterestsEmpty, { filter, category, counts }),
      keyboard: keyboard(filterRow, categoryRow, back),
    };
  }
  const pending = list.items.filter((i) => !i.attended);
  const text = fitLines(
    (lines) =>
      say(adminInterestsList, {
        filter,
        category,
        counts,
        total: list.total,
        lines,
        pageLine: pageLine(list.page, list.total),
        attendable: pending.length > 0,
      }),
    list.items.map((i) => interestLine(i, context)),
  );
  return {
    text,
    keyboard: keyboard(
      filterRow,
      categoryRow,
      ...pending.map((i) => [
        button(interestButtonLabel(shortName(i), i.packageName), {
          do: 'interestAttend',
          userId: i.userId,
          packageId: i.packageId,
        }),
      ]),
      pagingRow(list.page, list.total, (page) => ({ do: 'interests', filter, category, page })),
      back,
    ),
  };
}
