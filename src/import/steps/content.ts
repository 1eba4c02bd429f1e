import {
  insertLegacyPackage,
  type LegacyPackage,
  packageIdsByKey,
  packageKey,
} from '../../domain/legacy-catalogue.ts';
import { insertLegacyInterests, type LegacyInterest, recordedInterests } from '../../domain/legacy-people.ts';
import {
  isPackageCategory,
  parsePackageDescription,
  parsePackageName,
  parsePackagePrice,
} from '../../domain/packages.ts';
import { chunks, type ImportContext } from '../context.ts';
import type { LegacyRow } from '../schema.ts';
import { Tally } from '../tally.ts';
import { flag, instant, money, text, whole } from '../values.ts';

/** A legacy package by the custodian's input rules; null when Lucien cannot hold it. */
function toPackage(row: LegacyRow<'content_packages'>): LegacyPackage | null {
  const name = parsePackageName(String(row.name ?? ''));
  const category = String(row.category ?? '').toUpperCase();
  const rawDescription = text(row.description);
  const description = rawDescription === null ? null : parsePackageDescription(rawDescription);
  const rawPrice = money(row.price);
  // The old column allowed up to 99 999 999.99; Lucien's stops at 99 999.99.
  const price = rawPrice === null ? null : parsePackagePrice(rawPrice);
  const createdAt = instant(row.created_at);
  if (!name.ok || !isPackageCategory(category) || createdAt === null) return null;
  if ((description && !description.ok) || (price && !price.ok)) return null;
  return {
    name: name.value,
    category,
    price: price?.ok ? price.value : null,
    description: description?.ok ? description.value : null,
    photoFileId: text(row.media_url),
    active: flag(row.is_active),
    createdAt,
    updatedAt: Math.max(createdAt, instant(row.updated_at) ?? createdAt),
  };
}

/** Content packages, one by one (a catalogue is small); the same name and date is the same package. */
export async function importPackages(ctx: ImportContext): Promise<Tally> {
  const tally = new Tally('packages');
  const rows = await ctx.source.rows('content_packages');
  tally.read = rows.length;
  ctx.progress.start('packages', rows.length);
  const known = ctx.target ? await packageIdsByKey(ctx.target) : new Map<string, number>();
  let placeholder = 0;
  for (const row of rows) {
    const pkg = toPackage(row);
    const legacyId = whole(row.id);
    if (!pkg || legacyId === null) tally.skip('bad_package');
    else {
      let id = known.get(packageKey(pkg));
      if (id !== undefined) tally.already++;
      else {
        tally.imported++;
        id = ctx.dryRun ? --placeholder : await insertLegacyPackage(ctx.db, pkg);
        known.set(packageKey(pkg), id);
      }
      ctx.packages.set(legacyId, id);
    }
    ctx.progress.advance(1);
  }
  return tally;
}

/** "Me interesa" of people in packages; attended ones keep when, not by whom (it was not kept). */
export async function importInterests(ctx: ImportContext): Promise<Tally> {
  const tally = new Tally('interests');
  const rows = await ctx.source.rows('user_interests');
  tally.read = rows.length;
  ctx.progress.start('interests', rows.length);
  for (const batch of chunks(rows, ctx.batchSize)) {
    const interests: LegacyInterest[] = [];
    for (const row of batch) {
      const userId = whole(row.user_id);
      const packageId = ctx.packages.get(whole(row.package_id) ?? Number.NaN);
      const createdAt = instant(row.created_at);
      if (userId === null || userId <= 0) tally.skip('bad_user');
      else if (packageId === undefined) tally.skip('package_missing');
      else if (createdAt === null) tally.skip('bad_dates');
      else {
        const attendedAt = flag(row.is_attended) ? (instant(row.attended_at) ?? createdAt) : null;
        interests.push({ userId, packageId, createdAt, attendedAt });
      }
    }
    const known = ctx.target
      ? await recordedInterests(
          ctx.target,
          interests.map((i) => i.userId),
        )
      : new Set<string>();
    const fresh = interests.filter((i) => !known.has(`${i.userId}|${i.packageId}`));
    tally.already += interests.length - fresh.length;
    tally.imported += ctx.dryRun ? fresh.length : await insertLegacyInterests(ctx.db, fresh);
    ctx.progress.advance(batch.length);
  }
  return tally;
}
