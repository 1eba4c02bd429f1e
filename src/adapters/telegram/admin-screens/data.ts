import type { BotConfig } from '../../../domain/bot-config.ts';
import type { FreeRequestView } from '../../../domain/free-requests.ts';
import type { InterestView } from '../../../domain/interests.ts';
import type { InvitationView } from '../../../domain/invitations.ts';
import type { Membership, MembershipView } from '../../../domain/memberships.ts';
import type { Package } from '../../../domain/packages.ts';
import type { Plan, PlanWithCodes } from '../../../domain/plans.ts';
import type { Stats } from '../../../domain/stats.ts';
import type { UserListItem, UserOverview } from '../../../domain/user-lists.ts';
import type { RoleChange, UserProfile } from '../../../domain/users.ts';
import type { ChannelRole } from '../../../machines/conversation/admin-view.ts';

/** One page of a list; `page` is the one actually shown (a page past the end shows the last). */
export interface PagedList<T> {
  items: T[];
  total: number;
  page: number;
}

/** A plan with what depends on it: it can be deleted only when nothing does. */
export interface PlanDetail extends Plan {
  codesTotal: number;
  codesUsed: number;
  memberships: number;
}

/** The codes one admin issued in one go (same creation instant), in issue order. */
export interface CreatedBatch {
  codes: string[];
  createdAt: Date;
  expiresAt: Date;
}

export interface MemberDetail {
  userId: number;
  profile: UserProfile | undefined;
  membership: (Membership & { planName: string | null }) | undefined;
  /** The latest first. */
  roleChanges: RoleChange[];
}

/** The bot's settings, with the titles Telegram gave of the configured channels (when it was asked). */
export interface SettingsData {
  config: BotConfig;
  titles: Partial<Record<ChannelRole, string>>;
}

/** The free-channel queue at a glance (`countFreeRequests`). */
export interface FreeQueueCounts {
  pending: number;
  ready: number;
  approved: number;
  averageWaitSeconds: number | null;
}

/** A content package with the interest shown in it (`interests` left out when not read). */
export interface PackageDetail extends Package {
  interests?: { pending: number; total: number };
}

/** The interests at a glance, over every package (`countInterests`). */
export interface InterestCounts {
  pending: number;
  attended: number;
  total: number;
}

/**
 * What an admin screen shows, read from the domain just before drawing. Each view fills only
 * what it needs; a missing `plan`, `invitation` or `batch` means it no longer exists.
 */
export interface AdminViewData {
  plans?: PagedList<PlanWithCodes>;
  plan?: PlanDetail;
  invitations?: PagedList<InvitationView>;
  invitation?: InvitationView;
  batch?: CreatedBatch;
  members?: PagedList<MembershipView>;
  member?: MemberDetail;
  settings?: SettingsData;
  freeRequests?: PagedList<FreeRequestView>;
  freeCounts?: FreeQueueCounts;
  packages?: PagedList<Package>;
  package?: PackageDetail;
  interests?: PagedList<InterestView>;
  interestCounts?: InterestCounts;
  users?: PagedList<UserListItem>;
  /** Missing when the bot never saw that person. */
  user?: UserOverview;
  stats?: Stats;
}
