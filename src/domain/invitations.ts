import { randomBytes } from 'node:crypto';
import { type Queryable, type SQLQuery, sql } from '@databases/pg';
import type { Page } from './paging.ts';
import { type Parsed, type Plan, parseWholeNumber, planColumns, planFromRow } from './plans.ts';

/** 128 random bits as base64url: 22 characters a Telegram deep link carries as they are. */
export function generateInvitationCode(): string {
  return randomBytes(16).toString('base64url');
}

/** What a /start payload must look like before it is worth a query. */
const CODE_SHAPE = /^[A-Za-z0-9_-]{16,64}$/;
const DAY_MS = 86_400_000;

export interface Invitation {
  id: number;
  code: string;
  planId: number;
  createdBy: number;
  createdAt: Date;
  expiresAt: Date;
  usedBy: number | null;
  usedAt: Date | null;
  revokedAt: Date | null;
}

export type InvitationState = 'available' | 'used' | 'expired' | 'revoked';

/** A revoked code reads as revoked even if it also ran out; a used one as used. */
export function invitationState(inv: Invitation, now: Date): InvitationState {
  if (inv.revokedAt) return 'revoked';
  if (inv.usedBy !== null) return 'used';
  if (inv.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'available';
}

export const INVITATION_LIMITS = {
  countMin: 1,
  countMax: 500,
  validDaysMin: 1,
  validDaysMax: 365,
  defaultValidDays: 7,
} as const;

export function parseInvitationCount(raw: string): Parsed<number> {
  return parseWholeNumber(raw, INVITATION_LIMITS.countMin, INVITATION_LIMITS.countMax);
}

export function parseInvitationValidDays(raw: string): Parsed<number> {
  return parseWholeNumber(raw, INVITATION_LIMITS.validDaysMin, INVITATION_LIMITS.validDaysMax);
}

/** Codes cannot be issued for a plan that does not exist or was deactivated. */
export class PlanUnavailableError extends Error {
  constructor(
    readonly planId: number,
    readonly reason: 'not_found' | 'inactive',
  ) {
    super(`plan ${planId} is ${reason === 'inactive' ? 'inactive' : 'not found'}`);
    this.name = 'PlanUnavailableError';
  }
}

// Every query reads a code from `invitation_codes i`; its plan_id comes with the joined plan.
const invitationColumns = sql`i.id, i.code, i.created_by, i.created_at, i.expires_at, i.used_by, i.used_at, i.revoked_at`;

interface InvitationRow {
  id: number;
  code: string;
  plan_id: number;
  created_by: number;
  created_at: Date;
  expires_at: Date;
  used_by: number | null;
  used_at: Date | null;
  revoked_at: Date | null;
}

const invitationFromRow = (r: InvitationRow): Invitation => ({
  id: r.id,
  code: r.code,
  planId: r.plan_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  usedBy: r.used_by,
  usedAt: r.used_at,
  revokedAt: r.revoked_at,
});

function inRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}, not ${value}`);
}

/** Issues a batch in one insert, which only happens if the plan is active at that moment. */
export async function createInvitations(
  db: Queryable,
  input: { planId: number; count: number; validDays: number; createdBy: number; now: Date },
): Promise<Invitation[]> {
  const { countMin, countMax, validDaysMin, validDaysMax } = INVITATION_LIMITS;
  inRange('count', input.count, countMin, countMax);
  inRange('validDays', input.validDays, validDaysMin, validDaysMax);
  const codes = Array.from({ length: input.count }, generateInvitationCode);
  const expiresAt = new Date(input.now.getTime() + input.validDays * DAY_MS);
  const rows: InvitationRow[] = await db.query(sql`
    INSERT INTO invitation_codes AS i (code, plan_id, created_by, created_at, expires_at)
    SELECT c.code, p.id, ${input.createdBy}, ${input.now}, ${expiresAt}
    FROM unnest(${codes}::text[]) WITH ORDINALITY AS c(code, n)
    JOIN plans p ON p.id = ${input.planId} AND p.active
    ORDER BY c.n
    RETURNING ${invitationColumns}, i.plan_id`);
  if (rows.length === 0) {
    const [plan] = await db.query(sql`SELECT active FROM plans WHERE id = ${input.planId}`);
    throw new PlanUnavailableError(input.planId, plan ? 'inactive' : 'not_found');
  }
  return rows.map(invitationFromRow).sort((a, b) => a.id - b.id);
}

export type ClaimResult =
  | { status: 'claimed'; invitation: Invitation; plan: Plan }
  | { status: 'used' | 'expired' | 'revoked' | 'plan_inactive'; invitation: Invitation; plan: Plan }
  | { status: 'unknown' };

/**
 * Marks a code used by `userId`, exactly once whatever the concurrency: the conditional UPDATE
 * takes the row lock, and under READ COMMITTED a concurrent claim waits for it, re-reads the row
 * and finds it used. (Under SERIALIZABLE the losers would fail with 40001 instead.) A plan
 * deactivated at the same moment is not locked against: the claim counts as made before it.
 * `used` also answers a person claiming their own code again; compare `invitation.usedBy`.
 */
export async function claimInvitation(
  tx: Queryable,
  code: string,
  userId: number,
  now: Date,
): Promise<ClaimResult> {
  if (!CODE_SHAPE.test(code)) return { status: 'unknown' };
  const [claimed] = await tx.query(sql`
    UPDATE invitation_codes i SET used_by = ${userId}, used_at = ${now}
    FROM plans p
    WHERE i.code = ${code} AND p.id = i.plan_id AND p.active
      AND i.used_by IS NULL AND i.revoked_at IS NULL AND i.expires_at > ${now}
    RETURNING ${invitationColumns}, ${planColumns}`);
  if (claimed)
    return { status: 'claimed', invitation: invitationFromRow(claimed), plan: planFromRow(claimed) };
  const found = await describeInvitation(tx, code, now);
  if (!found) return { status: 'unknown' };
  const { invitation, plan, state } = found;
  // Still available means the plan's `active` was what stopped the update.
  return { status: state === 'available' ? 'plan_inactive' : state, invitation, plan };
}

export async function describeInvitation(
  db: Queryable,
  code: string,
  now: Date,
): Promise<{ invitation: Invitation; plan: Plan; state: InvitationState } | undefined> {
  if (!CODE_SHAPE.test(code)) return undefined;
  const [row] = await db.query(sql`
    SELECT ${invitationColumns}, ${planColumns}
    FROM invitation_codes i JOIN plans p ON p.id = i.plan_id
    WHERE i.code = ${code}`);
  if (!row) return undefined;
  const invitation = invitationFromRow(row);
  return { invitation, plan: planFromRow(row), state: invitationState(invitation, now) };
}

export interface InvitationView extends Invitation {
  state: InvitationState;
  planName: string;
  usedByName: string | null;
  usedByUsername: string | null;
}

/** The same rules as `invitationState`, as SQL, so that paging counts only matching codes. */
function stateCondition(state: InvitationState, now: Date): SQLQuery {
  switch (state) {
    case 'revoked':
      return sql`i.revoked_at IS NOT NULL`;
    case 'used':
      return sql`i.revoked_at IS NULL AND i.used_by IS NOT NULL`;
    case 'expired':
      return sql`i.revoked_at IS NULL AND i.used_by IS NULL AND i.expires_at <= ${now}`;
    case 'available':
      return sql`i.revoked_at IS NULL AND i.used_by IS NULL AND i.expires_at > ${now}`;
  }
}

/** Newest first, optionally of one plan and in one state. */
export async function listInvitations(
  db: Queryable,
  options: { planId?: number; state?: InvitationState; offset: number; limit: number; now: Date },
): Promise<Page<InvitationView>> {
  const where = sql.join(
    [
      options.planId === undefined ? sql`TRUE` : sql`i.plan_id = ${options.planId}`,
      options.state === undefined ? sql`TRUE` : stateCondition(options.state, options.now),
    ],
    ' AND ',
  );
  const rows = await db.query(sql`
    SELECT ${invitationColumns}, i.plan_id, p.name AS plan_name, u.username AS used_by_username,
           NULLIF(concat_ws(' ', NULLIF(u.first_name, ''), u.last_name), '') AS used_by_name
    FROM invitation_codes i
    JOIN plans p ON p.id = i.plan_id
    LEFT JOIN users u ON u.user_id = i.used_by
    WHERE ${where}
    ORDER BY i.created_at DESC, i.id DESC
    LIMIT ${options.limit} OFFSET ${options.offset}`);
  const [count] = await db.query(sql`SELECT count(*) AS total FROM invitation_codes i WHERE ${where}`);
  return {
    items: rows.map(
      (
        r: InvitationRow & {
          plan_name: string;
          used_by_name: string | null;
          used_by_username: string | null;
        },
      ) => {
        const invitation = invitationFromRow(r);
        return {
          ...invitation,
          state: invitationState(invitation, options.now),
          planName: r.plan_name,
          usedByName: r.used_by_name,
          usedByUsername: r.used_by_username,
        };
      },
    ),
    total: count.total,
  };
}

/** A used code stays used: revoking is for codes not yet claimed (a leaked link, a mistake). */
export async function revokeInvitation(
  db: Queryable,
  id: number,
  now: Date,
): Promise<'revoked' | 'already_used' | 'already_revoked' | 'not_found'> {
  const revoked = await db.query(sql`
    UPDATE invitation_codes SET revoked_at = ${now}
    WHERE id = ${id} AND used_by IS NULL AND revoked_at IS NULL
    RETURNING id`);
  if (revoked.length === 1) return 'revoked';
  const [row] = await db.query(sql`SELECT used_by, revoked_at FROM invitation_codes WHERE id = ${id}`);
  if (!row) return 'not_found';
  return row.used_by === null ? 'already_revoked' : 'already_used';
}
