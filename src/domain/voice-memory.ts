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
  /** Reads under way, by person: a second reader waits for the same one. */
  readonly #reading = new Map<number, Promise<Map<string, number>>>();
  /** People to read in the next statement, with who waits for each. */
  #toRead: { userId: number; resolve: (known: Map<string, number>) => void; reject: (e: unknown) => void }[] =
    [];

  constructor(private readonly db: Queryable) {
    this.#writes = new GroupCommit((rows) => writeVariants(db, rows), 500, WRITE_WINDOW_MS);
  }

  async last(userId: number, keys: string[]): Promise<Map<string, number>> {
    if (keys.length === 0) return new Map();
    let known = this.#people.get(userId);
    if (!known) {
      known = await this.#read(userId);
      // A write that finished while this read was under way is newer than what the read saw.
      const meanwhile = this.#people.get(userId);
      if (meanwhile && meanwhile !== known) for (const [key, variant] of meanwhile) known.set(key, variant);
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
   * A person's stored variants. The people asked for in one turn of the event loop (a batch of
   * expiry messages, screens of many people at once) are read in one statement.
   */
  #read(userId: number): Promise<Map<string, number>> {
    let reading = this.#reading.get(userId);
    if (!reading) {
      reading = new Promise((resolve, reject) => {
        this.#toRead.push({ userId, resolve, reject });
        if (this.#toRead.length === 1) setImmediate(() => void this.#readWaiting());
      });
      this.#reading.set(userId, reading);
      const done = () => this.#reading.delete(userId);
      reading.then(done, done);
    }
    return reading;
  }

  async #readWaiting(): Promise<void> {
    const waiting = this.#toRead;
    this.#toRead = [];
    try {
      const rows = (await this.db.query(
        sql`SELECT user_id, message_key, variant FROM voice_memory
            WHERE user_id = ANY (${waiting.map((w) => w.userId)}::bigint[])`,
      )) as { user_id: number | string; message_key: string; variant: number }[];
      const byPerson = new Map<number, Map<string, number>>(waiting.map((w) => [w.userId, new Map()]));
      for (const row of rows) byPerson.get(Number(row.user_id))?.set(row.message_key, row.variant);
      for (const w of waiting) w.resolve(byPerson.get(w.userId) ?? new Map());
    } catch (error) {
      for (const w of waiting) w.reject(error);
    }
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
