import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { updateBotConfig } from '../../src/domain/bot-config.ts';
import { advanceClock } from '../../src/sandbox/time-travel.ts';
import { eventually } from '../helpers/chat.ts';
import { type Journey, startJourney } from '../helpers/journey.ts';

let j: Journey;
test.before(async () => {
  j = await startJourney({ mode: 'webhook' });
});
test.after(async () => {
  await j.stop();
});

test('1,000 join requests arriving together are all approved after the wait, none twice', async () => {
  const { sandbox } = j;
  await updateBotConfig(j.app.db, { freeWaitMinutes: 5 }, j.app.clock.date());
  const people = Array.from({ length: 1000 }, (_, i) => sandbox.createUser({ first_name: `P${i}` }));
  for (const p of people) sandbox.requestJoin(p.id, sandbox.freeChannelId);
  const pending = async () =>
    (await j.app.db.query(sql`SELECT count(*)::int AS n FROM free_requests WHERE status = 'pending'`))[0].n;
  await eventually(async () => (await pending()) === 1000, 60_000, '1,000 pending requests');
  assert.is(sandbox.calls({ method: 'approveChatJoinRequest' }).length, 0, 'nobody before the wait');

  await advanceClock(j.app, 5 * 60);
  await eventually(
    async () =>
      (await j.app.db.query(sql`SELECT count(*)::int AS n FROM free_requests WHERE status = 'approved'`))[0]
        .n === 1000,
    60_000,
    '1,000 approvals',
  );
  const approvals = sandbox.calls({ method: 'approveChatJoinRequest' }).filter((c) => c.ok);
  assert.is(approvals.length, 1000, 'one approval call per person');
  assert.is(new Set(approvals.map((c) => JSON.stringify(c.params))).size, 1000);
  assert.ok(people.every((p) => sandbox.member(sandbox.freeChannelId, p.id).status === 'member'));
});

test.run();
