/**
 * A cache entry whose JSON parses but whose snapshot does not fit the machine, over a good row in
 * Postgres at the same version: the host must not quarantine and reset the actor on the cache's
 * word. A snapshot read from the cache that cannot be restored is re-read from Postgres first.
 */
import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createCache } from '../../src/adapters/cache/index.ts';
import { rootLogger } from '../../src/log.ts';
import { machineDefinitions } from '../../src/machines/registry.ts';
import { Clock } from '../../src/runtime/clock.ts';
import { ActorHost } from '../../src/runtime/host.ts';
import { MachineRegistry } from '../../src/runtime/registry.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { TEST_REDIS_URL } from '../helpers/host.ts';

test('a cached snapshot that does not fit does not reset a good actor', async () => {
  const database = await createTestDatabase();
  const prefix = `lucien-test:${Math.random().toString(36).slice(2)}:`;
  const cache = await createCache({ redisUrl: TEST_REDIS_URL, prefix, log: rootLogger });
  const clock = new Clock();
  const host = new ActorHost({
    db: database.db,
    cache,
    clock,
    registry: new MachineRegistry(machineDefinitions),
    log: rootLogger,
  });
  try {
    const id = 'conversation:4343';
    await host.send(id, {
      type: 'NAVIGATE',
      screen: 'about',
      messageId: null,
      userId: 4343,
      chatId: 4343,
      firstName: 'A',
      admin: false,
      superAdmin: false,
    });
    const version = (await host.read(id))?.version;
    await cache.set(`actor:${id}`, `{"v":${version},"mv":2,"s":{"nonsense":true}}`, 600);
    const result = await host.send(id, { type: 'PING' });
    const quarantined = await database.db.query(
      sql`SELECT 1 FROM quarantined_snapshots WHERE actor_id = ${id}`,
    );
    assert.is(quarantined.length, 0, 'nothing quarantined: Postgres had a good snapshot');
    assert.is(result.status === 'applied' ? result.state : '', 'menu.about');
  } finally {
    await host.executor.drain();
    await cache.close();
    await database.drop();
  }
});

test.run();
