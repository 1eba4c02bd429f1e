import { z } from 'zod';
import type { AdminAction } from '../../machines/conversation/admin-actions.ts';

/**
 * Admin buttons: "1:a:<verb>[:<arg>...]". Verbs are short so that ids fit in 64 bytes; every
 * argument is parsed (whole numbers within range, known filters), never trusted.
 */
const int = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const page = z.coerce.number().int().min(0).max(100_000);
const field = z.enum(['name', 'days', 'price', 'currency']);
const invitationFilter = z.enum(['available', 'used', 'expired', 'revoked', 'all']);
const memberFilter = z.enum(['active', 'expiring', 'expired', 'all']);
const channelRole = z.enum(['vip', 'free']);
const freeFilter = z.enum(['pending', 'ready', 'approved', 'all']);
const packageCategory = z.enum(['FREE_CONTENT', 'VIP_CONTENT', 'VIP_PREMIUM']);
const packageField = z.enum(['name', 'category', 'price', 'description', 'photo']);
const interestFilter = z.enum(['pending', 'attended', 'all']);
const anyCategory = z.enum(['FREE_CONTENT', 'VIP_CONTENT', 'VIP_PREMIUM', 'any']);
const userFilter = z.enum(['all', 'vip', 'free']);
const managedRole = z.enum(['FREE', 'VIP', 'ADMIN']);
const settingField = z.enum([
  'instagram',
  'tiktok',
  'x',
  'waitMinutes',
  'antiSpamMinutes',
  'vipReactions',
  'freeReactions',
]);

type Verb = AdminAction['do'];

/** Short wire names of the verbs (both directions). */
const wire: Record<Verb, string> = {
  home: 'h',
  plans: 'pl',
  plan: 'p',
  planNew: 'pn',
  planEdit: 'pe',
  planToggle: 'pt',
  planToggleConfirm: 'pT',
  planDelete: 'pd',
  planDeleteConfirm: 'pD',
  wizardConfirm: 'wk',
  cancel: 'x',
  invitations: 'i',
  invitationPlans: 'ip',
  invitationNew: 'in',
  invitationValidity: 'iv',
  invitationCount: 'ic',
  invitationList: 'il',
  invitationRevoke: 'ir',
  invitationRevokeConfirm: 'iR',
  members: 'ml',
  member: 'm',
  memberExtend: 'me',
  memberRevoke: 'mr',
  memberRevokeConfirm: 'mR',
  settings: 's',
  channelSetup: 'sc',
  settingEdit: 'se',
  freeQueue: 'fq',
  freeApproveReady: 'fa',
  publish: 'pb',
  publishTo: 'pbt',
  publishReactions: 'pbr',
  publishChange: 'pbc',
  packages: 'kl',
  package: 'k',
  packageNew: 'kn',
  packageCategory: 'kc',
  packageSkip: 'ks',
  packageConfirm: 'kk',
  packageEdit: 'ke',
  packageToggle: 'kt',
  packageToggleConfirm: 'kT',
  interests: 'nl',
  interestAttend: 'na',
  users: 'ul',
  userFind: 'uf',
  user: 'u',
  userRole: 'ur',
  userRolePick: 'up',
  userRoleConfirm: 'uR',
  userExpel: 'ux',
  userExpelConfirm: 'uX',
  stats: 'st',
  statsRefresh: 'sr',
};
const verbOf = new Map(Object.entries(wire).map(([verb, short]) => [short, verb as Verb]));

const args: { [V in Verb]: z.ZodType<Omit<Extract<AdminAction, { do: V }>, 'do'>> } = {
  home: z.tuple([]).transform(() => ({})),
  plans: z.tuple([page]).transform(([p]) => ({ page: p })),
  plan: z.tuple([int]).transform(([planId]) => ({ planId })),
  planNew: z.tuple([]).transform(() => ({})),
  planEdit: z.tuple([int, field]).transform(([planId, f]) => ({ planId, field: f })),
  planToggle: z.tuple([int]).transform(([planId]) => ({ planId })),
  planToggleConfirm: z.tuple([int]).transform(([planId]) => ({ planId })),
  planDelete: z.tuple([int]).transform(([planId]) => ({ planId })),
  planDeleteConfirm: z.tuple([int]).transform(([planId]) => ({ planId })),
  wizardConfirm: z.tuple([]).transform(() => ({})),
  cancel: z.tuple([]).transform(() => ({})),
  invitations: z.tuple([]).transform(() => ({})),
  invitationPlans: z.tuple([page]).transform(([p]) => ({ page: p })),
  invitationNew: z.tuple([int]).transform(([planId]) => ({ planId })),
  invitationValidity: z.tuple([int]).transform(([days]) => ({ days })),
  invitationCount: z.tuple([int]).transform(([count]) => ({ count })),
  invitationList: z.tuple([invitationFilter, page]).transform(([filter, p]) => ({ filter, page: p })),
  invitationRevoke: z.tuple([int]).transform(([invitationId]) => ({ invitationId })),
  invitationRevokeConfirm: z.tuple([int]).transform(([invitationId]) => ({ invitationId })),
  members: z.tuple([memberFilter, page]).transform(([filter, p]) => ({ filter, page: p })),
  member: z.tuple([int]).transform(([userId]) => ({ userId })),
  memberExtend: z.tuple([int]).transform(([userId]) => ({ userId })),
  memberRevoke: z.tuple([int]).transform(([userId]) => ({ userId })),
  memberRevokeConfirm: z.tuple([int]).transform(([userId]) => ({ userId })),
  settings: z.tuple([]).transform(() => ({})),
  channelSetup: z.tuple([channelRole]).transform(([role]) => ({ role })),
  settingEdit: z.tuple([settingField]).transform(([f]) => ({ field: f })),
  freeQueue: z.tuple([freeFilter, page]).transform(([filter, p]) => ({ filter, page: p })),
  freeApproveReady: z.tuple([]).transform(() => ({})),
  publish: z.tuple([]).transform(() => ({})),
  publishTo: z.tuple([channelRole]).transform(([channel]) => ({ channel })),
  publishReactions: z.tuple([]).transform(() => ({})),
  publishChange: z.tuple([]).transform(() => ({})),
  packages: z.tuple([page]).transform(([p]) => ({ page: p })),
  package: z.tuple([int]).transform(([packageId]) => ({ packageId })),
  packageNew: z.tuple([]).transform(() => ({})),
  packageCategory: z.tuple([packageCategory]).transform(([category]) => ({ category })),
  packageSkip: z.tuple([]).transform(() => ({})),
  packageConfirm: z.tuple([]).transform(() => ({})),
  packageEdit: z.tuple([int, packageField]).transform(([packageId, f]) => ({ packageId, field: f })),
  packageToggle: z.tuple([int]).transform(([packageId]) => ({ packageId })),
  packageToggleConfirm: z.tuple([int]).transform(([packageId]) => ({ packageId })),
  interests: z
    .tuple([interestFilter, anyCategory, page])
    .transform(([filter, category, p]) => ({ filter, category, page: p })),
  interestAttend: z.tuple([int, int]).transform(([userId, packageId]) => ({ userId, packageId })),
  users: z.tuple([userFilter, page]).transform(([filter, p]) => ({ filter, page: p })),
  userFind: z.tuple([]).transform(() => ({})),
  user: z.tuple([int]).transform(([userId]) => ({ userId })),
  userRole: z.tuple([int]).transform(([userId]) => ({ userId })),
  userRolePick: z.tuple([int, managedRole]).transform(([userId, role]) => ({ userId, role })),
  userRoleConfirm: z.tuple([int, managedRole]).transform(([userId, role]) => ({ userId, role })),
  userExpel: z.tuple([int]).transform(([userId]) => ({ userId })),
  userExpelConfirm: z.tuple([int]).transform(([userId]) => ({ userId })),
  stats: z.tuple([]).transform(() => ({})),
  statsRefresh: z.tuple([]).transform(() => ({})),
};

/** The order in which each verb's arguments travel. */
const argOrder: Partial<Record<Verb, string[]>> = {
  planEdit: ['planId', 'field'],
  invitationList: ['filter', 'page'],
  members: ['filter', 'page'],
  freeQueue: ['filter', 'page'],
  packageEdit: ['packageId', 'field'],
  interests: ['filter', 'category', 'page'],
  interestAttend: ['userId', 'packageId'],
  users: ['filter', 'page'],
  userRolePick: ['userId', 'role'],
  userRoleConfirm: ['userId', 'role'],
};

/** Callback data for an admin button. */
export function encodeAdmin(action: AdminAction): string {
  const { do: verb, ...rest } = action;
  const values = rest as Record<string, unknown>;
  const keys = argOrder[verb] ?? Object.keys(values);
  return ['1', 'a', wire[verb], ...keys.map((k) => String(values[k]))].join(':');
}

/** The admin action of "a:<verb>:<args>" parts (after the version), or undefined. */
export function parseAdminParts(parts: string[]): AdminAction | undefined {
  const [a, short, ...rest] = parts;
  if (a !== 'a' || short === undefined) return undefined;
  const verb = verbOf.get(short);
  if (!verb) return undefined;
  const parsed = args[verb].safeParse(rest);
  return parsed.success ? ({ do: verb, ...parsed.data } as AdminAction) : undefined;
}
