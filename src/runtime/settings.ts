import { randomBytes } from 'node:crypto';
import { type Queryable, sql } from '@databases/pg';

/** One key of `runtime_settings`: a small fact the runtime keeps between starts. */
export function runtimeSetting(
  db: Queryable,
  key: string,
): { get(): Promise<string | undefined>; set(value: string): Promise<void> } {
  return {
    async get() {
      const [row] = await db.query(sql`SELECT value FROM runtime_settings WHERE key = ${key}`);
      return (row as { value: string } | undefined)?.value;
    },
    async set(value) {
      await db.query(sql`
        INSERT INTO runtime_settings (key, value) VALUES (${key}, ${value})
        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`);
    },
  };
}

/**
 * This database's own random id, made on first start and kept: the cache's key prefix, so that
 * two deployments (or test databases) sharing one Redis never read each other's snapshots.
 */
export async function deploymentId(db: Queryable): Promise<string> {
  const fresh = randomBytes(9).toString('base64url');
  await db.query(sql`
    INSERT INTO runtime_settings (key, value) VALUES ('deployment.id', ${fresh}) ON CONFLICT (key) DO NOTHING`);
  const [row] = await db.query(sql`SELECT value FROM runtime_settings WHERE key = 'deployment.id'`);
  return (row as { value: string }).value;
}
