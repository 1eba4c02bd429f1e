import type { ConnectionPool, Transaction } from '@databases/pg';

/** Statements and transactions a pool has sent to Postgres since it was wrapped. */
export interface QueryCounts {
  statements: number;
  transactions: number;
}

type QueryFn = ConnectionPool['query'];

/** With BENCH_STATEMENTS=1: how often each statement (by its first words) was sent, printed at exit. */
const byText = process.env.BENCH_STATEMENTS === '1' ? new Map<string, number>() : undefined;
if (byText) {
  process.on('exit', () => {
    const top = [...byText].sort((a, b) => b[1] - a[1]).slice(0, 25);
    for (const [text, n] of top) console.error(`${String(n).padStart(8)}  ${text}`);
  });
}

/** The first words of a query's SQL text, its values left out. */
function headOf(q: unknown): string {
  const items = (q as { _items?: { type: number; text?: string }[] })._items ?? [];
  const text = items.map((i) => (typeof i.text === 'string' ? i.text : '?')).join('');
  return text.replace(/\s+/g, ' ').trim().slice(0, 90);
}

/** Counts one statement per SQL query passed (an array of queries counts each of them). */
function counting(query: QueryFn, counts: QueryCounts): QueryFn {
  return ((q: Parameters<QueryFn>[0]) => {
    counts.statements += Array.isArray(q) ? q.length : 1;
    if (byText)
      for (const one of Array.isArray(q) ? q : [q])
        byText.set(headOf(one), (byText.get(headOf(one)) ?? 0) + 1);
    return query(q as never);
  }) as QueryFn;
}

/**
 * Wraps the pool's `query` and `tx` in place (the host holds the same object), so every statement
 * the app sends through it is counted, inside transactions too. A transaction also costs two
 * round trips of its own (BEGIN and COMMIT), which `roundTrips` adds.
 */
export function countQueries(db: ConnectionPool): () => QueryCounts {
  const counts: QueryCounts = { statements: 0, transactions: 0 };
  const target = db as unknown as { query: QueryFn; tx: ConnectionPool['tx'] };
  target.query = counting(db.query.bind(db), counts);
  const tx = db.tx.bind(db);
  target.tx = ((work: (t: Transaction) => Promise<unknown>, options?: unknown) =>
    tx((t) => {
      counts.transactions++;
      (t as unknown as { query: QueryFn }).query = counting(t.query.bind(t), counts);
      return work(t);
    }, options as never)) as ConnectionPool['tx'];
  return () => ({ ...counts });
}

/** Round trips to Postgres: every statement, plus BEGIN and COMMIT of every transaction. */
export function roundTrips(counts: QueryCounts): number {
  return counts.statements + 2 * counts.transactions;
}
