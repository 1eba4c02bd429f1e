import { type FreeAccessContext, type FreeAccessEvent, MINUTE_MS } from './types.ts';

type JoinRequested = Extract<FreeAccessEvent, { type: 'JOIN_REQUESTED' }>;

/** A setting in ms as a usable delay: negative or not a number counts as none. */
export function durationMs(ms: number): number {
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

/** The wait as the welcome announces it: whole minutes, rounded up. */
export function waitMinutes(waitMs: number): number {
  return Math.ceil(durationMs(waitMs) / MINUTE_MS);
}

/** Whether a request comes within the anti-spam window of the latest accepted one. */
export function withinAntiSpam(context: FreeAccessContext, event: JoinRequested): boolean {
  return context.lastRequestAt !== null && event.at < context.lastRequestAt + durationMs(event.antiSpamMs);
}

/**
 * The earliest moment a new request would be accepted: the end of the anti-spam window or,
 * while a request is still pending, its next approval attempt (which ends it), whichever is later.
 */
export function duplicateRetryAt(context: FreeAccessContext, event: JoinRequested): number {
  const windowEnd = (context.lastRequestAt ?? event.at) + durationMs(event.antiSpamMs);
  return Math.max(windowEnd, context.attemptAt ?? event.at, event.at);
}
