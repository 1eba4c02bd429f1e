import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { roleHistory } from '../../src/domain/users.ts';
import { admin, ChatDriver, eventually } from '../helpers/chat.ts';
import { JOURNEY_ADMIN_ID, type Journey, startJourney } from '../helpers/journey.ts';

const SECOND_ADMIN = 1002;
let j: Journey;
let diana: ChatDriver;
let second: ChatDriver;

test.before(async () => {
  j = await startJourney({ mode: 'polling', adminIds: [JOURNEY_ADMIN_ID, SECOND_ADMIN] });
  j.sandbox.createUser({ id: SECOND_ADMIN, first_name: 'Marco' });
  diana = new ChatDriver(j.sandbox, JOURNEY_ADMIN_ID);
  second = new ChatDriver(j.sandbox, SECOND_ADMIN);
  await second.say('/start', (m) => (m.reply_markup?.inline_keyboard.length ?? 0) > 0);
});
test.after(async () => {
  await j.stop();
});

async function openAdmin(who: ChatDriver): Promise<void> {
  await who.say('/start', (m) => (m.reply_markup?.inline_keyboard.length ?? 0) > 0);
  await who.press(admin('home'));
}

test('package wizard -> a free user sees it -> "me interesa" -> every admin notified -> marked attended', async () => {
  await openAdmin(diana);
  await diana.press(admin('packages'));
  await diana.press(admin('packageNew'));
  await diana.say('x'.repeat(201));
  assert.match(diana.last()?.text ?? '', /200/, 'a name too long is explained');
  await diana.say('Muestras de otoño');
  await diana.press(admin('packageCategory', (a) => a.category === 'FREE_CONTENT'));
  await diana.press(admin('packageSkip'));
  await diana.say('Tres fotografías del jardín.');
  await diana.press(admin('packageSkip'));
  await diana.press(admin('packageConfirm'));
  const [row] = await j.app.db.query(sql`SELECT id, name, category, price FROM content_packages`);
  assert.equal([row.name, row.category, row.price], ['Muestras de otoño', 'FREE_CONTENT', null]);

  const ana = new ChatDriver(j.sandbox, j.sandbox.createUser({ first_name: 'Ana', username: 'ana_j' }).id);
  await ana.say('/start', (m) => (m.reply_markup?.inline_keyboard.length ?? 0) > 0);
  const list = await ana.press((a) => a.kind === 'contentList');
  assert.match(list.text ?? '', /Muestras de otoño/);
  const detail = await ana.press((a) => a.kind === 'contentDetail' && a.packageId === row.id);
  assert.match(detail.text ?? '', /acceso gratuito/i);
  const toDiana = j.sandbox.waitForMessage(
    JOURNEY_ADMIN_ID,
    (m) => /Muestras de otoño/.test(m.text ?? '') && /Ana/.test(m.text ?? ''),
    10_000,
  );
  const toMarco = j.sandbox.waitForMessage(
    SECOND_ADMIN,
    (m) => /Muestras de otoño/.test(m.text ?? ''),
    10_000,
  );
  const thanks = j.sandbox.waitForMessage(ana.userId, () => true, 10_000);
  await ana.press((a) => a.kind === 'interest' && a.packageId === row.id);
  await Promise.all([toDiana, toMarco, thanks]);
  // A second press at once only thanks again: nobody is told twice.
  const again = j.sandbox.waitForMessage(ana.userId, () => true, 10_000);
  await ana.press((a) => a.kind === 'interest' && a.packageId === row.id);
  await again;
  await new Promise((r) => setTimeout(r, 300));
  assert.is(j.sandbox.messages(SECOND_ADMIN).filter((m) => /Muestras de otoño/.test(m.text ?? '')).length, 1);

  await second.press(admin('interestAttend', (a) => a.userId === ana.userId && a.packageId === row.id));
  await eventually(async () => {
    const [i] = await j.app.db.query(
      sql`SELECT attended, attended_by FROM interests WHERE user_id = ${ana.userId}`,
    );
    return i?.attended === true && i.attended_by === SECOND_ADMIN;
  });
});

test('a VIP-only package is not offered to a free user, even by a forged button', async () => {
  const [vip] = await j.app.db.query(sql`
    INSERT INTO content_packages (name, category, price, created_by, created_at, updated_at)
    VALUES ('Tesoro', 'VIP_PREMIUM', 25, 1, now(), now()) RETURNING id`);
  const eve = new ChatDriver(j.sandbox, j.sandbox.createUser({ first_name: 'Eve' }).id);
  await eve.say('/start', (m) => (m.reply_markup?.inline_keyboard.length ?? 0) > 0);
  const list = await eve.press((a) => a.kind === 'contentList');
  assert.not.match(list.text ?? '', /Tesoro/);
  const queryId = j.sandbox.pressButton(eve.userId, list.message_id, `1:ci:${vip.id}`, { forge: true });
  await j.sandbox.waitForCallbackAnswer(queryId, 5000);
  await new Promise((r) => setTimeout(r, 300));
  const [count] = await j.app.db.query(
    sql`SELECT count(*)::int AS n FROM interests WHERE package_id = ${vip.id}`,
  );
  assert.is(count.n, 0);
});

test('role changes are confirmed and logged; only the super admin changes an admin; never oneself', async () => {
  const tom = j.sandbox.createUser({ first_name: 'Tom' });
  await new ChatDriver(j.sandbox, tom.id).say('/start');
  await openAdmin(second);
  await second.press(admin('users'));
  await second.press(admin('user', (a) => a.userId === tom.id));
  await second.press(admin('userRole', (a) => a.userId === tom.id));
  await second.press(admin('userRolePick', (a) => a.userId === tom.id && a.role === 'VIP'));
  await second.press(admin('userRoleConfirm', (a) => a.userId === tom.id && a.role === 'VIP'));
  const [change] = await roleHistory(j.app.db, tom.id, 1);
  assert.equal([change?.newRole, change?.reason, change?.changedBy], ['VIP', 'MANUAL_CHANGE', SECOND_ADMIN]);

  // Marco (not the super admin) may not change Diana's role, nor his own.
  await second.press(admin('users'));
  const forged = async (userId: number) => {
    const last = second.last();
    const shown = j.sandbox.waitForMessage(SECOND_ADMIN, () => true, 10_000);
    j.sandbox.pressButton(SECOND_ADMIN, last?.message_id ?? 0, `1:a:up:${userId}:FREE`, { forge: true });
    return (await shown).text ?? '';
  };
  assert.match(await forged(JOURNEY_ADMIN_ID), /custodio principal|primero/);
  assert.match(await forged(SECOND_ADMIN), /propio rol/);
  assert.is(
    (await roleHistory(j.app.db, JOURNEY_ADMIN_ID, 5)).filter((r) => r.reason === 'MANUAL_CHANGE').length,
    0,
  );
});

test('expel is all or nothing: when the second removal fails, the first is undone', async () => {
  const zoe = j.sandbox.createUser({ first_name: 'Zoe' });
  await new ChatDriver(j.sandbox, zoe.id).say('/start');
  const link = (await j.sandbox.callBotApi('createChatInviteLink', { chat_id: j.sandbox.vipChannelId })) as {
    invite_link: string;
  };
  j.sandbox.joinByLink(zoe.id, link.invite_link);
  await eventually(async () => true);
  j.sandbox.failNext(
    'banChatMember',
    { error_code: 400, description: 'Bad Request: not enough rights to restrict/unrestrict chat member' },
    {
      when: (p) => String(p.chat_id) === String(j.sandbox.freeChannelId),
    },
  );
  await openAdmin(diana);
  await diana.press(admin('users'));
  await diana.press(admin('user', (a) => a.userId === zoe.id));
  await diana.press(admin('userExpel', (a) => a.userId === zoe.id));
  const result = j.sandbox.waitForMessage(
    JOURNEY_ADMIN_ID,
    (m) => /deshecho|nada ha cambiado|nada cambió/i.test(m.text ?? ''),
    10_000,
  );
  await diana.press(admin('userExpelConfirm', (a) => a.userId === zoe.id));
  await result;
  assert.not.equal(
    j.sandbox.member(j.sandbox.vipChannelId, zoe.id).status,
    'kicked',
    'the VIP ban was lifted',
  );

  // Without the failure, the same expulsion goes through in both channels.
  await diana.press(admin('user', (a) => a.userId === zoe.id));
  await diana.press(admin('userExpel', (a) => a.userId === zoe.id));
  await diana.press(admin('userExpelConfirm', (a) => a.userId === zoe.id));
  await j.sandbox.waitFor(
    () =>
      j.sandbox.member(j.sandbox.vipChannelId, zoe.id).status === 'kicked' &&
      j.sandbox.member(j.sandbox.freeChannelId, zoe.id).status === 'kicked',
  );
});

test('an admin finds a person by @username or id; nobody found is said so', async () => {
  const lia = j.sandbox.createUser({ first_name: 'Lía', username: 'lia_rosa' });
  await new ChatDriver(j.sandbox, lia.id).say('/start');
  await openAdmin(diana);
  await diana.press(admin('users'));
  await diana.press(admin('userFind'));
  const found = await diana.say('@Lia_Rosa', (m) => /Lía/.test(m.text ?? ''));
  assert.match(found.text ?? '', new RegExp(String(lia.id)));
  await diana.press(admin('users'));
  await diana.press(admin('userFind'));
  const missing = await diana.say('@nadie_aqui');
  assert.not.match(missing.text ?? '', /Lía/);
  const byId = await diana.say(String(lia.id), (m) => /Lía/.test(m.text ?? ''));
  assert.match(byId.text ?? '', /lia_rosa/);
});

test('the dashboard shows the figures and refreshes on demand', async () => {
  await openAdmin(diana);
  const shown = await diana.press(admin('stats'));
  assert.match(shown.text ?? '', /Diván|VIP/);
  const fresh = await diana.press(admin('statsRefresh'));
  assert.match(fresh.text ?? '', /recién calculadas/);
});

test.run();
