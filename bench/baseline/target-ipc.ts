/**
 * The small protocol between the load generator (bench/webhook.ts) and a system under test
 * running in a child process of its own, so each system's RSS is its own.
 */
import type { Sandbox } from '../../src/sandbox/index.ts';
import type { QueryCounts } from '../support/query-counter.ts';
import type { BenchPerson } from './people.ts';

export interface TargetReady {
  type: 'ready';
  webhookUrl: string;
  secret: string;
  /** The Postgres database the system uses, if any (for pg_stat_database). */
  database: string | null;
  people: BenchPerson[];
}

export interface TargetStats {
  type: 'stats';
  rssMiB: number;
  maxRssMiB: number;
  /** CPU time (user + system) the system's process has used so far, ms. */
  cpuMs: number;
  cache: { hits: number; misses: number } | null;
  /** Statements and transactions the system sent to Postgres so far, counted in its pool. */
  queries: QueryCounts | null;
  /** ms spent waiting for work still in flight after the last webhook answered. */
  drainMs: number;
  /** Bot API calls the emulator has seen so far (its sequence number). */
  apiCalls: number;
  /** Per method, `ok/failed`, over the emulator's recent call log (it keeps the last 2,000). */
  recentCalls: Record<string, string>;
}

export type ParentRequest = { type: 'stats'; drain: boolean } | { type: 'stop' };

export interface TargetHooks {
  sandbox: Sandbox;
  cache?: () => { hits: number; misses: number };
  queries?: () => QueryCounts;
  drain?: () => Promise<void>;
  stop: () => Promise<void>;
}

/** Announces the system and answers the parent's requests until it is told to stop. */
export function serveTarget(ready: Omit<TargetReady, 'type'>, hooks: TargetHooks): void {
  const send = (message: unknown) => process.send?.(message);
  process.on('message', async (raw: ParentRequest) => {
    if (raw.type === 'stats') {
      const t0 = performance.now();
      if (raw.drain) await hooks.drain?.();
      const drainMs = performance.now() - t0;
      const calls = hooks.sandbox.calls();
      const recent: Record<string, [number, number]> = {};
      for (const call of calls) {
        const counts = recent[call.method] ?? [0, 0];
        counts[call.ok ? 0 : 1]++;
        recent[call.method] = counts;
      }
      const stats: TargetStats = {
        type: 'stats',
        rssMiB: process.memoryUsage().rss / 1048576,
        maxRssMiB: process.resourceUsage().maxRSS / 1024,
        cpuMs: (({ user, system }) => (user + system) / 1000)(process.cpuUsage()),
        cache: hooks.cache?.() ?? null,
        queries: hooks.queries?.() ?? null,
        drainMs,
        apiCalls: calls[calls.length - 1]?.seq ?? 0,
        recentCalls: Object.fromEntries(
          Object.entries(recent).map(([m, [ok, failed]]) => [m, `${ok}/${failed}`]),
        ),
      };
      send(stats);
    } else if (raw.type === 'stop') {
      await hooks.stop().catch((err) => console.error(err));
      send({ type: 'stopped' });
      process.disconnect?.();
      setTimeout(() => process.exit(0), 200).unref();
    }
  });
  send({ type: 'ready', ...ready } satisfies TargetReady);
}
