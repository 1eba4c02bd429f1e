import { DAY_MS, FRESH_LINK_COOLDOWN_MS, type SubscriptionContext } from './types.ts';

/** Unique positive leads, longest first, so that their moments come in time order. */
export function normalizeLeads(leads: readonly number[]): number[] {
  return [...new Set(leads.filter((lead) => Number.isFinite(lead) && lead > 0))].sort((a, b) => b - a);
}

/**
 * The next reminder moment still ahead, or null. Moments already past are skipped (no burst of
 * stale reminders), and so is the one just sent: a timer that fires a little early (clocks
 * differ) must not send the same reminder twice.
 */
export function nextReminderAt(context: SubscriptionContext): number | null {
  if (context.expiresAt === null) return null;
  const after = Math.max(context.now, context.reminderDueAt ?? Number.NEGATIVE_INFINITY);
  for (const lead of context.reminderLeadsMs) {
    const moment = context.expiresAt - lead;
    if (moment > after) return moment;
  }
  return null;
}

/** Added days count from the current expiry, or from now if that has already passed. */
export function extendedExpiry(context: SubscriptionContext, at: number, days: number): number {
  return Math.max(context.expiresAt ?? at, at) + days * DAY_MS;
}

/** When the next invite link may be asked for; null: right away. */
export function freshLinkRetryAt(context: SubscriptionContext): number | null {
  const times = [context.lastLinkAt, context.linkRequestedAt].filter((t): t is number => t !== null);
  return times.length === 0 ? null : Math.max(...times) + FRESH_LINK_COOLDOWN_MS;
}

/** Whole days left, rounded as the voice rounds them. */
export function daysLeft(context: SubscriptionContext): number {
  return Math.max(0, Math.round(((context.expiresAt ?? context.now) - context.now) / DAY_MS));
}
