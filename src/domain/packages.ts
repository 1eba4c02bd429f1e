import { type Queryable, type SQLQuery, sql } from '@databases/pg';
import type { Page, PageRequest } from './paging.ts';
import { type Parsed, type ParseProblem, parseCurrency, parsePlanPrice } from './plans.ts';
import type { Role } from './users.ts';

export type PackageCategory = 'FREE_CONTENT' | 'VIP_CONTENT' | 'VIP_PREMIUM';

/** In the order the admin's lists group them. */
export const PACKAGE_CATEGORIES: readonly PackageCategory[] = ['FREE_CONTENT', 'VIP_CONTENT', 'VIP_PREMIUM'];

/** A piece of content the creator offers; people press a button to show their interest. */
export interface Package {
  id: number;
  name: string;
  category: PackageCategory;
  /** Exact decimal with two places, e.g. "10.00"; null: offered without a price. */
  price: string | null;
  currency: string;
  description: string | null;
  /** A Telegram file_id of the package's photo. */
  photoFileId: string | null;
  active: boolean;
  createdBy: number;
  createdAt: Date;
  updatedAt: Date;
}

export type PackageFields = Pick<
  Package,
  'name' | 'category' | 'price' | 'currency' | 'description' | 'photoFileId'
>;

export const PACKAGE_LIMITS = { nameMax: 200, descriptionMax: 1000 } as const;

const accept = <T>(value: T): Parsed<T> => ({ ok: true, value });
const refuse = <T>(problem: ParseProblem): Parsed<T> => ({ ok: false, problem });
const length = (text: string) => [...text].length;

/** A single line (it becomes a button label) of 1 to 200 characters, as Postgres counts them. */
export function parsePackageName(raw: string): Parsed<string> {
  const name = raw
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (name === '') return refuse('empty');
  return length(name) > PACKAGE_LIMITS.nameMax ? refuse('too_long') : accept(name);
}

/** The same rules as a plan's price: "10,5" -> "10.50", 0 to 99999.99. */
export function parsePackagePrice(raw: string): Parsed<string> {
  return parsePlanPrice(raw);
}

/** Lines are kept (at most one empty line in a row); other control characters become spaces. */
export function parsePackageDescription(raw: string): Parsed<string> {
  const text = raw
    .replace(/\r\n?/g, '\n')
    .replace(/[^\P{Cc}\n]/gu, ' ')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (text === '') return refuse('empty');
  return length(text) > PACKAGE_LIMITS.descriptionMax ? refuse('too_long') : accept(text);
}

export const isPackageCategory = (value: unknown): value is PackageCategory =>
  PACKAGE_CATEGORIES.includes(value as PackageCategory);

/** Package fields a caller passed that the parsers would refuse: a bug upstream, not user input. */
export class InvalidPackageError extends Error {
  constructor(
    readonly field: keyof PackageFields,
    readonly problem: ParseProblem,
  ) {
    super(`invalid package ${field}: ${problem}`);
    this.name = 'InvalidPackageError';
  }
}

function valid<T>(field: keyof PackageFields, parsed: Parsed<T>): T {
  if (parsed.ok) return parsed.value;
  throw new InvalidPackageError(field, parsed.problem);
}

/** Checks and normalizes the fields given, as the admin's input would; null stays null. */
function normalize(fields: Partial<PackageFields>): Partial<PackageFields> {
  const f: Partial<PackageFields> = {};
  if (fields.name !== undefined) f.name = valid('name', parsePackageName(fields.name));
  if (fields.category !== undefined) {
    if (!isPackageCategory(fields.category)) throw new InvalidPackageError('category', 'out_of_range');
    f.category = fields.category;
  }
  if (fields.price !== undefined)
    f.price = fields.price === null ? null : valid('price', parsePackagePrice(fields.price));
  if (fields.currency !== undefined) f.currency = valid('currency', parseCurrency(fields.currency));
  if (fields.description !== undefined)
    f.description =
      fields.description === null ? null : valid('description', parsePackageDescription(fields.description));
  if (fields.photoFileId !== undefined) {
    if (fields.photoFileId === '') throw new InvalidPackageError('photoFileId', 'empty');
    f.photoFileId = fields.photoFileId;
  }
  return f;
}

// Every query reads a package from `content_packages k`.
const packageColumns = sql`k.id, k.name, k.category, k.price, k.currency, k.description, k.photo_file_id,
  k.active, k.created_by, k.created_at, k.updated_at`;

interface PackageRow {
  id: number;
  name: string;
  category: PackageCategory;
  price: string | null;
  currency: string;
  description: string | null;
  photo_file_id: string | null;
  active: boolean;
  created_by: number;
  created_at: Date;
  updated_at: Date;
}

const packageFromRow = (r: PackageRow): Package => ({
  id: r.id,
  name: r.name,
  category: r.category,
  price: r.price,
  currency: r.currency,
  description: r.description,
  photoFileId: r.photo_file_id,
  active: r.active,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** `price`, `description` and `photoFileId` may be left out (null); `currency` defaults to USD. */
export async function createPackage(
  db: Queryable,
  input: Pick<PackageFields, 'name' | 'category'> &
    Partial<Omit<PackageFields, 'name' | 'category'>> & { createdBy: number; now: Date },
): Promise<Package> {
  const f = normalize(input);
  const [row] = await db.query(sql`
    INSERT INTO content_packages AS k
      (name, category, price, currency, description, photo_file_id, created_by, created_at, updated_at)
    VALUES (${f.name}, ${f.category}, ${f.price ?? null}, ${f.currency ?? 'USD'}, ${f.description ?? null},
            ${f.photoFileId ?? null}, ${input.createdBy}, ${input.now}, ${input.now})
    RETURNING ${packageColumns}`);
  return packageFromRow(row);
}

export async function getPackage(db: Queryable, id: number): Promise<Package | undefined> {
  const [row] = await db.query(sql`SELECT ${packageColumns} FROM content_packages k WHERE k.id = ${id}`);
  return row && packageFromRow(row);
}

const columnOf: Record<keyof PackageFields, SQLQuery> = {
  name: sql`name`,
  category: sql`category`,
  price: sql`price`,
  currency: sql`currency`,
  description: sql`description`,
  photoFileId: sql`photo_file_id`,
};

/** Changes only the fields given; `null` clears the price, the description or the photo. */
export async function updatePackage(
  db: Queryable,
  id: number,
  patch: Partial<PackageFields>,
  now: Date,
): Promise<Package | undefined> {
  const f = normalize(patch);
  const sets = [sql`updated_at = ${now}`];
  for (const [field, value] of Object.entries(f) as [keyof PackageFields, string | null][])
    sets.push(sql`${columnOf[field]} = ${value}`);
  const [row] = await db.query(sql`
    UPDATE content_packages k SET ${sql.join(sets, ', ')} WHERE k.id = ${id} RETURNING ${packageColumns}`);
  return row && packageFromRow(row);
}

/** An inactive package is offered to nobody; the interests already shown in it stay. */
export async function setPackageActive(
  db: Queryable,
  id: number,
  active: boolean,
  now: Date,
): Promise<Package | undefined> {
  const [row] = await db.query(sql`
    UPDATE content_packages k SET active = ${active}, updated_at = ${now}
    WHERE k.id = ${id} RETURNING ${packageColumns}`);
  return row && packageFromRow(row);
}

async function page(db: Queryable, where: SQLQuery, order: SQLQuery, p: PageRequest): Promise<Page<Package>> {
  const rows = await db.query(sql`
    SELECT ${packageColumns} FROM content_packages k WHERE ${where}
    ORDER BY ${order} LIMIT ${p.limit} OFFSET ${p.offset}`);
  const [count] = await db.query(sql`SELECT count(*) AS total FROM content_packages k WHERE ${where}`);
  return { items: rows.map(packageFromRow), total: count.total };
}

/** The admin's list: the newest first. */
export async function listPackages(
  db: Queryable,
  options: { includeInactive: boolean } & PageRequest,
): Promise<Page<Package>> {
  const where = options.includeInactive ? sql`TRUE` : sql`k.active`;
  return page(db, where, sql`k.created_at DESC, k.id DESC`, options);
}

const byName = sql`lower(k.name), k.id`;

/**
 * What a person of a role is offered, active packages only. FREE: free content, by name.
 * VIP: premium content, those without a price first, then the cheapest, then by name.
 * ADMIN: everything, by category, then by name.
 */
export async function packagesForRole(db: Queryable, role: Role, p: PageRequest): Promise<Page<Package>> {
  switch (role) {
    case 'FREE':
      return page(db, sql`k.active AND k.category = 'FREE_CONTENT'`, byName, p);
    case 'VIP':
      return page(
        db,
        sql`k.active AND k.category = 'VIP_PREMIUM'`,
        sql`k.price ASC NULLS FIRST, ${byName}`,
        p,
      );
    case 'ADMIN':
      return page(
        db,
        sql`k.active`,
        sql`array_position(${PACKAGE_CATEGORIES}::text[], k.category), ${byName}`,
        p,
      );
  }
}
