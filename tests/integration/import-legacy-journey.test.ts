import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openSqliteSource, runImport } from '../../src/import/index.ts';
import { rootLogger } from '../../src/log.ts';
import { advanceClock } from '../../src/sandbox/time-travel.ts';
import { startJourney } from '../helpers/journey.ts';
import { LEGACY_LAST_MOMENT, legacyCopy, naiveUtc } from '../helpers/legacy-fixture.ts';

const DAY = 86_400_000;
const IMPORTED = [444444, 777777, 222222, 6181290784, 555555, 111111, 12345, 12346];

test('a started app fires the imported timers; the import itself says nothing to anyone', async () => {
  const journey = await startJourney({ mode: 'webhook' });
  try {
    const { sandbox } = journey;
    const clock = journey.app.clock;
    const shift = Math.floor((clock.now() - LEGACY_LAST_MOMENT) / DAY) * DAY;
    // The real file, its channels those of the emulator, and one pending request 30 s old.
    const file = await legacyCopy({
      stoppedAt: LEGACY_LAST_MOMENT + shift,
      edit: (db) => {
        db.run('UPDATE bot_config SET vip_channel_id = ?, free_channel_id = ?', [
          String(sandbox.vipChannelId),
          String(sandbox.freeChannelId),
        ]);
        db.run('UPDATE free_channel_requests SET request_date = ? WHERE user_id = 12346 AND processed = 0', [
          naiveUtc(clock.now() - 30_000),
        ]);
      },
    });
    // Imported while the bot is stopped, as an operator would on the evening of the move.
    await journey.app.stop();
    const seq = sandbox.calls().at(-1)?.seq ?? 0;
    const source = await openSqliteSource(file);
    await runImport({ source, db: journey.database.db, log: rootLogger, clock });
    await source.close();
    journey.app = await (async () => {
      const { startSandboxMode } = await import('../../src/sandbox-mode.ts');
      const { loadConfig } = await import('../../src/config.ts');
      const url = new URL(journey.app.url);
      return startSandboxMode(
        loadConfig({
          DATABASE_URL: journey.database.url,
          PORT: url.port,
          ADMIN_IDS: '1001',
          NODE_ENV: 'test',
          LOG_LEVEL: 'silent',
        }),
        { log: rootLogger, sandbox, clock, pollingIntervalSeconds: 0.5 },
      );
    })();
    const approved = (userId: number) =>
      sandbox
        .calls({ method: 'approveChatJoinRequest', sinceSeq: seq })
        .some((c) => c.params.user_id === userId);
    // Requests whose wait was over long ago are approved as soon as the app runs their timers.
    await advanceClock(journey.app, 1);
    for (const userId of [555555, 111111, 12345]) assert.ok(approved(userId), `approval of ${userId}`);
    assert.not.ok(approved(12346), 'the 30-second-old request still has half its wait to go');
    await advanceClock(journey.app, 31);
    assert.ok(approved(12346), 'approved once its minute had passed');
    const [call] = sandbox.calls({ method: 'approveChatJoinRequest', sinceSeq: seq });
    assert.is(call?.params.chat_id, sandbox.freeChannelId);
    // Nobody imported was welcomed, told of the ritual, or removed.
    const said = sandbox
      .calls({ sinceSeq: seq })
      .filter(
        (c) =>
          c.method !== 'approveChatJoinRequest' &&
          IMPORTED.includes(Number(c.params.chat_id ?? c.params.user_id)),
      );
    assert.equal(said, []);
    // The member whose expiry is four days ahead hears the 72-hour reminder, then leaves at the end.
    await advanceClock(journey.app, 2 * 86_400);
    const reminder = sandbox
      .calls({ method: 'sendMessage', sinceSeq: seq })
      .filter((c) => c.params.chat_id === 222222);
    assert.is(reminder.length, 1, 'one reminder');
    await advanceClock(journey.app, 3 * 86_400);
    const removed = sandbox
      .calls({ method: 'banChatMember', sinceSeq: seq })
      .filter((c) => c.params.user_id === 222222);
    assert.is(removed.length, 1, 'removed from the VIP channel at the legacy expiry');
    assert.is((await journey.app.host.read('subscription:222222'))?.state, 'expired');
  } finally {
    await journey.stop();
  }
});

test.run();
