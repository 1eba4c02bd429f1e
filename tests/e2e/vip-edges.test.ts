import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCallbackData } from '../../src/adapters/telegram/callback-data.ts';
import { createInvitations, revokeInvitation } from '../../src/domain/invitations.ts';
import { getMembership } from '../../src/domain/memberships.ts';
import { createPlan, type Plan, setPlanActive } from '../../src/domain/plans.ts';
import { roleHistory } from '../../src/domain/users.ts';
import { advanceClock } from '../../src/sandbox/time-travel.ts';
import { admin, ChatDriver, eventually, ritual } from '../helpers/chat.ts';
import { JOURNEY_ADMIN_ID, JOURNEY_WEBHOOK_SECRET, type Journey, startJourney } from '../helpers/journey.ts';

const DAY = 86_400_000;
let j: Journey;
let plan: Plan;

test.before(async () => {
  j = await startJourney({ mode: 'webhook' });
  plan = await createPlan(j.app.db, {
    name: 'Mensual',
    durationDays: 30,
    price: '10',
    currency: 'USD',
    createdBy: JOURNEY_ADMIN_ID,
    now: j.app.clock.date(),
  });
});
test.after(async () => {
  await j.stop();
});

async function codes(count: number, validDays = 7, planId = plan.id): Promise<string[]> {
  const made = await createInvitations(j.app.db, {
    planId,
    count,
    validDays,
    createdBy: JOURNEY_ADMIN_ID,
    now: j.app.clock.date(),
  });
  return made.map((i) => i.code);
}

const hasUrlButton = (m: { reply_markup?: { inline_keyboard: object[][] } }) =>
  Boolean(m.reply_markup?.inline_keyboard.flat().some((b) => 'url' in b));

/** A person with a code, through the ritual, holding their personal link (not joined yet). */
async function throughRitual(name: string): Promise<{ chat: ChatDriver; link: string; id: number }> {
  const person = j.sandbox.createUser({ first_name: name });
  const chat = new ChatDriver(j.sandbox, person.id);
  const [code] = await codes(1);
  chat.sandbox.start(person.id, code);
  await j.sandbox.waitFor(() => chat.findButton(ritual(1)));
  await chat.press(ritual(1), () => chat.findButton(ritual(2)) !== undefined);
  await chat.press(ritual(2), () => chat.findButton(ritual(3)) !== undefined);
  await chat.press(ritual(3), hasUrlButton);
  return { chat, link: chat.urlButton('Diván') as string, id: person.id };
}

test('a plain /start in the middle of the ritual brings back the step reached, once per update', async () => {
  const person = j.sandbox.createUser({ first_name: 'Irene' });
  const chat = new ChatDriver(j.sandbox, person.id);
  const [code] = await codes(1);
  j.sandbox.start(person.id, code);
  await j.sandbox.waitFor(() => chat.findButton(ritual(1)));
  await chat.press(ritual(1), () => chat.findButton(ritual(2)) !== undefined);
  const stepTwo = () =>
    chat.botMessages().filter((m) =>
      m.reply_markup?.inline_keyboard.flat().some((b) => {
        const data = 'callback_data' in b ? b.callback_data : undefined;
        return data !== undefined && ritual(2)(parseCallbackData(data) as never);
      }),
    ).length;
  const before = stepTwo();
  // /start typed by the person, delivered twice with the same update id (a webhook retry).
  const update = {
    update_id: 70_000_000 + (person.id % 1_000_000),
    message: {
      message_id: 1,
      from: { id: person.id, is_bot: false, first_name: 'Irene' },
      chat: { id: person.id, type: 'private', first_name: 'Irene' },
      date: Math.floor(j.app.clock.now() / 1000),
      text: '/start',
      entities: [{ type: 'bot_command', offset: 0, length: 6 }],
    },
  };
  for (let delivery = 0; delivery < 2; delivery++) {
    const answer = await fetch(`${j.app.url}/telegram/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-telegram-bot-api-secret-token': JOURNEY_WEBHOOK_SECRET,
      },
      body: JSON.stringify(update),
    });
    assert.is(answer.status, 200);
  }
  await j.app.host.settle();
  assert.is(stepTwo(), before + 1, 'the second step shown again, once');
  assert.is((await j.app.host.read(`subscription:${person.id}`))?.state, 'ritual.step2');
});

test('each refused invitation gets its own answer; an admin opening one consumes nothing', async () => {
  const [used, expired, revoked, shown] = [await codes(1), await codes(1, 1), await codes(1), await codes(1)];
  const inactive: string[] = [];
  const other = await createPlan(j.app.db, {
    name: 'Antiguo',
    durationDays: 10,
    price: '0',
    currency: 'USD',
    createdBy: 1,
    now: j.app.clock.date(),
  });
  inactive.push(...(await codes(1, 7, other.id)));
  await setPlanActive(j.app.db, other.id, false, j.app.clock.date());
  const [row] = await j.app.db.query(sql`SELECT id FROM invitation_codes WHERE code = ${revoked[0]}`);
  await revokeInvitation(j.app.db, row.id, j.app.clock.date());

  const first = new ChatDriver(j.sandbox, j.sandbox.createUser({ first_name: 'Uno' }).id);
  await first.say(`/start ${used[0]}`, () => first.findButton(ritual(1)) !== undefined);

  const tom = new ChatDriver(j.sandbox, j.sandbox.createUser({ first_name: 'Tom' }).id);
  const answer = async (code: string | undefined) => (await tom.say(`/start ${code}`)).text ?? '';
  assert.match(await answer(used[0]), /utilizada|una vez/);
  assert.match(await answer(revoked[0]), /retirada/);
  assert.match(await answer(inactive[0]), /ya no se ofrece/);
  assert.match(await answer('AAAAAAAAAAAAAAAAAAAAAA'), /No reconozco/);
  assert.match(await answer('x'), /No reconozco/);
  await advanceClock(j.app, 2 * 86_400);
  assert.match(await answer(expired[0]), /caducado/);

  const diana = new ChatDriver(j.sandbox, JOURNEY_ADMIN_ID);
  assert.match((await diana.say(`/start ${shown[0]}`)).text ?? '', /Custodio.*disponible/s);
  const [still] = await j.app.db.query(sql`SELECT used_by FROM invitation_codes WHERE code = ${shown[0]}`);
  assert.is(still.used_by, null, 'the admin did not consume it');
  const [role] = await roleHistory(j.app.db, JOURNEY_ADMIN_ID, 1);
  assert.equal(
    [role?.newRole, role?.reason, role?.source],
    ['ADMIN', 'ADMIN_GRANTED', 'ADMIN_IDS'],
    'ADMIN_IDS is in the role log',
  );
});

test('100 concurrent redemptions of one code: exactly one succeeds, 99 are told it was used', async () => {
  const [code] = await codes(1);
  const people = Array.from({ length: 100 }, (_, i) => j.sandbox.createUser({ first_name: `P${i}` }));
  const replies = people.map((p) => j.sandbox.waitForMessage(p.id, () => true, 20_000));
  for (const p of people) j.sandbox.start(p.id, code);
  const texts = (await Promise.all(replies)).map((m) => m.text ?? '');
  assert.is(texts.filter((t) => /invitación ha sido aceptada|aceptado su invitación/.test(t)).length, 1);
  assert.is(texts.filter((t) => /utilizada|una vez/.test(t)).length, 99);
  const [row] = await j.app.db.query(
    sql`SELECT count(*)::int AS n FROM vip_memberships WHERE user_id = ANY(${people.map((p) => p.id)})`,
  );
  assert.is(row.n, 1);
});

test('link misuse: the intruder is removed and the link revoked; the member gets a fresh one, once per 10 minutes', async () => {
  const ana = await throughRitual('Ana');
  const bob = j.sandbox.createUser({ first_name: 'Bob' });
  assert.equal(j.sandbox.joinByLink(bob.id, ana.link), { outcome: 'joined' });
  await j.sandbox.waitFor(() => j.sandbox.member(j.sandbox.vipChannelId, bob.id).status !== 'member');
  await j.sandbox.waitFor(
    () => j.sandbox.inviteLinks(j.sandbox.vipChannelId).find((l) => l.invite_link === ana.link)?.is_revoked,
  );

  await ana.chat.say('/start', (m) => (m.reply_markup?.inline_keyboard.length ?? 0) > 0);
  await ana.chat.press((a) => a.kind === 'navigate' && a.screen === 'vip');
  const early = await ana.chat.press(
    (a) => a.kind === 'freshLink',
    (m) => /minutos/.test(m.text ?? ''),
  );
  assert.match(early.text ?? '', /minutos/, 'the first link is less than 10 minutes old');
  await advanceClock(j.app, 600);
  const fresh = await ana.chat.press((a) => a.kind === 'freshLink', hasUrlButton);
  const link = ana.chat.urlButton('Diván');
  assert.ok(link && link !== ana.link, `a new link in: ${fresh.text}`);
  const tooSoon = await ana.chat.press(
    (a) => a.kind === 'freshLink',
    (m) => /minutos/.test(m.text ?? ''),
  );
  assert.match(tooSoon.text ?? '', /minutos/);
  assert.equal(j.sandbox.joinByLink(ana.id, link as string), { outcome: 'joined' });
  await new Promise((r) => setTimeout(r, 300));
  assert.is(j.sandbox.member(j.sandbox.vipChannelId, ana.id).status, 'member', 'the rightful member stays');
});

test('a new link lifts only a removal of a minute: someone banned for good stays out', async () => {
  const carla = await throughRitual('Carla');
  assert.equal(j.sandbox.joinByLink(carla.id, carla.link), { outcome: 'joined' });
  // Banned for good (no until_date), as an expulsion does.
  const banned = await j.sandbox.callBotApiWithDescription('banChatMember', {
    chat_id: j.sandbox.vipChannelId,
    user_id: carla.id,
  });
  assert.is(banned.result, true);
  await advanceClock(j.app, 600);
  await carla.chat.say('/start', (m) => (m.reply_markup?.inline_keyboard.length ?? 0) > 0);
  await carla.chat.press((a) => a.kind === 'navigate' && a.screen === 'vip');
  await carla.chat.press((a) => a.kind === 'freshLink', hasUrlButton);
  const link = carla.chat.urlButton('Diván');
  assert.ok(link && link !== carla.link);
  assert.throws(() => j.sandbox.joinByLink(carla.id, link as string), /USER_BANNED_IN_CHANNEL/);
  const member = j.sandbox.member(j.sandbox.vipChannelId, carla.id) as { status: string; until_date: number };
  assert.equal([member.status, member.until_date], ['kicked', 0]);
});

test('the custodian extends a membership and revokes it from the member list', async () => {
  const eva = await throughRitual('Eva');
  j.sandbox.joinByLink(eva.id, eva.link);
  const before = (await getMembership(j.app.db, eva.id))?.expiresAt.getTime() ?? 0;
  const diana = new ChatDriver(j.sandbox, JOURNEY_ADMIN_ID);
  await diana.say('/start', (m) => (m.reply_markup?.inline_keyboard.length ?? 0) > 0);
  await diana.press(admin('home'));
  await diana.press(admin('members'));
  await diana.press(admin('member', (a) => a.userId === eva.id));
  await diana.press(admin('memberExtend', (a) => a.userId === eva.id));
  const extended = eva.chat.sandbox.waitForMessage(eva.id, (m) => /suma/.test(m.text ?? ''), 10_000);
  await diana.say('10');
  await extended;
  const after = (await getMembership(j.app.db, eva.id))?.expiresAt.getTime() ?? 0;
  assert.is(after - before, 10 * DAY);

  await diana.press(admin('memberRevoke', (a) => a.userId === eva.id));
  await diana.press(admin('memberRevokeConfirm', (a) => a.userId === eva.id));
  // Out by a ban of a minute.
  await j.sandbox.waitFor(() => j.sandbox.member(j.sandbox.vipChannelId, eva.id).status === 'kicked');
  await eventually(async () => (await getMembership(j.app.db, eva.id))?.status === 'revoked');
  const [last] = await roleHistory(j.app.db, eva.id, 1);
  assert.equal([last?.newRole, last?.reason, last?.changedBy], ['FREE', 'VIP_REVOKED', JOURNEY_ADMIN_ID]);
});

test('a bulk of 50 invitations arrives as a document with 50 links', async () => {
  const diana = new ChatDriver(j.sandbox, JOURNEY_ADMIN_ID);
  await diana.say('/start', (m) => (m.reply_markup?.inline_keyboard.length ?? 0) > 0);
  await diana.press(admin('home'));
  await diana.press(admin('invitations'));
  await diana.press(admin('invitationPlans'));
  await diana.press(admin('invitationNew', (a) => a.planId === plan.id));
  await diana.press(admin('invitationValidity', (a) => a.days === 30));
  const doc = j.sandbox.waitForMessage(JOURNEY_ADMIN_ID, (m) => Boolean(m.document), 10_000);
  await diana.press(admin('invitationCount', (a) => a.count === 50));
  const document = (await doc).document;
  assert.ok(document?.file_name?.endsWith('.txt'));
  const [count] = await j.app.db.query(
    sql`SELECT count(*)::int AS n FROM invitation_codes WHERE created_by = ${JOURNEY_ADMIN_ID} AND expires_at - created_at = interval '30 days'`,
  );
  assert.is(count.n, 50);
});

test.run();
