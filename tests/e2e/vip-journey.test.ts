import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createInvitations } from '../../src/domain/invitations.ts';
import { getMembership } from '../../src/domain/memberships.ts';
import { listPlans } from '../../src/domain/plans.ts';
import { roleHistory } from '../../src/domain/users.ts';
import { advanceClock } from '../../src/sandbox/time-travel.ts';
import { admin, ChatDriver, ritual } from '../helpers/chat.ts';
import { JOURNEY_ADMIN_ID, type Journey, startJourney } from '../helpers/journey.ts';

const DAY = 86_400;
let j: Journey;
test.before(async () => {
  j = await startJourney({ mode: 'polling' });
});
test.after(async () => {
  await j.stop();
});

const hasButton = (m: { reply_markup?: { inline_keyboard: unknown[][] } }) =>
  (m.reply_markup?.inline_keyboard.length ?? 0) > 0;

test('admin plan and code -> redemption -> ritual -> join -> reminders -> expiry -> renewal, restarting between steps', async () => {
  const { sandbox } = j;
  const diana = new ChatDriver(sandbox, JOURNEY_ADMIN_ID);

  // The custodian creates a 30-day plan with the wizard, then one invitation for it.
  await diana.say('/start', hasButton);
  await diana.press(admin('home'));
  await diana.press(admin('plans'));
  await diana.press(admin('planNew'));
  await diana.say('Mensual <VIP>');
  await diana.say('0');
  const daysRefused = diana.last()?.text ?? '';
  assert.match(daysRefused, /3650/, 'out-of-range days are answered with what is expected');
  await diana.say('30');
  await diana.say('10,50');
  await diana.say('usd');
  await diana.press(admin('wizardConfirm'));
  const plans = await listPlans(j.app.db, { includeInactive: true, offset: 0, limit: 10 });
  assert.is(plans.total, 1);
  const plan = plans.items[0] as (typeof plans.items)[number];
  assert.equal(
    [plan.name, plan.durationDays, plan.price, plan.currency],
    ['Mensual <VIP>', 30, '10.50', 'USD'],
  );

  await j.restart();
  await diana.press(admin('home'));
  await diana.press(admin('invitations'));
  await diana.press(admin('invitationPlans'));
  await diana.press(admin('invitationNew', (a) => a.planId === plan.id));
  await diana.press(admin('invitationValidity', (a) => a.days === 7));
  const created = await diana.press(admin('invitationCount', (a) => a.count === 1));
  const code = /start=([A-Za-z0-9_-]{16,64})/.exec(created.text ?? '')?.[1];
  assert.ok(code, `a deep link in: ${created.text}`);

  // Ana redeems it and walks the three steps of the ritual, across restarts.
  const ana = sandbox.createUser({ first_name: 'Ana', username: 'ana' });
  const chat = new ChatDriver(sandbox, ana.id);
  await chat.say(`/start ${code}`, (m) => chat.findButton(ritual(1)) !== undefined || hasButton(m));
  await sandbox.waitFor(() => chat.findButton(ritual(1)));
  await j.restart();
  await chat.press(ritual(1), hasButton);
  await j.restart();
  await chat.press(ritual(2), hasButton);
  await chat.press(ritual(3), (m) => Boolean(m.reply_markup?.inline_keyboard.flat().some((b) => 'url' in b)));
  const link = chat.urlButton('Diván');
  assert.ok(link, 'a personal invite link');
  const [invite] = sandbox.inviteLinks(sandbox.vipChannelId).filter((l) => l.invite_link === link);
  assert.is(invite?.member_limit, 1);
  assert.ok(invite?.expire_date && invite.expire_date - Math.floor(j.app.clock.now() / 1000) <= DAY);
  assert.equal(sandbox.joinByLink(ana.id, link as string), { outcome: 'joined' });
  assert.is(sandbox.member(sandbox.vipChannelId, ana.id).status, 'member');
  assert.is((await roleHistory(j.app.db, ana.id, 5))[0]?.newRole, 'VIP');

  // Reminders three days and one day before the end; then the expiry removes her.
  await j.restart();
  const membership = await getMembership(j.app.db, ana.id);
  assert.is(membership?.status, 'active');
  const untilFirst =
    Math.ceil(((membership?.expiresAt.getTime() ?? 0) - 3 * DAY * 1000 - j.app.clock.now()) / 1000) + 5;
  const firstReminder = sandbox.waitForMessage(ana.id, (m) => /⏳/.test(m.text ?? ''), 10_000);
  await advanceClock(j.app, untilFirst);
  assert.match((await firstReminder).text ?? '', /3 días/);
  await j.restart();
  const secondReminder = sandbox.waitForMessage(ana.id, (m) => /⏳/.test(m.text ?? ''), 10_000);
  await advanceClock(j.app, 2 * DAY);
  assert.match((await secondReminder).text ?? '', /1 día/);
  await j.restart();
  const farewell = sandbox.waitForMessage(ana.id, (m) => /concluido|final/.test(m.text ?? ''), 10_000);
  await advanceClock(j.app, DAY);
  await farewell;
  await sandbox.waitFor(() => sandbox.member(sandbox.vipChannelId, ana.id).status === 'kicked');
  // Out of the channel by a ban that Telegram lifts by itself a minute later.
  const removal = sandbox.member(sandbox.vipChannelId, ana.id) as { until_date: number };
  const nowSeconds = Math.floor(j.app.clock.now() / 1000);
  assert.ok(removal.until_date > nowSeconds && removal.until_date <= nowSeconds + 60, 'a ban of a minute');
  assert.is((await getMembership(j.app.db, ana.id))?.status, 'expired');
  assert.is((await roleHistory(j.app.db, ana.id, 5))[0]?.reason, 'VIP_EXPIRED');

  // A renewal code re-admits her without the ritual, within that minute: her new link works.
  const [renewal] = await createInvitations(j.app.db, {
    planId: plan.id,
    count: 1,
    validDays: 7,
    createdBy: JOURNEY_ADMIN_ID,
    now: j.app.clock.date(),
  });
  await j.restart();
  await chat.say(`/start ${renewal?.code}`, (m) =>
    Boolean(m.reply_markup?.inline_keyboard.flat().some((b) => 'url' in b && b.url !== link)),
  );
  const second = chat.urlButton('Diván');
  assert.ok(second && second !== link);
  assert.equal(sandbox.joinByLink(ana.id, second as string), { outcome: 'joined' });
  const renewed = await getMembership(j.app.db, ana.id);
  assert.is(renewed?.status, 'active');
  assert.ok((renewed?.expiresAt.getTime() ?? 0) - j.app.clock.now() > 29 * DAY * 1000);
});

test.run();
