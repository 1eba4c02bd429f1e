import { type Queryable, sql } from '@databases/pg';

/** The last variant each message was shown in to this person. */
export async function lastVariants(
  db: Queryable,
  userId: number,
  keys: string[],
): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const rows = await db.query(
    sql`SELECT message_key, variant FROM voice_memory WHERE user_id = ${userId} AND message_key = ANY(${keys})`,
  );
  return new Map(rows.map((r: { message_key: string; variant: number }) => [r.message_key, r.variant]));
}

export async function rememberVariants(
  db: Queryable,
  userId: number,
  shown: Map<string, number>,
): Promise<void> {
  if (shown.size === 0) return;
  await db.query(sql`
    INSERT INTO voice_memory (user_id, message_key, variant)
    VALUES ${sql.join(
      [...shown].map(([key, variant]) => sql`(${userId}, ${key}, ${variant})`),
      ', ',
    )}
    ON CONFLICT (user_id, message_key) DO UPDATE SET variant = EXCLUDED.variant, shown_at = now()`);
}
