import { type Queryable, sql } from '@databases/pg';
import type { PackageCategory } from './packages.ts';

/**
 * Batch writes of the importer of the previous bot: plans, invitation codes and content
 * packages, keeping their original dates. Each skips what is already there.
 */

const iso = (ms: number) => new Date(ms).toISOString();

/** A plan's terms, normalized as the admin's input would store them ("9.99", "USD"). */
export interface PlanTerms {
  name: string;
  durationDays: number;
  price: string;
  currency: string;
  active: boolean;
}

/** The oldest plan with exactly these terms, if Lucien has one. */
export async function findPlanByTerms(db: Queryable, t: PlanTerms): Promise<number | undefined> {
  const [row] = await db.query(sql`
    SELECT id FROM plans
    WHERE name = ${t.name} AND duration_days = ${t.durationDays} AND price = ${t.price}::numeric
      AND currency = ${t.currency} AND active = ${t.active}
    ORDER BY id LIMIT 1`);
  return row?.id;
}

export async function insertLegacyPlan(
  db: Queryable,
  t: PlanTerms & { createdBy: number; createdAt: number },
): Promise<number> {
  const [row] = await db.query(sql`
    INSERT INTO plans (name, duration_days, price, currency, active, created_by, created_at, updated_at)
    VALUES (${t.name}, ${t.durationDays}, ${t.price}::numeric, ${t.currency}, ${t.active}, ${t.createdBy},
            ${iso(t.createdAt)}, ${iso(t.createdAt)})
    RETURNING id`);
  return row.id;
}

export interface LegacyInvitation {
  code: string;
  planId: number;
  createdBy: number;
  createdAt: number;
  expiresAt: number;
  usedBy: number | null;
  usedAt: number | null;
  revokedAt: number | null;
}

/** The codes among `codes` Lucien already has. */
export async function knownCodes(db: Queryable, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.query(sql`SELECT code FROM invitation_codes WHERE code = ANY(${codes}::text[])`);
  return new Set(rows.map((r: { code: string }) => r.code));
}

export async function insertLegacyInvitations(
  db: Queryable,
  invitations: readonly LegacyInvitation[],
): Promise<number> {
  if (invitations.length === 0) return 0;
  const at = (ms: number | null) => (ms === null ? null : iso(ms));
  const rows = await db.query(sql`
    INSERT INTO invitation_codes (code, plan_id, created_by, created_at, expires_at, used_by, used_at, revoked_at)
    SELECT * FROM unnest(
      ${invitations.map((i) => i.code)}::text[], ${invitations.map((i) => i.planId)}::int[],
      ${invitations.map((i) => i.createdBy)}::bigint[], ${invitations.map((i) => iso(i.createdAt))}::timestamptz[],
      ${invitations.map((i) => iso(i.expiresAt))}::timestamptz[], ${invitations.map((i) => i.usedBy)}::bigint[],
      ${invitations.map((i) => at(i.usedAt))}::timestamptz[], ${invitations.map((i) => at(i.revokedAt))}::timestamptz[])
    ON CONFLICT (code) DO NOTHING
    RETURNING id`);
  return rows.length;
}

export interface LegacyPackage {
  name: string;
  category: PackageCategory;
  price: string | null;
  description: string | null;
  photoFileId: string | null;
  active: boolean;
  createdAt: number;
  updatedAt: number;
}

/** A package is the same one when its name and creation moment are. */
export const packageKey = (p: { name: string; createdAt: number }) => `${p.createdAt}|${p.name}`;

/** Every package's id by `packageKey` (the catalogue is small: a few hundred at most). */
export async function packageIdsByKey(db: Queryable): Promise<Map<string, number>> {
  const rows = await db.query(sql`SELECT id, name, created_at FROM content_packages`);
  return new Map(
    rows.map((r: { id: number; name: string; created_at: Date }) => [
      packageKey({ name: r.name, createdAt: r.created_at.getTime() }),
      r.id,
    ]),
  );
}

/** Imported packages are priced in the currency Lucien assumes (USD) and created by the system (0). */
export async function insertLegacyPackage(db: Queryable, p: LegacyPackage): Promise<number> {
  const [row] = await db.query(sql`
    INSERT INTO content_packages (name, category, price, description, photo_file_id, active, created_by,
                                  created_at, updated_at)
    VALUES (${p.name}, ${p.category}, ${p.price}::numeric, ${p.description}, ${p.photoFileId}, ${p.active}, 0,
            ${iso(p.createdAt)}, ${iso(p.updatedAt)})
    RETURNING id`);
  return row.id;
}
