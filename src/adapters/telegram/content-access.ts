import type { Queryable } from '@databases/pg';
import { getMembership } from '../../domain/memberships.ts';
import type { Package } from '../../domain/packages.ts';
import type { Role } from '../../domain/users.ts';

/** The role that decides which content a person sees: ADMIN_IDS, then a running membership. */
export async function contentRole(db: Queryable, userId: number, admin: boolean, now: Date): Promise<Role> {
  if (admin) return 'ADMIN';
  const membership = await getMembership(db, userId);
  return membership?.status === 'active' && membership.expiresAt > now ? 'VIP' : 'FREE';
}

/** Whether a package is offered to a role (as `packagesForRole` lists them). */
export function roleSees(role: Role, pkg: Package): boolean {
  if (!pkg.active) return false;
  if (role === 'ADMIN') return true;
  return pkg.category === (role === 'VIP' ? 'VIP_PREMIUM' : 'FREE_CONTENT');
}
