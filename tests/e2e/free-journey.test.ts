import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { getBotConfig } from '../../src/domain/bot-config.ts';
import { advanceClock } from '../../src/sandbox/time-travel.ts';
import { admin, ChatDriver, eventually } from '../helpers/chat.ts';
import { JOURNEY_ADMIN_ID, type Journey, startJourney } from '../helpers/journey.ts';

let j: Journey;
let diana: ChatDriver;
test.before(async () => {
  j = await startJourney({ mode: 'polling' });
  diana = new ChatDriver(j.sandbox, JOURNEY_ADMIN_ID);
});
test.after(async () => {
  await j.stop();
});

async function openSettings(): Promise<void> {
  await diana.say('/start', (m) => (m.reply_markup?.inline_keyboard.length ?? 0) > 0);
  await diana.press(admin('home'));
  await diana.press(admin('settings'));
}

test('channel setup by forwarding: a bot lacking rights is told what is missing, then the channel is stored', async () => {
  const free = j.sandbox.freeChannelId;
  j.sandbox.postToChannel(free, 'Bienvenidos al jardín');
  j.sandbox.setBotStatus(free, 'administrator', { can_invite_users: false });
  await openSettings();
  await diana.press(admin('channelSetup', (a) => a.role === 'free'));
  const refused = j.sandbox.waitForMessage(
    JOURNEY_ADMIN_ID,
    (m) => /invit/i.test(m.text ?? '') && /falta|permiso/i.test(m.text ?? ''),
    10_000,
  );
  j.sandbox.forwardChannelPost(JOURNEY_ADMIN_ID, free);
  await refused;

  j.sandbox.setBotStatus(free, 'administrator', {});
  const accepted = j.sandbox.waitForMessage(
    JOURNEY_ADMIN_ID,
    (m) => /Lucien Free/.test(m.text ?? ''),
    10_000,
  );
  j.sandbox.forwardChannelPost(JOURNEY_ADMIN_ID, free);
  await accepted;
  const config = await getBotConfig(j.app.db);
  assert.is(config.freeChannelId, free);
  const link = j.sandbox.inviteLinks(free).find((l) => l.invite_link === config.freeInviteLink);
  assert.ok(link?.creates_join_request, 'a join-request link was created and stored');
});

test('the wait time and social handles are edited with validation', async () => {
  await openSettings();
  await diana.press(admin('settingEdit', (a) => a.field === 'waitMinutes'));
  await diana.say('9999');
  assert.match(diana.last()?.text ?? '', /1440/);
  await diana.say('10');
  await diana.press(admin('settingEdit', (a) => a.field === 'instagram'));
  await diana.say('https://instagram.com/diana.oficial');
  const config = await getBotConfig(j.app.db);
  assert.is(config.freeWaitMinutes, 10);
  assert.is(config.socialInstagram, 'diana.oficial');
});

test('join request -> welcome -> approval only after the wait, across a restart -> member', async () => {
  const ana = j.sandbox.createUser({ first_name: 'Ana' });
  // Ana has talked to the bot before, so it may write to her after her request is approved.
  await new ChatDriver(j.sandbox, ana.id).say('/start');
  const carl = j.sandbox.createUser({ first_name: 'Carl' });
  const welcome = j.sandbox.waitForMessage(ana.id, () => true, 10_000);
  const carlWelcome = j.sandbox.waitForMessage(carl.id, () => true, 10_000);
  j.sandbox.requestJoin(ana.id, j.sandbox.freeChannelId);
  j.sandbox.requestJoin(carl.id, j.sandbox.freeChannelId);
  const hello = await welcome;
  await carlWelcome;
  assert.match(hello.text ?? '', /10 minutos/);
  assert.ok(
    hello.reply_markup?.inline_keyboard
      .flat()
      .some((b) => 'url' in b && b.url.includes('instagram.com/diana.oficial')),
  );

  await advanceClock(j.app, 9 * 60);
  assert.is(j.sandbox.member(j.sandbox.freeChannelId, ana.id).status, 'left', 'not before the wait');
  await j.restart();
  const approved = j.sandbox.waitForMessage(
    ana.id,
    (m) => Boolean(m.reply_markup?.inline_keyboard.flat().some((b) => 'url' in b)),
    10_000,
  );
  await advanceClock(j.app, 61);
  await approved;
  await j.sandbox.waitFor(() => j.sandbox.member(j.sandbox.freeChannelId, ana.id).status === 'member');
  // Carl never started the bot: Telegram lets it write to him only while his request is fresh,
  // so he got the welcome but not the note after approval; he is approved all the same.
  await j.sandbox.waitFor(() => j.sandbox.member(j.sandbox.freeChannelId, carl.id).status === 'member');
});

test('a second request inside the anti-spam window is declined with its own message', async () => {
  const bob = j.sandbox.createUser({ first_name: 'Bob' });
  await new ChatDriver(j.sandbox, bob.id).say('/start');
  const first = j.sandbox.waitForMessage(bob.id, () => true, 10_000);
  j.sandbox.requestJoin(bob.id, j.sandbox.freeChannelId);
  await first;
  // Bob withdraws (the request disappears) and asks again at once.
  await j.sandbox.callBotApi('declineChatJoinRequest', { chat_id: j.sandbox.freeChannelId, user_id: bob.id });
  const duplicate = j.sandbox.waitForMessage(bob.id, () => true, 10_000);
  j.sandbox.requestJoin(bob.id, j.sandbox.freeChannelId);
  assert.match((await duplicate).text ?? '', /no hace falta repetirla|no la he olvidado/);
  await j.sandbox.waitFor(() =>
    j.sandbox.joinRequests(j.sandbox.freeChannelId).every((r) => r.userId !== bob.id),
  );

  // The first request's wait ends: it was withdrawn, which ends cleanly.
  await advanceClock(j.app, 11 * 60);
  await eventually(async () => {
    const [row] = await j.app.db.query(sql`SELECT status FROM free_requests WHERE user_id = ${bob.id}`);
    return row?.status === 'gone';
  });
  assert.not.equal(j.sandbox.member(j.sandbox.freeChannelId, bob.id).status, 'member');
});

test('the admin queue approves all ready requests at once', async () => {
  const people = Array.from({ length: 3 }, (_, i) => j.sandbox.createUser({ first_name: `Q${i}` }));
  for (const p of people) j.sandbox.requestJoin(p.id, j.sandbox.freeChannelId);
  await eventually(async () => {
    const [row] = await j.app.db.query(
      sql`SELECT count(*)::int AS n FROM free_requests WHERE status = 'pending'`,
    );
    return row.n === 3;
  });
  // Their wait is over, but their timers have not fired yet (the clock moved, the jobs did not).
  // (Less than a minute past due: maintenance leaves them to their own jobs.)
  j.app.clock.advance(10 * 60_000 + 20_000);
  await diana.say('/start', (m) => (m.reply_markup?.inline_keyboard.length ?? 0) > 0);
  await diana.press(admin('home'));
  await diana.press(admin('freeQueue'));
  await diana.press(admin('freeQueue', (a) => a.filter === 'ready'));
  await diana.press(admin('freeApproveReady'));
  await j.sandbox.waitFor(
    () => people.every((p) => j.sandbox.member(j.sandbox.freeChannelId, p.id).status === 'member'),
    10_000,
  );
});

test('publishing: compose, preview, reactions off and on, publish to the free channel', async () => {
  await diana.say('/start', (m) => (m.reply_markup?.inline_keyboard.length ?? 0) > 0);
  await diana.press(admin('home'));
  await diana.press(admin('publish'));
  const preview = j.sandbox.waitForMessage(
    JOURNEY_ADMIN_ID,
    (m) => m.text === 'Muestra <nueva> & exclusiva 🌸',
    10_000,
  );
  await diana.say('Muestra <nueva> & exclusiva 🌸', () => diana.findButton(admin('publishTo')) !== undefined);
  await preview;
  await diana.press(admin('publishReactions'));
  await diana.press(admin('publishReactions'));
  const before = j.sandbox.messages(j.sandbox.freeChannelId).length;
  await diana.press(admin('publishTo', (a) => a.channel === 'free'));
  await j.sandbox.waitFor(() => j.sandbox.messages(j.sandbox.freeChannelId).length === before + 1);
  const post = j.sandbox.messages(j.sandbox.freeChannelId).at(-1);
  assert.is(post?.text, 'Muestra <nueva> & exclusiva 🌸', 'what the admin typed, escaped, not broken HTML');
  assert.equal(
    post?.reply_markup?.inline_keyboard.flat().map((b) => b.text),
    ['❤️', '🔥', '🌸'],
  );
});

test('the command menu: /start and /help for everyone, /admin too in each admin chat', async () => {
  const calls = j.sandbox.calls({ method: 'setMyCommands' });
  const everyone = calls.find((c) => !JSON.stringify(c.params).includes('scope'));
  const custodian = calls.find((c) => JSON.stringify(c.params).includes(String(JOURNEY_ADMIN_ID)));
  assert.ok(JSON.stringify(everyone?.params).includes('help'));
  assert.not.ok(JSON.stringify(everyone?.params).includes('admin'));
  assert.ok(JSON.stringify(custodian?.params).includes('admin'));
  const eve = new ChatDriver(j.sandbox, j.sandbox.createUser({ first_name: 'Eve' }).id);
  assert.match((await eve.say('/help')).text ?? '', /start/);
  assert.match((await eve.say('/admin')).text ?? '', /custodi|reservad|no puedo/i);
});

test.run();
