import type { Clock } from '../runtime/clock.ts';
import type { DbEffectBatchHandler, DbEffectHandler } from '../runtime/host.ts';
import { type BotConfig, updateBotConfig } from './bot-config.ts';
import { type FreeRequestStatus, syncFreeRequest } from './free-requests.ts';
import { markInterestAttended, PackageUnavailableError, recordInterest } from './interests.ts';
import { createInvitations, PlanUnavailableError, revokeInvitation } from './invitations.ts';
import { type MembershipStatus, syncMembership, syncMemberships } from './memberships.ts';
import {
  createPackage,
  getPackage,
  type PackageCategory,
  setPackageActive,
  updatePackage,
} from './packages.ts';
import {
  createPlan,
  deletePlanIfUnused,
  getPlan,
  type PlanFields,
  setPlanActive,
  updatePlan,
} from './plans.ts';
import { type Role, type RoleChangeRequest, setRole, setRoles } from './users.ts';

export interface DomainEffectDeps {
  clock: Clock;
  /** ADMIN_IDS: an admin's effective role stays ADMIN whatever their membership does. */
  adminIds: readonly number[];
}

const date = (ms: unknown) => new Date(Number(ms));

/** The wizard's package fields and the package's. */
const PACKAGE_FIELD: Record<string, string> = {
  name: 'name',
  category: 'category',
  price: 'price',
  description: 'description',
  photo: 'photoFileId',
};

/** The admin's setting names and the bot config's. */
const SETTING_KEY: Record<string, keyof BotConfig> = {
  instagram: 'socialInstagram',
  tiktok: 'socialTiktok',
  x: 'socialX',
  waitMinutes: 'freeWaitMinutes',
  antiSpamMinutes: 'antiSpamMinutes',
  vipReactions: 'vipReactions',
  freeReactions: 'freeReactions',
};

/** The wizard's field names and the plan's. */
const PLAN_FIELD: Record<string, keyof PlanFields> = {
  name: 'name',
  days: 'durationDays',
  price: 'price',
  currency: 'currency',
};

/** The membership a `db.membership.sync` effect describes. */
function membershipOf(p: Record<string, unknown>, now: Date): Parameters<typeof syncMembership>[1] {
  return {
    userId: Number(p.userId),
    planId: p.planId === null || p.planId === undefined ? null : Number(p.planId),
    status: p.status as MembershipStatus,
    startedAt: date(p.startedAt),
    expiresAt: date(p.expiresAt),
    ritualStep: p.ritualStep === null || p.ritualStep === undefined ? null : Number(p.ritualStep),
    now,
  };
}

/** The role change a `db.role.set` effect asks for. */
function roleChangeOf(p: Record<string, unknown>, now: Date): RoleChangeRequest {
  return {
    userId: Number(p.userId),
    role: p.role as Role,
    changedBy: Number(p.changedBy ?? 0),
    reason: String(p.reason),
    source: String(p.source ?? 'subscription'),
    metadata: (p.metadata as Record<string, unknown> | undefined) ?? {},
    now,
  };
}

/**
 * The domain writes that can be done for many actors in one statement, used when transitions
 * are written together (a batch of timers): each must do what its single handler does, item by
 * item in the order given.
 */
export function domainDbEffectBatches(deps: DomainEffectDeps): Record<string, DbEffectBatchHandler> {
  return {
    'db.membership.sync': async (tx, items) => {
      const now = deps.clock.date();
      await syncMemberships(
        tx,
        items.map((item) => membershipOf(item.params, now)),
      );
    },
    'db.role.set': async (tx, items) => {
      const now = deps.clock.date();
      await setRoles(
        tx,
        items.map((item) => roleChangeOf(item.params, now)).filter((c) => !deps.adminIds.includes(c.userId)),
      );
    },
  };
}

/** Domain writes machines ask for (`db.*` actions), run inside the transition's transaction. */
export function domainDbEffects(deps: DomainEffectDeps): Record<string, DbEffectHandler> {
  return {
    'db.membership.sync': async (tx, p) => {
      await syncMembership(tx, membershipOf(p, deps.clock.date()));
    },
    'db.plan.create': async (tx, p) => {
      await createPlan(tx, {
        name: String(p.name),
        durationDays: Number(p.durationDays),
        price: String(p.price),
        currency: String(p.currency),
        createdBy: Number(p.createdBy),
        now: deps.clock.date(),
      });
    },
    'db.plan.update': async (tx, p) => {
      const field = PLAN_FIELD[String(p.field)];
      if (!field) throw new Error(`unknown plan field ${String(p.field)}`);
      await updatePlan(tx, Number(p.planId), { [field]: p.value }, deps.clock.date());
    },
    'db.plan.toggle': async (tx, p) => {
      const plan = await getPlan(tx, Number(p.planId));
      if (plan) await setPlanActive(tx, plan.id, !plan.active, deps.clock.date());
    },
    'db.plan.delete': async (tx, p) => {
      // A plan in use stays; the plan list the admin sees next shows it is still there.
      await deletePlanIfUnused(tx, Number(p.planId));
    },
    'db.invitations.create': async (tx, p) => {
      try {
        await createInvitations(tx, {
          planId: Number(p.planId),
          count: Number(p.count),
          validDays: Number(p.validDays),
          createdBy: Number(p.createdBy),
          now: new Date(Number(p.at)),
        });
      } catch (error) {
        // The plan was deactivated meanwhile: no codes; the next screen says the batch is empty.
        if (!(error instanceof PlanUnavailableError)) throw error;
      }
    },
    'db.invitation.revoke': async (tx, p) => {
      await revokeInvitation(tx, Number(p.invitationId), deps.clock.date());
    },
    'db.setting.update': async (tx, p) => {
      const key = SETTING_KEY[String(p.field)];
      if (!key) throw new Error(`unknown setting ${String(p.field)}`);
      await updateBotConfig(tx, { [key]: p.value }, deps.clock.date());
    },
    'db.freeRequest.sync': async (tx, p) => {
      await syncFreeRequest(tx, {
        userId: Number(p.userId),
        chatId: Number(p.chatId),
        status: p.status as FreeRequestStatus,
        requestedAt: date(p.requestedAt),
        readyAt: date(p.readyAt),
        decidedAt: p.decidedAt === null || p.decidedAt === undefined ? null : date(p.decidedAt),
        now: deps.clock.date(),
      });
    },
    'db.package.create': async (tx, p) => {
      await createPackage(tx, {
        name: String(p.name),
        category: p.category as PackageCategory,
        price: (p.price as string | null | undefined) ?? null,
        description: (p.description as string | null | undefined) ?? null,
        photoFileId: (p.photoFileId as string | null | undefined) ?? null,
        createdBy: Number(p.createdBy),
        now: deps.clock.date(),
      });
    },
    'db.package.update': async (tx, p) => {
      const key = PACKAGE_FIELD[String(p.field)];
      if (!key) throw new Error(`unknown package field ${String(p.field)}`);
      await updatePackage(tx, Number(p.packageId), { [key]: p.value ?? null }, deps.clock.date());
    },
    'db.package.toggle': async (tx, p) => {
      const pkg = await getPackage(tx, Number(p.packageId));
      if (pkg) await setPackageActive(tx, pkg.id, !pkg.active, deps.clock.date());
    },
    'db.interest.record': async (tx, p) => {
      try {
        await recordInterest(tx, {
          userId: Number(p.userId),
          packageId: Number(p.packageId),
          now: deps.clock.date(),
        });
      } catch (error) {
        // The package was withdrawn between the press and now: nothing to record.
        if (!(error instanceof PackageUnavailableError)) throw error;
      }
    },
    'db.interest.attend': async (tx, p) => {
      await markInterestAttended(tx, {
        userId: Number(p.userId),
        packageId: Number(p.packageId),
        by: Number(p.by),
        now: deps.clock.date(),
      });
    },
    'db.user.role': async (tx, p) => {
      await setRole(tx, {
        userId: Number(p.userId),
        role: p.role as Role,
        changedBy: Number(p.changedBy),
        reason: 'MANUAL_CHANGE',
        source: 'admin',
        now: deps.clock.date(),
      });
    },
    'db.role.set': async (tx, p) => {
      const change = roleChangeOf(p, deps.clock.date());
      if (!deps.adminIds.includes(change.userId)) await setRole(tx, change);
    },
  };
}
