/**
 * A process that commits a transition with an outbound effect and dies (SIGKILL) at the moment
 * the effect would run: the crash between commit and effect that the sweeper must repair.
 * Usage: tsx tests/helpers/crash-child.ts <database url> <actor id>
 */
import { createPool } from '../../src/adapters/postgres/pool.ts';
import { rootLogger } from '../../src/log.ts';
import { createTestHost } from './host.ts';

const [url, actor] = process.argv.slice(2) as [string, string];
const db = createPool(url, { log: rootLogger });
const { host } = await createTestHost(db, {
  effects: {
    'test.ping': async () => {
      process.kill(process.pid, 'SIGKILL');
    },
  },
});
await host.send(actor, { type: 'PING' });
await new Promise((resolve) => setTimeout(resolve, 10_000));
