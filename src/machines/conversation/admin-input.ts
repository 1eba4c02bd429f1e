import { INVITATION_LIMITS } from '../../domain/invitations.ts';
import {
  type Parsed,
  PLAN_LIMITS,
  parseCurrency,
  parsePlanDays,
  parsePlanName,
  parsePlanPrice,
  parseWholeNumber,
} from '../../domain/plans.ts';
import type { PlanField } from './admin-view.ts';

/** Typed input an admin may give, parsed the same way everywhere (pure). */
export function parsePlanField(field: PlanField, raw: string): Parsed<string | number> {
  switch (field) {
    case 'name':
      return parsePlanName(raw);
    case 'days':
      return parsePlanDays(raw);
    case 'price':
      return parsePlanPrice(raw);
    case 'currency':
      return parseCurrency(raw);
  }
}

/** Days a membership can be extended by: the same bounds as a plan's duration. */
export const parseExtendDays = (raw: string) =>
  parseWholeNumber(raw, PLAN_LIMITS.daysMin, PLAN_LIMITS.daysMax);

export const validDaysInRange = (n: number) =>
  Number.isInteger(n) && n >= INVITATION_LIMITS.validDaysMin && n <= INVITATION_LIMITS.validDaysMax;
export const countInRange = (n: number) =>
  Number.isInteger(n) && n >= INVITATION_LIMITS.countMin && n <= INVITATION_LIMITS.countMax;
