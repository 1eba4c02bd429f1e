import type { ConnectionPool } from '@databases/pg';
import { sql } from '@databases/pg';

type CheckStatus = 'ok' | 'degraded' | 'down';

export type AppPhase = 'starting' | 'serving' | 'stopping';

export interface HealthDeps {
  db: ConnectionPool;
  cache: { health(): { kind: string; status: 'ok' | 'degraded' } };
  queue: { check(): Promise<{ status: 'ok' | 'down' }> };
  version: string;
  startedAt: number;
  /**
   * Whether the app takes updates: 'starting' until the bot is ready, 'stopping' once shutdown has
   * begun; either answers 503, so the platform routes nothing to it yet (or any more). Absent: serving.
   */
  phase?: () => AppPhase;
  /** More checks from later features (e.g. Telegram); never failing the deploy. */
  extra?: Record<string, () => Promise<{ status: CheckStatus }>>;
}

export interface HealthReport {
  status: 'healthy' | 'degraded' | 'unhealthy' | 'starting' | 'stopping';
  checks: Record<string, { status: CheckStatus; [key: string]: unknown }>;
  version: string;
  uptime: number;
}

const TIMEOUT_MS = 2_000;

function withTimeout<T>(work: Promise<T>, fallback: T): Promise<T> {
  return Promise.race([
    work,
    new Promise<T>((resolve) => setTimeout(() => resolve(fallback), TIMEOUT_MS).unref()),
  ]);
}

/**
 * Database and queue are essential (503 when down: the platform restarts or holds traffic), and
 * so is the app taking updates (503 while it starts or stops);
 * a cache that is down only degrades, since Postgres carries on alone. No detail that could
 * hold a secret (URLs, driver messages) is ever part of the report.
 */
export async function checkHealth(deps: HealthDeps): Promise<{ code: 200 | 503; report: HealthReport }> {
  const down = { status: 'down' as const };
  const [database, queue, ...extra] = await Promise.all([
    withTimeout(
      deps.db.query(sql`SELECT 1`).then(
        () => ({ status: 'ok' as const }),
        () => down,
      ),
      down,
    ),
    withTimeout(
      deps.queue.check().then(
        (r) => ({ status: r.status }),
        () => down,
      ),
      down,
    ),
    ...Object.entries(deps.extra ?? {}).map(
      async ([name, check]) =>
        [name, await withTimeout(check(), { status: 'degraded' as CheckStatus })] as const,
    ),
  ]);
  const cacheHealth = deps.cache.health();
  const checks: HealthReport['checks'] = {
    database,
    cache: { status: cacheHealth.status, kind: cacheHealth.kind },
    queue,
    ...Object.fromEntries(extra),
  };
  const phase = deps.phase?.() ?? 'serving';
  if (phase !== 'serving') checks.app = { status: 'down', phase };
  const essentialDown = database.status === 'down' || queue.status === 'down';
  const anyDegraded = Object.values(checks).some((c) => c.status !== 'ok');
  const status =
    phase !== 'serving' ? phase : essentialDown ? 'unhealthy' : anyDegraded ? 'degraded' : 'healthy';
  return {
    code: essentialDown || phase !== 'serving' ? 503 : 200,
    report: {
      status,
      checks,
      version: deps.version,
      uptime: Math.round((Date.now() - deps.startedAt) / 1000),
    },
  };
}
