import { type Queryable, sql } from '@databases/pg';
import { getPackage } from '../../../domain/packages.ts';
import type { PackageDetail } from './data.ts';

/** How many people showed interest in one package, and how many of them still wait. */
export async function packageInterestCounts(
  db: Queryable,
  packageId: number,
): Promise<{ pending: number; total: number }> {
  const [row] = await db.query(sql`
    SELECT count(*) FILTER (WHERE NOT attended) AS pending, count(*) AS total
    FROM interests WHERE package_id = ${packageId}`);
  return { pending: Number(row?.pending ?? 0), total: Number(row?.total ?? 0) };
}

/** A package with its interests; undefined when it no longer exists. */
export async function packageDetail(db: Queryable, packageId: number): Promise<PackageDetail | undefined> {
  const [pkg, interests] = await Promise.all([
    getPackage(db, packageId),
    packageInterestCounts(db, packageId),
  ]);
  return pkg && { ...pkg, interests };
}
