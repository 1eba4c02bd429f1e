import { type ConnectionPool, sql } from '@databases/pg';
import pino from 'pino';
import { updateBotConfig } from '../../src/domain/bot-config.ts';
import {
  type ApiCallRecord,
  createBotApiHandler,
  Sandbox,
  type ServedHandler,
  serveFetchHandler,
} from '../../src/sandbox/index.ts';
import { AppProcess } from './app-process.ts';
import { freePort } from './journey.ts';
import { WebhookDeliverer } from './webhook-deliverer.ts';

/** Bot API methods whose repetition a person or a channel would notice. */
export const VISIBLE_METHODS = new Set([
  'sendMessage',
  'sendPhoto',
  'sendVideo',
  'sendDocument',
  'copyMessage',
  'approveChatJoinRequest',
  'declineChatJoinRequest',
  'createChatInviteLink',
  'banChatMember',
]);

/**
 * Telegram (the sandbox, served over HTTP, delivering through a `WebhookDeliverer`) and the app
 * in child processes on one database: what the fault tests kill, restart and audit.
 */
export interface FaultRig {
  sandbox: Sandbox;
  served: ServedHandler;
  deliverer: WebhookDeliverer;
  apps: AppProcess[];
  close(): Promise<void>;
}

/** The sandbox and `instances` apps (started) on `databaseUrl`, webhook deliveries under way. */
export async function startFaultRig(options: {
  db: ConnectionPool;
  databaseUrl: string;
  redisUrl?: string;
  instances?: number;
  connections?: number;
  fanOut?: 'spread' | 'all';
  /** Start the instances at the same moment, as replicas of one deploy (default: one by one). */
  startTogether?: boolean;
}): Promise<FaultRig> {
  const sandbox = new Sandbox({
    flood: { enabled: false },
    webhook: { delivery: 'manual' },
    callLogLimit: 1_000_000,
    log: pino({ level: 'silent' }),
  });
  const served = await serveFetchHandler(createBotApiHandler(sandbox), { port: 0 });
  const apps: AppProcess[] = [];
  for (let i = 0; i < (options.instances ?? 1); i++) {
    apps.push(
      new AppProcess({
        databaseUrl: options.databaseUrl,
        redisUrl: options.redisUrl,
        apiRoot: served.url,
        token: sandbox.token,
        port: await freePort(),
      }),
    );
  }
  if (options.startTogether) {
    const started = await Promise.allSettled(apps.map((app) => app.start()));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await Promise.all(apps.map((app) => app.kill()));
      sandbox.close();
      await served.close();
      throw failed.reason;
    }
  } else {
    for (const app of apps) await app.start();
  }
  await updateBotConfig(
    options.db,
    { vipChannelId: sandbox.vipChannelId, freeChannelId: sandbox.freeChannelId },
    new Date(),
  );
  const deliverer = new WebhookDeliverer(sandbox, {
    connections: options.connections ?? 16,
    ...(apps.length > 1
      ? { urls: apps.map((a) => `${a.url}/telegram/webhook`), fanOut: options.fanOut }
      : {}),
  });
  deliverer.start();
  return {
    sandbox,
    served,
    deliverer,
    apps,
    async close() {
      await deliverer.stop();
      await Promise.all(apps.map((a) => a.stop()));
      sandbox.close();
      await served.close();
    },
  };
}

/**
 * Update types whose transition claims the update id in processed_updates (a chat_member
 * update of the free channel, say, is answered and changes nothing).
 */
const CLAIMED_UPDATES = ['message', 'callback_query', 'chat_join_request'] as const;

/** What a fault scenario did to the updates and the effects, as docs/reliability.md reports it. */
export interface Audit {
  /** Updates Telegram delivered (each until answered 200) that a transition must claim. */
  sent: number;
  /** Of those, updates recorded in processed_updates. */
  processed: number;
  /** Accepted updates with no record, or whose transition is missing or doubled. */
  lost: number;
  /** Conversation actors whose TEXT transitions do not match the texts their person sent. */
  transitionMismatches: string[];
  /** Outbox rows not done (pending or failed). */
  effectsUndone: number;
  /** Outbound effects (by idempotency key) delivered twice or more. */
  doubled: number;
  doubledKeys: string[];
  /** Outbox rows done whose Bot API call never succeeded (the effect was lost). */
  effectsLost: number;
  deliveries: ReturnType<WebhookDeliverer['figures']>;
}

/** Successful visible calls per idempotency key. */
export function deliveriesByKey(calls: ApiCallRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of calls) {
    if (!call.ok || !call.idempotencyKey || !VISIBLE_METHODS.has(call.method)) continue;
    counts.set(call.idempotencyKey, (counts.get(call.idempotencyKey) ?? 0) + 1);
  }
  return counts;
}

/**
 * Compares the deliverer's log and the sandbox's call log with the database: every update
 * answered 200 recorded once with its transition, every effect done and delivered, none twice.
 * `baseline` holds keys that deliver more than once by design (measured without faults).
 */
export async function audit(db: ConnectionPool, rig: FaultRig): Promise<Audit> {
  const all = [...rig.deliverer.log.values()];
  const logs = all.filter(({ update }) => CLAIMED_UPDATES.some((type) => type in update));
  const ids = logs.map((l) => l.update.update_id);
  const recorded = new Set<number>(
    (await db.query(sql`SELECT update_id FROM processed_updates WHERE update_id = ANY(${ids})`)).map(
      (r: { update_id: number }) => Number(r.update_id),
    ),
  );
  const textsBy = new Map<number, number>();
  for (const { update } of logs) {
    const text = update.message?.text;
    if (text === undefined || text.startsWith('/')) continue;
    const user = update.message?.from?.id as number;
    textsBy.set(user, (textsBy.get(user) ?? 0) + 1);
  }
  const transitions = new Map<string, number>(
    (
      await db.query(sql`
        SELECT actor_id, count(*)::int AS n FROM actor_events
        WHERE event_type = 'TEXT' AND actor_id LIKE 'conversation:%' GROUP BY actor_id`)
    ).map((r: { actor_id: string; n: number }) => [r.actor_id, r.n]),
  );
  const transitionMismatches = [...textsBy]
    .filter(([user, n]) => transitions.get(`conversation:${user}`) !== n)
    .map(
      ([user, n]) =>
        `conversation:${user}: ${n} texts, ${transitions.get(`conversation:${user}`) ?? 0} TEXT transitions`,
    );

  const outbox = (await db.query(sql`SELECT idempotency_key, effect_type, status FROM outbox`)) as {
    idempotency_key: string;
    effect_type: string;
    status: string;
  }[];
  const calls = rig.sandbox.calls();
  const byKey = deliveriesByKey(calls);
  const calledKeys = new Set(calls.filter((c) => c.ok && c.idempotencyKey).map((c) => c.idempotencyKey));
  const doubledKeys = [...byKey].filter(([, n]) => n > 1).map(([key]) => key);
  const effectsLost = outbox.filter(
    (row) =>
      row.status === 'done' &&
      row.effect_type.startsWith('telegram.') &&
      !calledKeys.has(row.idempotency_key),
  ).length;
  return {
    sent: logs.length,
    processed: recorded.size,
    lost: logs.length - recorded.size + transitionMismatches.length,
    transitionMismatches,
    effectsUndone: outbox.filter((row) => row.status !== 'done').length,
    doubled: doubledKeys.length,
    doubledKeys,
    effectsLost,
    deliveries: rig.deliverer.figures(),
  };
}

/** Rows of the outbox still pending: the effects a crash at this moment leaves in flight. */
export async function pendingEffectKeys(db: ConnectionPool): Promise<Set<string>> {
  const rows = await db.query(sql`SELECT idempotency_key FROM outbox WHERE status = 'pending'`);
  return new Set(rows.map((r: { idempotency_key: string }) => r.idempotency_key));
}

/**
 * The 2-minute lease of effects a dead process held runs out now (as it would in real time),
 * so that the next start's sweeper takes them at once.
 */
export async function expireEffectLeases(db: ConnectionPool): Promise<void> {
  await db.query(sql`UPDATE outbox SET available_at = now() - interval '1 second' WHERE status = 'pending'`);
}

/** Resolves once no outbox row is pending, or fails after `ms`. */
export async function effectsSettled(db: ConnectionPool, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const [row] = await db.query(sql`SELECT count(*)::int AS n FROM outbox WHERE status = 'pending'`);
    if (row.n === 0) return;
    if (Date.now() > until) throw new Error(`${row.n} effects still pending after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** One line of figures for a scenario, as the tests print them and docs/reliability.md lists them. */
export function describeAudit(name: string, a: Audit, extra: Record<string, unknown> = {}): string {
  const d = a.deliveries;
  const more = Object.entries(extra)
    .map(([k, v]) => `, ${k} ${v}`)
    .join('');
  return `${name}: sent ${a.sent}, processed ${a.processed}, lost ${a.lost}, doubled ${a.doubled} (posts ${d.posts}, refused ${d.refused}, unanswered ${d.unanswered}, re-posted ${d.reposted}; effects undone ${a.effectsUndone}, effects lost ${a.effectsLost}${more})`;
}

/** People who started the bot, each greeted (the warm-up before a load). */
export async function greetedPeople(rig: FaultRig, count: number, prefix = 'P'): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const user = rig.sandbox.createUser({ first_name: `${prefix}${i}` });
    rig.sandbox.start(user.id);
    ids.push(user.id);
  }
  await rig.deliverer.idle();
  await rig.sandbox.waitFor(
    () => ids.every((id) => rig.sandbox.messages(id).some((m) => m.from?.id === rig.sandbox.bot.id)),
    30_000,
    'every person greeted',
  );
  return ids;
}
