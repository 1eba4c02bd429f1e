/**
 * Two replicas starting together on a fresh database (Railway scale-out, first deploy): both
 * must start. pg-boss's queue creation can deadlock between them; JobQueue.start retries it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { type FaultRig, startFaultRig } from '../helpers/fault-rig.ts';
import { TEST_REDIS_URL } from '../helpers/host.ts';

const ATTEMPTS = 2;
let rig: FaultRig | undefined;

test('two replicas starting together on a fresh database both start', async () => {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const t: TestDatabase = await createTestDatabase({ migrate: false });
    try {
      rig = await startFaultRig({
        db: t.db,
        databaseUrl: t.url,
        redisUrl: TEST_REDIS_URL,
        instances: 2,
        startTogether: true,
      });
      await rig.close();
    } catch (error) {
      assert.unreachable(`attempt ${attempt}: ${String(error).slice(0, 400)}`);
    } finally {
      await t.drop();
    }
  }
});

test.run();
