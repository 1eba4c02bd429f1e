import type { Queryable } from '@databases/pg';
import { getBotConfig } from '../../../domain/bot-config.ts';
import { countFreeRequests, listFreeRequests } from '../../../domain/free-requests.ts';
import { countInterests, listInterests } from '../../../domain/interests.ts';
import { listInvitations } from '../../../domain/invitations.ts';
import { getMembership, listMemberships } from '../../../domain/memberships.ts';
import { listPackages } from '../../../domain/packages.ts';
import type { Page } from '../../../domain/paging.ts';
import { getPlan, listPlans } from '../../../domain/plans.ts';
import { computeStats } from '../../../domain/stats.ts';
import { listUsers, userOverview } from '../../../domain/user-lists.ts';
import { getUser, roleHistory } from '../../../domain/users.ts';
import {
  ADMIN_PAGE_SIZE,
  type AdminView,
  type ChannelRole,
} from '../../../machines/conversation/admin-view.ts';
import type { AdminViewData, MemberDetail, PagedList, PlanDetail, SettingsData } from './data.ts';
import { packageDetail } from './package-reads.ts';
import { batchCodes, invitationById, planUsage } from './reads.ts';
import { cachedStats, type StatsCacheStore } from './stats-cache.ts';

export interface AdminLoadContext {
  adminId: number;
  now: Date;
  botUsername: string;
  /** A channel's title as Telegram tells it (getChat); without it, screens show channel ids. */
  channelTitle?: (chatId: number) => Promise<string | undefined>;
  /** Keeps the stats a few minutes (the app's cache); without it they are computed on every visit. */
  cache?: StatsCacheStore;
  /** The creator's time zone, where the stats' "today", "this week" and "this month" begin (default UTC). */
  timeZone?: string;
}

/** How many role changes a member's profile shows. */
const ROLE_CHANGES_SHOWN = 5;

/**
 * Reads a page; a page past the end (the list shrank since the button was drawn) reads the
 * last one instead, so the admin never lands on an empty page of a non-empty list.
 */
async function paged<T>(page: number, read: (offset: number) => Promise<Page<T>>): Promise<PagedList<T>> {
  const first = await read(page * ADMIN_PAGE_SIZE);
  if (first.items.length > 0 || first.total === 0 || page === 0) return { ...first, page };
  const last = Math.ceil(first.total / ADMIN_PAGE_SIZE) - 1;
  return { ...(await read(last * ADMIN_PAGE_SIZE)), page: last };
}

async function planDetail(db: Queryable, planId: number): Promise<PlanDetail | undefined> {
  const plan = await getPlan(db, planId);
  return plan && { ...plan, ...(await planUsage(db, planId)) };
}

async function memberDetail(db: Queryable, userId: number, history: boolean): Promise<MemberDetail> {
  const [profile, membership, roleChanges] = await Promise.all([
    getUser(db, userId),
    getMembership(db, userId),
    history ? roleHistory(db, userId, ROLE_CHANGES_SHOWN) : [],
  ]);
  const plan = membership?.planId ? await getPlan(db, membership.planId) : undefined;
  return {
    userId,
    profile,
    membership: membership && { ...membership, planName: plan?.name ?? null },
    roleChanges,
  };
}

/** The settings; with `titles`, the titles of the configured channels (a channel that cannot be asked shows its id). */
async function settingsData(
  db: Queryable,
  context: AdminLoadContext,
  titles: boolean,
): Promise<SettingsData> {
  const config = await getBotConfig(db);
  const ask = context.channelTitle;
  if (!titles || !ask) return { config, titles: {} };
  const titleOf = async (
    role: ChannelRole,
    id: number | null,
  ): Promise<[ChannelRole, string | undefined]> => [
    role,
    id === null ? undefined : await ask(id).catch(() => undefined),
  ];
  const found = await Promise.all([
    titleOf('vip', config.vipChannelId),
    titleOf('free', config.freeChannelId),
  ]);
  return { config, titles: Object.fromEntries(found.filter(([, title]) => title)) };
}

/** The domain reads each admin screen shows; everything `renderAdminView` draws comes from here. */
export async function loadAdminViewData(
  db: Queryable,
  view: AdminView,
  context: AdminLoadContext,
): Promise<AdminViewData> {
  const limit = ADMIN_PAGE_SIZE;
  switch (view.kind) {
    case 'plans':
    case 'invitationPlan': {
      const includeInactive = view.kind === 'plans';
      return { plans: await paged(view.page, (offset) => listPlans(db, { includeInactive, offset, limit })) };
    }
    case 'plan':
    case 'planEdit':
    case 'planConfirmToggle':
    case 'planConfirmDelete':
    case 'invitationValidity':
    case 'invitationCount':
      return { plan: await planDetail(db, view.planId) };
    case 'invitationsCreated': {
      const [plan, batch] = await Promise.all([
        planDetail(db, view.planId),
        batchCodes(db, {
          planId: view.planId,
          createdBy: context.adminId,
          createdAt: new Date(view.createdAt),
        }),
      ]);
      return { plan, batch: batch && { ...batch, createdAt: new Date(view.createdAt) } };
    }
    case 'invitationList': {
      const state = view.filter === 'all' ? undefined : view.filter;
      const now = context.now;
      return {
        invitations: await paged(view.page, (offset) => listInvitations(db, { state, offset, limit, now })),
      };
    }
    case 'invitationConfirmRevoke':
      return { invitation: await invitationById(db, view.invitationId, context.now) };
    case 'members': {
      const { filter } = view;
      const now = context.now;
      return {
        members: await paged(view.page, (offset) => listMemberships(db, { filter, now, offset, limit })),
      };
    }
    case 'member':
    case 'memberExtend':
    case 'memberConfirmRevoke':
      return { member: await memberDetail(db, view.userId, view.kind === 'member') };
    case 'settings':
    case 'channelSetup':
    case 'publishPreview':
    case 'published':
      return { settings: await settingsData(db, context, true) };
    case 'settingEdit':
      return { settings: await settingsData(db, context, false) };
    case 'freeQueue': {
      const { filter } = view;
      const now = context.now;
      const [freeRequests, freeCounts] = await Promise.all([
        paged(view.page, (offset) => listFreeRequests(db, { filter, now, offset, limit })),
        countFreeRequests(db, now),
      ]);
      return { freeRequests, freeCounts };
    }
    case 'packages':
      return {
        packages: await paged(view.page, (offset) =>
          listPackages(db, { includeInactive: true, offset, limit }),
        ),
      };
    case 'package':
    case 'packageEdit':
    case 'packageConfirmToggle':
      return { package: await packageDetail(db, view.packageId) };
    case 'interests': {
      const { filter, category } = view;
      const [interests, interestCounts] = await Promise.all([
        paged(view.page, (offset) => listInterests(db, { filter, category, offset, limit })),
        countInterests(db),
      ]);
      return { interests, interestCounts };
    }
    case 'users': {
      const { filter } = view;
      const now = context.now;
      return { users: await paged(view.page, (offset) => listUsers(db, { filter, now, offset, limit })) };
    }
    case 'user':
    case 'userRole':
    case 'userRoleConfirm':
    case 'userExpelConfirm':
    case 'userExpelResult':
      return { user: await userOverview(db, view.userId, context.now) };
    case 'stats': {
      const { now, cache } = context;
      const timeZone = context.timeZone ?? 'UTC';
      const fresh = view.fresh === true;
      return {
        stats: await (cache
          ? cachedStats({ db, cache, now, timeZone, fresh })
          : computeStats(db, now, timeZone)),
      };
    }
    case 'userFind':
    case 'packageWizard':
    case 'home':
    case 'planWizard':
    case 'invitations':
    case 'publishCompose':
    case 'denied':
      return {};
  }
}
