import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { claimInvitation, createInvitations } from '../../src/domain/invitations.ts';
import { getMembership } from '../../src/domain/memberships.ts';
import { createPlan } from '../../src/domain/plans.ts';
import { ChatDriver, ritual } from '../helpers/chat.ts';
import { JOURNEY_ADMIN_ID, type Journey, startJourney } from '../helpers/journey.ts';

const DAY = 86_400_000;
let j: Journey;
test.before(async () => {
  j = await startJourney({ mode: 'polling' });
});
test.after(async () => {
  await j.stop();
});

test('an expiry firing while a renewal commits: the renewal wins, the member stays', async () => {
  const { db, host, clock } = j.app;
  const plan = await createPlan(db, {
    name: 'Mes',
    durationDays: 30,
    price: '5',
    currency: 'USD',
    createdBy: 1,
    now: clock.date(),
  });
  const [first, renewal] = await createInvitations(db, {
    planId: plan.id,
    count: 2,
    validDays: 60,
    createdBy: JOURNEY_ADMIN_ID,
    now: clock.date(),
  });
  const ana = j.sandbox.createUser({ first_name: 'Ana' });
  const chat = new ChatDriver(j.sandbox, ana.id);
  j.sandbox.start(ana.id, first?.code);
  await j.sandbox.waitFor(() => chat.findButton(ritual(1)));
  await chat.press(ritual(1), () => chat.findButton(ritual(2)) !== undefined);
  await chat.press(ritual(2), () => chat.findButton(ritual(3)) !== undefined);
  await chat.press(ritual(3), (m) => Boolean(m.reply_markup?.inline_keyboard.flat().some((b) => 'url' in b)));
  j.sandbox.joinByLink(ana.id, chat.urlButton('Diván') as string);
  const expiresAt = (await getMembership(db, ana.id))?.expiresAt.getTime() ?? 0;

  // The end has come: the expiry timer is due.
  clock.advance(expiresAt - clock.now() + 1000);
  const [timer] = await db.query(
    sql`SELECT id FROM actor_timers WHERE actor_id = ${`subscription:${ana.id}`} AND send_id LIKE '%Expiry%'`,
  );
  assert.ok(timer, 'an expiry timer is pending');
  const bansBefore = j.sandbox.calls({ method: 'banChatMember' }).length;

  let firing: Promise<boolean> | undefined;
  await host.transaction(async (tx, send) => {
    const claim = await claimInvitation(tx, renewal?.code as string, ana.id, clock.date());
    assert.is(claim.status, 'claimed');
    await send(`subscription:${ana.id}`, {
      type: 'REDEEMED',
      planId: plan.id,
      planName: plan.name,
      days: 30,
      code: renewal?.code,
      firstName: 'Ana',
      reminderLeadsMs: [3 * DAY, DAY],
    });
    // The expiry job fires now, while the renewal has not committed yet.
    firing = host.fireTimer(timer.id);
    await new Promise((r) => setTimeout(r, 300));
  });
  assert.is(await firing, false, 'the expiry found its timer cancelled by the renewal');
  await host.executor.drain();

  const membership = await getMembership(db, ana.id);
  assert.is(membership?.status, 'active');
  // Extended by 30 days from the later of its end and the moment of renewal (a second apart).
  const extendedBy = (membership?.expiresAt.getTime() ?? 0) - expiresAt;
  assert.ok(extendedBy >= 30 * DAY && extendedBy <= 30 * DAY + 5000, `extended by ${extendedBy} ms`);
  assert.is(j.sandbox.calls({ method: 'banChatMember' }).length, bansBefore, 'nobody was removed');
  assert.is(j.sandbox.member(j.sandbox.vipChannelId, ana.id).status, 'member');
});

test.run();
