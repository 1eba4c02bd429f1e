import { findPlanByTerms, insertLegacyPlan, type PlanTerms } from '../../domain/legacy-catalogue.ts';
import { parseCurrency, parsePlanDays, parsePlanName, parsePlanPrice } from '../../domain/plans.ts';
import type { ImportContext } from '../context.ts';
import type { LegacyRow } from '../schema.ts';
import { Tally } from '../tally.ts';
import { flag, instant, money, whole } from '../values.ts';

/** The terms of a legacy plan by the admin's input rules, or null when Lucien cannot hold them. */
function termsOf(row: LegacyRow<'subscription_plans'>): PlanTerms | null {
  const name = parsePlanName(String(row.name ?? ''));
  const days = parsePlanDays(String(whole(row.duration_days) ?? ''));
  const price = parsePlanPrice(money(row.price) ?? '');
  const currency = parseCurrency(String(row.currency ?? ''));
  if (!name.ok || !days.ok || !price.ok || !currency.ok) return null;
  return {
    name: name.value,
    durationDays: days.value,
    price: price.value,
    currency: currency.value,
    active: flag(row.active),
  };
}

/**
 * Plans. The previous bot created a new row each time a plan was saved, so many rows share
 * name and terms: rows with the same terms become one Lucien plan (the oldest row's date and
 * author), and every legacy id points at it, so each code keeps its plan's duration and price.
 */
export async function importPlans(ctx: ImportContext): Promise<Tally> {
  const tally = new Tally('plans');
  const rows = await ctx.source.rows('subscription_plans');
  tally.read = rows.length;
  ctx.progress.start('plans', rows.length);
  const groups = new Map<string, { terms: PlanTerms; rows: LegacyRow<'subscription_plans'>[] }>();
  for (const row of rows) {
    const terms = termsOf(row);
    const id = whole(row.id);
    if (!terms || id === null) {
      tally.skip('bad_plan');
      if (id !== null) ctx.plansSkipped.add(id);
      continue;
    }
    const key = JSON.stringify(terms);
    const group = groups.get(key) ?? { terms, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  let placeholder = 0;
  for (const { terms, rows: members } of groups.values()) {
    const oldest = members.reduce((a, b) =>
      (instant(a.created_at) ?? 0) <= (instant(b.created_at) ?? 0) ? a : b,
    );
    let id = ctx.target ? await findPlanByTerms(ctx.target, terms) : undefined;
    if (id !== undefined) tally.already += members.length;
    else {
      tally.imported += members.length;
      id = ctx.dryRun
        ? --placeholder
        : await insertLegacyPlan(ctx.db, {
            ...terms,
            createdBy: whole(oldest.created_by) ?? 0,
            createdAt: instant(oldest.created_at) ?? ctx.host.clock.now(),
          });
    }
    for (const member of members) ctx.plans.set(whole(member.id) as number, { id, name: terms.name });
    ctx.progress.advance(members.length);
  }
  ctx.plansAfterMerge = groups.size;
  return tally;
}
