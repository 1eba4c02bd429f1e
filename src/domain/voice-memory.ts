import { type Queryable, sql } from '@databases/pg';
import { LRUCache } from 'lru-cache';
import { GroupCommit } from '../runtime/group-commit.ts';

/**
 * Which variant of each message a person saw last, so that the next one differs. Read on every
 * screen, so it is kept in the process (recent people) and written in groups. Another instance
 * may hold an older view for a moment: the worst outcome is a repeated wording, never a wrong one.
 */
class VoiceMemory {
  readonly #people = new LRUCache<number, Map<string, number>>({ max: 20_000 });
  readonly #writes: GroupCommit<{ userId: number; key: string; variant: number }>;

  constructor(private readonly db: Queryable) {
    this.#writes = new GroupCommit((rows) => writeVariants(db, rows), 500, WRITE_WINDOW_MS);
  }

  async last(userId: number, keys: string[]): Promise<Map<string, number>> {
    if (keys.length === 0) return new Map();
    let known = this.#people.get(userId);
    if (!known) {
      const rows = await this.db.query(
        sql`SELECT message_key, variant FROM voice_memory WHERE user_id = ${userId}`,
      );
      known = new Map(rows.map((r: { message_key: string; variant: number }) => [r.message_key, r.variant]));
      // A write that finished while this read was under way is newer than what the read saw.
      const meanwhile = this.#people.get(userId);
      if (meanwhile) for (const [key, variant] of meanwhile) known.set(key, variant);
      this.#people.set(userId, known);
    }
    const found = new Map<string, number>();
    for (const key of keys) {
      const variant = known.get(key);
      if (variant !== undefined) found.set(key, variant);
    }
    return found;
  }

  /**
   * Best effort, not awaited by the screen: the process remembers at once, the table within
   * WRITE_WINDOW_MS, grouped with other people's. A write lost to a crash costs a repeated
   * wording at worst.
   */
  remember(userId: number, shown: Map<string, number>): void {
    if (shown.size === 0) return;
    const known = this.#people.get(userId);
    if (known) for (const [key, variant] of shown) known.set(key, variant);
    for (const [key, variant] of shown) {
      this.#writes.add({ userId, key, variant }).catch(() => undefined);
    }
  }
}

/** How long remembered variants wait to be written together. */
const WRITE_WINDOW_MS = 25;

/** One upsert for a group of rows; a (person, message) pair given twice keeps its last variant. */
async function writeVariants(
  db: Queryable,
  rows: { userId: number; key: string; variant: number }[],
): Promise<void> {
  const latest = new Map<string, { userId: number; key: string; variant: number }>();
  for (const row of rows) latest.set(`${row.userId}\u0000${row.key}`, row);
  await db.query(sql`
    INSERT INTO voice_memory (user_id, message_key, variant)
    VALUES ${sql.join(
      [...latest.values()].map((r) => sql`(${r.userId}, ${r.key}, ${r.variant})`),
      ', ',
    )}
    ON CONFLICT (user_id, message_key) DO UPDATE SET variant = EXCLUDED.variant, shown_at = now()`);
}

/** One memory per connection pool (each app, each test database, has its own). */
const memories = new WeakMap<Queryable, VoiceMemory>();

function memoryOf(db: Queryable): VoiceMemory {
  let memory = memories.get(db);
  if (!memory) {
    memory = new VoiceMemory(db);
    memories.set(db, memory);
  }
  return memory;
}

/** The last variant each of these messages was shown in to this person. */
export function lastVariants(db: Queryable, userId: number, keys: string[]): Promise<Map<string, number>> {
  return memoryOf(db).last(userId, keys);
}

/** Records the variants just shown to this person (written shortly after, best effort). */
export function rememberVariants(db: Queryable, userId: number, shown: Map<string, number>): void {
  memoryOf(db).remember(userId, shown);
}
