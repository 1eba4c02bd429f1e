import type { InvitationView } from '../../../domain/invitations.ts';
import type { Membership, MembershipView } from '../../../domain/memberships.ts';
import type { Plan, PlanWithCodes } from '../../../domain/plans.ts';
import type { RoleChange, UserProfile } from '../../../domain/users.ts';

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
}
