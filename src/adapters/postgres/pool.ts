import pg, { type ConnectionPool } from '@databases/pg';
import type { Logger } from '../../log.ts';

export type { ConnectionPool, Queryable, Transaction } from '@databases/pg';
export { sql } from '@databases/pg';

const loopback = /@(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;

/**
 * The one Postgres pool of the process. Loopback servers (embedded, CI) do not speak TLS, so
 * `ssl: 'disable'` there; elsewhere the URL's own sslmode (or the driver's "prefer") applies.
 */
export function createPool(url: string, options: { poolSize?: number; log: Logger }): ConnectionPool {
  // A CommonJS package: under Node's ESM loader its default export is the module object.
  return pg.default({
    connectionString: url,
    bigIntMode: 'number',
    ssl: loopback.test(url) ? 'disable' : undefined,
    poolSize: options.poolSize ?? 10,
    connectionTimeoutMilliseconds: 5_000,
    queueTimeoutMilliseconds: 15_000,
    idleInTransactionSessionTimeoutMilliseconds: 30_000,
    onError: (error: Error) => options.log.error({ err: error }, 'idle Postgres client failed'),
  });
}
