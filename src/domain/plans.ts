import { type Queryable, sql } from '@databases/pg';
import type { Page } from './paging.ts';

/** What a VIP membership costs and how long it lasts. Codes are issued for a plan. */
export interface Plan {
  id: number;
  name: string;
  durationDays: number;
  /** Exact decimal with two places, e.g. "10.00" (numeric never passes through a float). */
  price: string;
  currency: string;
  active: boolean;
  createdBy: number;
  createdAt: Date;
}

export type PlanFields = Pick<Plan, 'name' | 'durationDays' | 'price' | 'currency'>;

export const PLAN_LIMITS = { nameMax: 100, daysMin: 1, daysMax: 3650, priceMax: 99999.99 } as const;

/** Why an admin's input was refused; the voice turns the code into words. */
export type ParseProblem =
  | 'empty'
  | 'too_long'
  | 'too_many'
  | 'not_a_number'
  | 'not_whole'
  | 'too_many_decimals'
  | 'out_of_range'
  | 'bad_currency'
  | 'bad_handle'
  | 'not_an_emoji';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: ParseProblem };

const accept = <T>(value: T): Parsed<T> => ({ ok: true, value });
const refuse = <T>(problem: ParseProblem): Parsed<T> => ({ ok: false, problem });

/** A plan name is a single line (it becomes a button label); length in characters, as Postgres counts. */
export function parsePlanName(raw: string): Parsed<string> {
  const name = raw
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (name === '') return refuse('empty');
  if ([...name].length > PLAN_LIMITS.nameMax) return refuse('too_long');
  return accept(name);
}

/** A whole number between `min` and `max`; "1.5" and "1e3" are refused, not rounded. */
export function parseWholeNumber(raw: string, min: number, max: number): Parsed<number> {
  const text = raw.trim();
  if (text === '') return refuse('empty');
  if (/^[+-]?\d+$/.test(text)) {
    const n = Number(text);
    return n >= min && n <= max ? accept(n) : refuse('out_of_range');
  }
  if (/^[+-]?\d*[.,]\d+$/.test(text)) return refuse('not_whole');
  return refuse('not_a_number');
}

export function parsePlanDays(raw: string): Parsed<number> {
  return parseWholeNumber(raw, PLAN_LIMITS.daysMin, PLAN_LIMITS.daysMax);
}

const PRICE_MAX_CENTS = Math.round(PLAN_LIMITS.priceMax * 100);

/** "10", "10.5", "10,50" -> "10.00", "10.50", "10.50": a comma is the decimal mark in Spanish. */
export function parsePlanPrice(raw: string): Parsed<string> {
  const text = raw.trim();
  if (text === '') return refuse('empty');
  const match = /^([+-]?)(\d+)(?:[.,](\d+))?$/.exec(text);
  if (!match) return refuse('not_a_number');
  const [, sign, whole = '', fraction = ''] = match;
  if (fraction.length > 2) return refuse('too_many_decimals');
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if ((sign === '-' && cents > 0) || cents > PRICE_MAX_CENTS) return refuse('out_of_range');
  return accept(`${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`);
}

const CURRENCY_SYMBOLS = new Map([
  ['$', 'USD'],
  ['€', 'EUR'],
  ['£', 'GBP'],
]);

/** An ISO 4217-shaped code in any case, or one of the common symbols. */
export function parseCurrency(raw: string): Parsed<string> {
  const text = raw.trim();
  if (text === '') return refuse('empty');
  const bySymbol = CURRENCY_SYMBOLS.get(text);
  if (bySymbol) return accept(bySymbol);
  return /^[A-Za-z]{3}$/.test(text) ? accept(text.toUpperCase()) : refuse('bad_currency');
}

/** Plan fields a caller passed that the parsers would refuse: a bug upstream, not user input. */
export class InvalidPlanError extends Error {
  constructor(
    readonly field: keyof PlanFields,
    readonly problem: ParseProblem,
  ) {
    super(`invalid plan ${field}: ${problem}`);
    this.name = 'InvalidPlanError';
  }
}

function valid<T>(field: keyof PlanFields, parsed: Parsed<T>): T {
  if (parsed.ok) return parsed.value;
  throw new InvalidPlanError(field, parsed.problem);
}

/** The same rules as the admin input, so "10" is stored as "10.00" and "usd" as "USD". */
function normalize(fields: Partial<PlanFields>): Partial<PlanFields> {
  const { name, durationDays, price, currency } = fields;
  return {
    name: name === undefined ? undefined : valid('name', parsePlanName(name)),
    durationDays:
      durationDays === undefined ? undefined : valid('durationDays', parsePlanDays(String(durationDays))),
    price: price === undefined ? undefined : valid('price', parsePlanPrice(price)),
    currency: currency === undefined ? undefined : valid('currency', parseCurrency(currency)),
  };
}

/** A plan's columns from `plans p`, prefixed so that a query joining plans cannot clash. */
export const planColumns = sql`p.id AS plan_id, p.name AS plan_name, p.duration_days AS plan_duration_days,
  p.price AS plan_price, p.currency AS plan_currency, p.active AS plan_active,
  p.created_by AS plan_created_by, p.created_at AS plan_created_at`;

export interface PlanRow {
  plan_id: number;
  plan_name: string;
  plan_duration_days: number;
  plan_price: string;
  plan_currency: string;
  plan_active: boolean;
  plan_created_by: number;
  plan_created_at: Date;
}

export const planFromRow = (r: PlanRow): Plan => ({
  id: r.plan_id,
  name: r.plan_name,
  durationDays: r.plan_duration_days,
  price: r.plan_price,
  currency: r.plan_currency,
  active: r.plan_active,
  createdBy: r.plan_created_by,
  createdAt: r.plan_created_at,
});

export async function createPlan(
  db: Queryable,
  input: PlanFields & { createdBy: number; now: Date },
): Promise<Plan> {
  const f = normalize(input);
  const [row] = await db.query(sql`
    INSERT INTO plans AS p (name, duration_days, price, currency, created_by, created_at, updated_at)
    VALUES (${f.name}, ${f.durationDays}, ${f.price}, ${f.currency}, ${input.createdBy}, ${input.now}, ${input.now})
    RETURNING ${planColumns}`);
  return planFromRow(row);
}

export async function getPlan(db: Queryable, id: number): Promise<Plan | undefined> {
  const [row] = await db.query(sql`SELECT ${planColumns} FROM plans p WHERE p.id = ${id}`);
  return row && planFromRow(row);
}

export type PlanWithCodes = Plan & { codesTotal: number; codesUsed: number };

/** Active plans first, then by name; each with how many codes were issued and used. */
export async function listPlans(
  db: Queryable,
  options: { includeInactive: boolean; offset: number; limit: number },
): Promise<Page<PlanWithCodes>> {
  const where = options.includeInactive ? sql`TRUE` : sql`p.active`;
  const rows = await db.query(sql`
    SELECT ${planColumns}, c.total AS codes_total, c.used AS codes_used
    FROM plans p
    CROSS JOIN LATERAL (
      SELECT count(*) AS total, count(*) FILTER (WHERE used_by IS NOT NULL) AS used
      FROM invitation_codes WHERE plan_id = p.id
    ) c
    WHERE ${where}
    ORDER BY p.active DESC, lower(p.name), p.id
    LIMIT ${options.limit} OFFSET ${options.offset}`);
  const [count] = await db.query(sql`SELECT count(*) AS total FROM plans p WHERE ${where}`);
  return {
    items: rows.map((r: PlanRow & { codes_total: number; codes_used: number }) => ({
      ...planFromRow(r),
      codesTotal: r.codes_total,
      codesUsed: r.codes_used,
    })),
    total: count.total,
  };
}

/** Changes only the fields given. Codes already issued follow the plan's new terms when claimed. */
export async function updatePlan(
  db: Queryable,
  id: number,
  patch: Partial<PlanFields>,
  now: Date,
): Promise<Plan | undefined> {
  const f = normalize(patch);
  const [row] = await db.query(sql`
    UPDATE plans p SET
      name = COALESCE(${f.name ?? null}, name),
      duration_days = COALESCE(${f.durationDays ?? null}, duration_days),
      price = COALESCE(${f.price ?? null}, price),
      currency = COALESCE(${f.currency ?? null}, currency),
      updated_at = ${now}
    WHERE p.id = ${id}
    RETURNING ${planColumns}`);
  return row && planFromRow(row);
}

/** An inactive plan keeps its codes and members, but no new code is issued or claimed for it. */
export async function setPlanActive(
  db: Queryable,
  id: number,
  active: boolean,
  now: Date,
): Promise<Plan | undefined> {
  const [row] = await db.query(
    sql`UPDATE plans p SET active = ${active}, updated_at = ${now} WHERE p.id = ${id} RETURNING ${planColumns}`,
  );
  return row && planFromRow(row);
}

/**
 * Deletes a plan nothing refers to. A code inserted concurrently is caught by the foreign key,
 * so the check cannot be raced; the savepoint keeps a caller's transaction usable after it.
 */
export async function deletePlanIfUnused(
  db: Queryable,
  id: number,
): Promise<'deleted' | 'in_use' | 'not_found'> {
  try {
    return await db.tx(async (tx) => {
      const deleted = await tx.query(sql`
        DELETE FROM plans p WHERE p.id = ${id}
          AND NOT EXISTS (SELECT 1 FROM invitation_codes WHERE plan_id = p.id)
          AND NOT EXISTS (SELECT 1 FROM vip_memberships WHERE plan_id = p.id)
        RETURNING id`);
      if (deleted.length === 1) return 'deleted';
      const exists = await tx.query(sql`SELECT 1 FROM plans WHERE id = ${id}`);
      return exists.length === 1 ? 'in_use' : 'not_found';
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23503') return 'in_use';
    throw error;
  }
}
