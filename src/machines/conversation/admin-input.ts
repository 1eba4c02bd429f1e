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
import { parseMinutes, parseReactions, parseSocialHandle } from '../../domain/settings-input.ts';
import type { PlanField, SettingField } from './admin-view.ts';

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

/** A setting typed by the admin: social handles ("-" clears), minutes, reaction emoji. */
export function parseSetting(field: SettingField, raw: string): Parsed<string | number | string[] | null> {
  switch (field) {
    case 'instagram':
    case 'tiktok':
    case 'x':
      return parseSocialHandle(raw, field);
    case 'waitMinutes':
    case 'antiSpamMinutes':
      return parseMinutes(raw);
    case 'vipReactions':
    case 'freeReactions':
      return parseReactions(raw);
  }
}

/** Telegram's limits on what a post may carry: 4096 characters of text, 1024 of caption. */
export const POST_TEXT_MAX = 4096;
export const POST_CAPTION_MAX = 1024;
