import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { getBotConfig, InvalidBotConfigError, updateBotConfig } from '../../src/domain/bot-config.ts';
import type { Parsed } from '../../src/domain/plans.ts';
import {
  normalizeReactions,
  parseMinutes,
  parseReactions,
  parseSocialHandle,
  type SocialNetwork,
  socialProfileUrl,
} from '../../src/domain/settings-input.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let t: TestDatabase;
test.before(async () => {
  t = await createTestDatabase();
});
test.after(async () => {
  await t.drop();
});

const now = new Date('2025-03-01T12:00:00Z');

/** The value, or "!problem" when refused. */
const show = <T>(p: Parsed<T>) => (p.ok ? p.value : `!${p.problem}`);

test('social handles: @name, name or a profile URL of that network; "-" or "ninguno" clears', () => {
  const cases: [string, SocialNetwork, string | null][] = [
    ['@Diana', 'instagram', 'diana'],
    ['  diana.v_  ', 'instagram', 'diana.v_'],
    ['instagram.com/diana', 'instagram', 'diana'],
    ['https://www.instagram.com/Diana.V/?igsh=abc123', 'instagram', 'diana.v'],
    ['http://m.instagram.com/diana/', 'instagram', 'diana'],
    ['a'.repeat(30), 'instagram', 'a'.repeat(30)],
    ['@diana_tiktok', 'tiktok', 'diana_tiktok'],
    ['https://www.tiktok.com/@Diana.TT?lang=es', 'tiktok', 'diana.tt'],
    ['tiktok.com/@diana', 'tiktok', 'diana'],
    ['@DianaX', 'x', 'DianaX'],
    ['https://x.com/DianaX', 'x', 'DianaX'],
    ['twitter.com/diana_x', 'x', 'diana_x'],
    ['https://mobile.twitter.com/diana_x/', 'x', 'diana_x'],
    ['-', 'instagram', null],
    ['—', 'x', null],
    ['Ninguno', 'tiktok', null],
  ];
  for (const [raw, network, handle] of cases)
    assert.equal(show(parseSocialHandle(raw, network)), handle, `${network} ${raw}`);
});

test('social handles that are not a profile of that network are refused', () => {
  const cases: [string, SocialNetwork, string][] = [
    ['', 'instagram', '!empty'],
    ['@', 'x', '!empty'],
    ['a'.repeat(31), 'instagram', '!too_long'],
    ['.diana', 'instagram', '!bad_handle'],
    ['diana.', 'instagram', '!bad_handle'],
    ['dia..na', 'instagram', '!bad_handle'],
    ['diana vip', 'instagram', '!bad_handle'],
    ['diaña', 'instagram', '!bad_handle'],
    ['instagram.com', 'instagram', '!bad_handle'],
    ['https://www.instagram.com/', 'instagram', '!bad_handle'],
    ['https://www.instagram.com/p/C0de123/', 'instagram', '!bad_handle'],
    ['https://x.com/diana', 'instagram', '!bad_handle'],
    ['https://evil.example/instagram.com/diana', 'instagram', '!bad_handle'],
    ['ftp://instagram.com/diana', 'instagram', '!bad_handle'],
    ['a', 'tiktok', '!bad_handle'],
    ['a'.repeat(25), 'tiktok', '!too_long'],
    ['diana.', 'tiktok', '!bad_handle'],
    ['https://www.tiktok.com/diana', 'tiktok', '!bad_handle'],
    ['https://vm.tiktok.com/ZMabc123/', 'tiktok', '!bad_handle'],
    ['diana.x', 'x', '!bad_handle'],
    ['a'.repeat(16), 'x', '!too_long'],
    ['https://x.com/diana/status/123', 'x', '!bad_handle'],
    ['https://x.com/home', 'x', '!bad_handle'],
    ['https://instagram.com/diana', 'x', '!bad_handle'],
  ];
  for (const [raw, network, problem] of cases)
    assert.is(show(parseSocialHandle(raw, network)), problem, `${network} ${raw}`);
});

test('each network has its profile URL', () => {
  assert.is(socialProfileUrl('instagram', 'diana.v'), 'https://www.instagram.com/diana.v/');
  assert.is(socialProfileUrl('tiktok', 'diana_tt'), 'https://www.tiktok.com/@diana_tt');
  assert.is(socialProfileUrl('x', 'DianaX'), 'https://x.com/DianaX');
  for (const network of ['instagram', 'tiktok', 'x'] as const) {
    const handle = 'diana_v';
    assert.is(show(parseSocialHandle(socialProfileUrl(network, handle), network)), handle, network);
  }
});

test('minutes are whole, from 0 to 1440', () => {
  assert.is(show(parseMinutes('0')), 0);
  assert.is(show(parseMinutes(' 15 ')), 15);
  assert.is(show(parseMinutes('1440')), 1440);
  assert.is(show(parseMinutes('1441')), '!out_of_range');
  assert.is(show(parseMinutes('-1')), '!out_of_range');
  assert.is(show(parseMinutes('5.5')), '!not_whole');
  assert.is(show(parseMinutes('5,5')), '!not_whole');
  assert.is(show(parseMinutes('cinco')), '!not_a_number');
  assert.is(show(parseMinutes('')), '!empty');
});

test('reactions: 1 to 10 distinct emoji, skin tones and ZWJ sequences included', () => {
  const cases: [string, string[] | string][] = [
    ['❤️ 🔥 👑', ['❤️', '🔥', '👑']],
    ['❤️, 🔥,👑', ['❤️', '🔥', '👑']],
    ['❤️🔥👑', ['❤️', '🔥', '👑']],
    ['👍🏽', ['👍🏽']],
    ['👨‍👩‍👧', ['👨‍👩‍👧']],
    ['❤️‍🔥 🫱🏻‍🫲🏿 🏳️‍⚧️', ['❤️‍🔥', '🫱🏻‍🫲🏿', '🏳️‍⚧️']],
    ['🇲🇽 1️⃣', ['🇲🇽', '1️⃣']],
    // A text-style heart gains VS16, so the two hearts are one.
    ['❤ ❤️ 🔥 🔥', ['❤️', '🔥']],
    ['😀 😃 😄 😁 😆 😅 🤣 😂 🙂 🙃', ['😀', '😃', '😄', '😁', '😆', '😅', '🤣', '😂', '🙂', '🙃']],
    ['😀 😃 😄 😁 😆 😅 🤣 😂 🙂 🙃 😉', '!too_many'],
    ['abc', '!not_an_emoji'],
    ['❤️ x', '!not_an_emoji'],
    ['❤️x', '!not_an_emoji'],
    [':)', '!not_an_emoji'],
    ['🇲', '!not_an_emoji'],
    ['', '!empty'],
    [' , ', '!empty'],
  ];
  for (const [raw, expected] of cases) assert.equal(show(parseReactions(raw)), expected, raw);
  // A list given as data: each entry must be one emoji, not a run of them.
  assert.equal(show(normalizeReactions(['🔥', '👑'])), ['🔥', '👑']);
  assert.is(show(normalizeReactions(['🔥👑'])), '!not_an_emoji');
  assert.is(show(normalizeReactions([])), '!empty');
});

const defaults = {
  vipChannelId: null,
  freeChannelId: null,
  reminderLeadHours: [72, 24],
  freeInviteLink: null,
  socialInstagram: null,
  socialTiktok: null,
  socialX: null,
  freeWaitMinutes: 5,
  antiSpamMinutes: 5,
  vipReactions: ['❤️', '🔥', '👑'],
  freeReactions: ['❤️', '🔥', '🌸'],
};

test('after the migration the free-channel settings have their defaults', async () => {
  assert.equal(await getBotConfig(t.db), defaults);
});

test('free-channel settings are updated, normalized and cleared', async () => {
  const link = 'https://t.me/+5K5lQvpCTBc2ZmRh';
  const updated = await updateBotConfig(
    t.db,
    {
      freeInviteLink: link,
      socialInstagram: '@Diana',
      socialTiktok: 'https://www.tiktok.com/@diana_tiktok',
      socialX: 'x.com/Diana_X',
      freeWaitMinutes: 0,
      antiSpamMinutes: 1440,
      vipReactions: ['🔥', '❤'],
      freeReactions: ['🌸', '🌸', '👍🏽'],
    },
    now,
  );
  const expected = {
    ...defaults,
    freeInviteLink: link,
    socialInstagram: 'diana',
    socialTiktok: 'diana_tiktok',
    socialX: 'Diana_X',
    freeWaitMinutes: 0,
    antiSpamMinutes: 1440,
    vipReactions: ['🔥', '❤️'],
    freeReactions: ['🌸', '👍🏽'],
  };
  assert.equal(updated, expected);
  assert.equal(await getBotConfig(t.db), expected);
  assert.equal(
    await updateBotConfig(t.db, { freeInviteLink: null, socialInstagram: null, freeWaitMinutes: 30 }, now),
    { ...expected, freeInviteLink: null, socialInstagram: null, freeWaitMinutes: 30 },
  );
});

test('settings the input rules refuse are refused by updateBotConfig, and nothing changes', async () => {
  const before = await getBotConfig(t.db);
  const refused: [Parameters<typeof updateBotConfig>[1], string, string][] = [
    [{ socialInstagram: 'diana vip' }, 'socialInstagram', 'bad_handle'],
    [{ socialTiktok: '-' }, 'socialTiktok', 'bad_handle'],
    [{ socialX: 'a'.repeat(16) }, 'socialX', 'too_long'],
    [{ freeWaitMinutes: 1441 }, 'freeWaitMinutes', 'out_of_range'],
    [{ antiSpamMinutes: -1 }, 'antiSpamMinutes', 'out_of_range'],
    [{ freeWaitMinutes: 2.5 }, 'freeWaitMinutes', 'not_whole'],
    [{ vipReactions: [] }, 'vipReactions', 'empty'],
    [{ freeReactions: ['abc'] }, 'freeReactions', 'not_an_emoji'],
    [
      { freeReactions: Array.from({ length: 11 }, (_, i) => String.fromCodePoint(0x1f600 + i)) },
      'freeReactions',
      'too_many',
    ],
    [{ freeWaitMinutes: 10, vipReactions: ['x'] }, 'vipReactions', 'not_an_emoji'],
  ];
  for (const [patch, field, problem] of refused) {
    const error = await updateBotConfig(t.db, patch, now).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.instance(error, InvalidBotConfigError, JSON.stringify(patch));
    assert.instance(error, RangeError);
    assert.equal(
      [(error as InvalidBotConfigError).field, (error as InvalidBotConfigError).problem],
      [field, problem],
    );
  }
  for (const link of [
    'http://t.me/+abc',
    'https://example.com/+abc',
    'https://t.me/',
    't.me/+abc',
    'https://t.me/+a b',
  ])
    await updateBotConfig(t.db, { freeInviteLink: link }, now).then(
      () => assert.unreachable(`accepted ${link}`),
      (error) => assert.instance(error, RangeError),
    );
  assert.equal(await getBotConfig(t.db), before);
});

test('the table refuses out-of-range settings whoever writes them', async () => {
  const statements = [
    sql`UPDATE bot_config SET free_wait_minutes = 1441`,
    sql`UPDATE bot_config SET anti_spam_minutes = -1`,
    sql`UPDATE bot_config SET vip_reactions = '{}'`,
    sql`UPDATE bot_config SET free_reactions = '{1,2,3,4,5,6,7,8,9,10,11}'`,
    sql`UPDATE bot_config SET free_reactions = ARRAY['🔥', NULL]`,
    sql`UPDATE bot_config SET social_instagram = '@diana'`,
    sql`UPDATE bot_config SET free_invite_link = 'javascript:alert(1)'`,
  ];
  for (const statement of statements)
    await t.db.query(statement).then(
      () => assert.unreachable('the table accepted it'),
      (error: { code?: string }) => assert.is(error.code, '23514'),
    );
});

test.run();
