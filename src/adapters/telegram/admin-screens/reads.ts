import { type Queryable, sql } from '@databases/pg';
import { type InvitationView, invitationState } from '../../../domain/invitations.ts';

/**
 * The few reads the admin screens need that the domain modules do not offer as functions.
 * Read-only, and following the domain's own rules (`invitationState`).
 */

/** How many codes a plan has (issued, used) and how many memberships point at it. */
export async function planUsage(
  db: Queryable,
  planId: number,
): Promise<{ codesTotal: number; codesUsed: number; memberships: number }> {
  const [row] = await db.query(sql`
    SELECT (SELECT count(*) FROM invitation_codes WHERE plan_id = ${planId}) AS codes_total,
           (SELECT count(*) FROM invitation_codes WHERE plan_id = ${planId} AND used_by IS NOT NULL) AS codes_used,
           (SELECT count(*) FROM vip_memberships WHERE plan_id = ${planId}) AS memberships`);
  return { codesTotal: row.codes_total, codesUsed: row.codes_used, memberships: row.memberships };
}

/** One code as the admin list shows it, by id. */
export async function invitationById(
  db: Queryable,
  id: number,
  now: Date,
): Promise<InvitationView | undefined> {
  const [r] = await db.query(sql`
    SELECT i.id, i.code, i.plan_id, i.created_by, i.created_at, i.expires_at, i.used_by, i.used_at, i.revoked_at,
           p.name AS plan_name, u.username AS used_by_username,
           NULLIF(concat_ws(' ', NULLIF(u.first_name, ''), u.last_name), '') AS used_by_name
    FROM invitation_codes i
    JOIN plans p ON p.id = i.plan_id
    LEFT JOIN users u ON u.user_id = i.used_by
    WHERE i.id = ${id}`);
  if (!r) return undefined;
  const invitation = {
    id: r.id,
    code: r.code,
    planId: r.plan_id,
    createdBy: r.created_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    usedBy: r.used_by,
    usedAt: r.used_at,
    revokedAt: r.revoked_at,
  };
  return {
    ...invitation,
    state: invitationState(invitation, now),
    planName: r.plan_name,
    usedByName: r.used_by_name,
    usedByUsername: r.used_by_username,
  };
}

/** The codes `createdBy` issued for a plan at the instant `createdAt`: one batch, in issue order. */
export async function batchCodes(
  db: Queryable,
  batch: { planId: number; createdBy: number; createdAt: Date },
): Promise<{ codes: string[]; expiresAt: Date } | undefined> {
  const rows: { code: string; expires_at: Date }[] = await db.query(sql`
    SELECT code, expires_at FROM invitation_codes
    WHERE plan_id = ${batch.planId} AND created_by = ${batch.createdBy} AND created_at = ${batch.createdAt}
    ORDER BY id`);
  const [first] = rows;
  return first && { codes: rows.map((r) => r.code), expiresAt: first.expires_at };
}
