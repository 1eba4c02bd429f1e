import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createInvitations } from '../../src/domain/invitations.ts';
import { createPlan, getPlan } from '../../src/domain/plans.ts';
import { admin, ChatDriver, ritual } from '../helpers/chat.ts';
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

/** A fresh main menu, then the custodian's menu on it. */
async function openAdminMenu(): Promise<void> {
  await diana.say('/start', (m) => (m.reply_markup?.inline_keyboard.length ?? 0) > 0);
  await diana.press(
    admin('home'),
    (m) => diana.findButton(admin('plans')) !== undefined || m.text !== undefined,
  );
}

const newPlan = (name: string) =>
  createPlan(j.app.db, {
    name,
    durationDays: 7,
    price: '1',
    currency: 'USD',
    createdBy: JOURNEY_ADMIN_ID,
    now: j.app.clock.date(),
  });

test('a plan is deactivated, reactivated and, never used, deleted from its screen', async () => {
  const plan = await newPlan('Semana');
  await openAdminMenu();
  await diana.press(admin('plans'));
  await diana.press(admin('plan', (a) => a.planId === plan.id));
  await diana.press(admin('planToggle', (a) => a.planId === plan.id));
  await diana.press(admin('planToggleConfirm', (a) => a.planId === plan.id));
  assert.is((await getPlan(j.app.db, plan.id))?.active, false);
  await diana.press(admin('planToggle', (a) => a.planId === plan.id));
  await diana.press(admin('planToggleConfirm', (a) => a.planId === plan.id));
  assert.is((await getPlan(j.app.db, plan.id))?.active, true);
  await diana.press(admin('planDelete', (a) => a.planId === plan.id));
  await diana.press(admin('planDeleteConfirm', (a) => a.planId === plan.id));
  assert.is(await getPlan(j.app.db, plan.id), undefined);
});

test('a plan with invitations offers no delete button', async () => {
  const plan = await newPlan('Usado');
  await createInvitations(j.app.db, {
    planId: plan.id,
    count: 1,
    validDays: 7,
    createdBy: JOURNEY_ADMIN_ID,
    now: j.app.clock.date(),
  });
  await openAdminMenu();
  await diana.press(admin('plans'));
  await diana.press(admin('plan', (a) => a.planId === plan.id));
  assert.is(diana.findButton(admin('planDelete', (a) => a.planId === plan.id)), undefined);
});

test('an available invitation is revoked from the list and then refused', async () => {
  const plan = await newPlan('Revocable');
  const [code] = await createInvitations(j.app.db, {
    planId: plan.id,
    count: 1,
    validDays: 7,
    createdBy: JOURNEY_ADMIN_ID,
    now: j.app.clock.date(),
  });
  await openAdminMenu();
  await diana.press(admin('invitations'));
  await diana.press(admin('invitationList', (a) => a.filter === 'available'));
  await diana.press(admin('invitationRevoke', (a) => a.invitationId === code?.id));
  await diana.press(admin('invitationRevokeConfirm', (a) => a.invitationId === code?.id));
  const [row] = await j.app.db.query(sql`SELECT revoked_at FROM invitation_codes WHERE id = ${code?.id}`);
  assert.ok(row.revoked_at);
  const tom = new ChatDriver(j.sandbox, j.sandbox.createUser({ first_name: 'Tom' }).id);
  assert.match((await tom.say(`/start ${code?.code}`)).text ?? '', /retirada/);
});

test('/start in the middle of the ritual says the current step again', async () => {
  const plan = await newPlan('Ritual');
  const [code] = await createInvitations(j.app.db, {
    planId: plan.id,
    count: 1,
    validDays: 7,
    createdBy: JOURNEY_ADMIN_ID,
    now: j.app.clock.date(),
  });
  const ana = new ChatDriver(j.sandbox, j.sandbox.createUser({ first_name: 'Ana' }).id);
  j.sandbox.start(ana.userId, code?.code);
  await j.sandbox.waitFor(() => ana.findButton(ritual(1)));
  await ana.press(ritual(1), () => ana.findButton(ritual(2)) !== undefined);
  const before = ana.botMessages().length;
  await ana.say(
    '/start',
    () => ana.botMessages().filter((m) => /Segundo paso/.test(m.text ?? '')).length === 2,
  );
  assert.ok(ana.botMessages().length > before);
  await ana.press(ritual(2), () => ana.findButton(ritual(3)) !== undefined);
});

test.run();
