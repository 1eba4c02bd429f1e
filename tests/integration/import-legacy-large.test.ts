import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openSqliteSource, renderSummary, runImport } from '../../src/import/index.ts';
import { rootLogger } from '../../src/log.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { importedCounts } from '../helpers/legacy-counts.ts';
import { generateLegacy } from '../helpers/legacy-generator.ts';

const USERS = Number(process.env.LEGACY_USERS ?? 100_000);

test(`${USERS} people import without losing one, and a second run adds nothing`, async () => {
  const legacy = await generateLegacy(USERS);
  const target = await createTestDatabase();
  try {
    const source = await openSqliteSource(legacy.path);
    const report = await runImport({ source, db: target.db, log: rootLogger });
    await source.close();
    // The figures, for docs/import.md (this test asserts counts, not times).
    console.log(renderSummary(report));
    const counts = await importedCounts(target.db);
    assert.is(counts.users, USERS);
    assert.is(counts.codes, legacy.tokens);
    assert.is(counts.memberships, legacy.vipSubscribers);
    assert.is(counts.free_requests, legacy.pendingFreeRequests);
    assert.is(counts.actors, legacy.vipSubscribers + legacy.pendingFreeRequests);
    assert.is(counts.interests, legacy.interests);
    assert.is(counts.role_changes, legacy.roleChanges);
    assert.is(counts.outbox, 0);
    const [states] = await target.db.query(sql`
      SELECT count(*) FILTER (WHERE state LIKE 'active%')::int AS active,
             count(*) FILTER (WHERE state = 'expired')::int AS expired,
             count(*) FILTER (WHERE state LIKE 'ritual.%')::int AS ritual
      FROM actors WHERE machine = 'subscription'`);
    assert.is(states.active, legacy.activeMembers);
    assert.is(states.active + states.expired + states.ritual, legacy.vipSubscribers);
    // Every active membership has its expiry scheduled.
    const [expiries] = await target.db.query(sql`
      SELECT count(*)::int AS n FROM actor_timers WHERE send_id = 'xstate.after.untilExpiry.subscription.active'`);
    assert.is(expiries.n, legacy.activeMembers);

    const again = await openSqliteSource(legacy.path);
    const second = await runImport({ source: again, db: target.db, log: rootLogger });
    await again.close();
    console.log(renderSummary(second));
    for (const tally of second.tallies) assert.is(tally.imported, 0, tally.kind);
    assert.equal(await importedCounts(target.db), counts);
  } finally {
    await target.drop();
  }
});

test.run();
