import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  getBotConfig,
  getBotConfigRecent,
  normalizeReminderLeadHours,
  parseReminderLeadHours,
  updateBotConfig,
} from '../../src/domain/bot-config.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let t: TestDatabase;
test.before(async () => {
  t = await createTestDatabase();
});
test.after(async () => {
  await t.drop();
});

const now = new Date('2025-03-01T12:00:00Z');

/** The free-channel settings of migration 004, untouched here (domain-settings tests them). */
const freeDefaults = {
  freeInviteLink: null,
  socialInstagram: null,
  socialTiktok: null,
  socialX: null,
  freeWaitMinutes: 5,
  antiSpamMinutes: 5,
  vipReactions: ['❤️', '🔥', '👑'],
  freeReactions: ['❤️', '🔥', '🌸'],
};

test('a fresh database has no channels and reminders 72 and 24 hours ahead', async () => {
  assert.equal(await getBotConfig(t.db), {
    vipChannelId: null,
    freeChannelId: null,
    reminderLeadHours: [72, 24],
    ...freeDefaults,
  });
});

test('updates change only what is given; null clears a channel', async () => {
  const vip = -1_001_234_567_890;
  const free = -1_009_876_543_210;
  assert.equal(await updateBotConfig(t.db, { vipChannelId: vip }, now), {
    vipChannelId: vip,
    freeChannelId: null,
    reminderLeadHours: [72, 24],
    ...freeDefaults,
  });
  assert.equal(
    await updateBotConfig(t.db, { freeChannelId: free, reminderLeadHours: [1, 168, 24, 24] }, now),
    {
      vipChannelId: vip,
      freeChannelId: free,
      reminderLeadHours: [168, 24, 1],
      ...freeDefaults,
    },
  );
  assert.equal(await updateBotConfig(t.db, { vipChannelId: null, reminderLeadHours: [] }, now), {
    vipChannelId: null,
    freeChannelId: free,
    reminderLeadHours: [],
    ...freeDefaults,
  });
  assert.equal(await getBotConfig(t.db), {
    vipChannelId: null,
    freeChannelId: free,
    reminderLeadHours: [],
    ...freeDefaults,
  });
  const [row] = await t.db.query(sql`SELECT updated_at, count(*) OVER () AS rows FROM bot_config`);
  assert.equal([row.updated_at, row.rows], [now, 1]);
});

test('reminder leads outside 1..720 hours, or more than ten, are refused', async () => {
  for (const hours of [[0], [721], [24.5], Array.from({ length: 11 }, (_, i) => i + 1)]) {
    assert.throws(() => normalizeReminderLeadHours(hours), RangeError);
    try {
      await updateBotConfig(t.db, { reminderLeadHours: hours }, now);
      assert.unreachable('accepted');
    } catch (error) {
      assert.instance(error, RangeError);
    }
  }
  await updateBotConfig(t.db, { vipChannelId: 1.5 }, now).then(
    () => assert.unreachable('accepted a fractional chat id'),
    (error) => assert.instance(error, RangeError),
  );
  // The table refuses the same values whoever writes them.
  await t.db.query(sql`UPDATE bot_config SET reminder_lead_hours = '{0}'`).then(
    () => assert.unreachable('the table accepted 0 hours'),
    (error: { code?: string }) => assert.is(error.code, '23514'),
  );
});

test('admins type reminder leads as a list', () => {
  const show = (raw: string) => {
    const p = parseReminderLeadHours(raw);
    return p.ok ? p.value : p.problem;
  };
  assert.equal(show('72, 24'), [72, 24]);
  assert.equal(show('24 72 24'), [72, 24]);
  assert.equal(show('1;720'), [720, 1]);
  assert.equal(show(''), 'empty');
  assert.equal(show('0, 24'), 'out_of_range');
  assert.equal(show('12h'), 'not_a_number');
  assert.equal(show('1 2 3 4 5 6 7 8 9 10 11'), 'too_many');
});

test('effects read the settings once a second, and a change made here at once', async () => {
  const now = new Date('2026-12-05T10:00:00Z');
  const first = await getBotConfigRecent(t.db, 60_000);
  // Changed behind this process's back (another instance): not seen within the age allowed.
  await t.db.query(sql`UPDATE bot_config SET vip_channel_id = -100777 WHERE id = 1`);
  assert.is((await getBotConfigRecent(t.db, 60_000)).vipChannelId, first.vipChannelId);
  assert.is(
    (await getBotConfigRecent(t.db, 0)).vipChannelId,
    -100777,
    'seen once the read is older than allowed',
  );
  // Changed here: seen at once.
  await updateBotConfig(t.db, { vipChannelId: -100888 }, now);
  assert.is((await getBotConfigRecent(t.db, 60_000)).vipChannelId, -100888);
});

test.run();
