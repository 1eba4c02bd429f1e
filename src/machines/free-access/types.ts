/** Times are epoch ms from the app's clock; every event carries `at`, added by the runtime. */
export const MINUTE_MS = 60_000;
/** A failed approval (e.g. the bot lost its rights in the channel) is tried again this much later. */
export const APPROVAL_RETRY_DELAY_MS = 5 * MINUTE_MS;
/** Failed approvals tried again before the request is given up as 'gone'. */
export const MAX_APPROVAL_RETRIES = 3;

type At = { at: number };

export type FreeAccessEvent =
  /**
   * A chat_join_request to the free channel, with the wait and anti-spam window set at that
   * moment (a changed setting applies to new requests only). `firstName` is for the router's
   * user record; the machine keeps nothing of it.
   */
  | ({ type: 'JOIN_REQUESTED'; chatId: number; firstName: string; waitMs: number; antiSpamMs: number } & At)
  /** A join request to any other chat the bot administers. */
  | ({ type: 'OTHER_CHAT_REQUESTED'; chatId: number } & At)
  /** The custodian's "approve now": a waiting request is approved at once, wait over or not. */
  | ({ type: 'APPROVE_NOW' } & At)
  /** The reply of `telegram.approveJoinRequest`. */
  | ({ type: 'APPROVED'; ok: boolean; result?: { outcome: ApprovalOutcome }; error?: string } & At)
  /**
   * A request still pending in the previous bot, moved by the importer (`idle` only): its wait
   * resumes from when it was made, with nothing said to the person.
   */
  | ({ type: 'LEGACY_IMPORTED'; chatId: number; requestedAt: number; waitMs: number } & At);

/**
 * What Telegram answered to an approval: 'already_member' (USER_ALREADY_PARTICIPANT) and
 * 'request_missing' (HIDE_REQUESTER_MISSING: the request was withdrawn) both end the request.
 */
export type ApprovalOutcome = 'approved' | 'already_member' | 'request_missing';

export interface FreeAccessContext {
  userId: number;
  /** `at` of the latest event that moved the machine: every delay is computed from it. */
  now: number;
  /** The chat of the current (or last) request. */
  chatId: number | null;
  requestedAt: number | null;
  /** When the request's wait ends, as promised in the welcome. */
  readyAt: number | null;
  /** When the next approval attempt is due: `readyAt`, later after a failure; null once ended. */
  attemptAt: number | null;
  /** Approval attempts of the current request that failed. */
  failures: number;
  /** `at` of the latest accepted request; declined duplicates do not move it. */
  lastRequestAt: number | null;
}

type NoParams = Record<string, never>;

/** Every message the machine asks for, with the params each one carries. */
export type FreeSayCatalogue = {
  /** With keyboard 'free.socials'. `waitMinutes` is rounded up. */
  'free.welcome': { waitMinutes: number };
  /** With keyboard 'free.enter'. */
  'free.approved': NoParams;
  /** The earliest moment a new request would be accepted. */
  'free.duplicate': { retryAt: number };
};
export type FreeSayKey = keyof FreeSayCatalogue;

/**
 * Every keyboard the machine asks for; the adapter fills both from the settings.
 * `free.socials`: URL buttons to the creator's social profiles; `free.enter`: a URL button
 * into the free channel.
 */
export type FreeKeyboardKey = 'free.socials' | 'free.enter';

/** Params of `telegram.say` (the effect the subscription machine uses too). */
export type FreeSayParams = {
  [K in FreeSayKey]: { userId: number; say: K; params?: FreeSayCatalogue[K]; keyboard?: FreeKeyboardKey };
}[FreeSayKey];

/** Params of `telegram.approveJoinRequest`; the adapter maps Telegram's answer to an outcome. */
export interface ApproveJoinRequestParams {
  userId: number;
  chatId: number;
  replyEvent: 'APPROVED';
}

export interface DeclineJoinRequestParams {
  userId: number;
  chatId: number;
}

export type FreeRequestStatus = 'pending' | 'approved' | 'declined' | 'gone';

/** Params of `db.freeRequest.sync`: the `free_requests` projection of this actor's request. */
export interface FreeRequestSyncParams {
  userId: number;
  chatId: number;
  status: FreeRequestStatus;
  requestedAt: number;
  readyAt: number;
  decidedAt: number | null;
}
