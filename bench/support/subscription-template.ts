import type { App } from '../../src/app.ts';
import { claimInvitation, createInvitations } from '../../src/domain/invitations.ts';
import { createPlan } from '../../src/domain/plans.ts';
import { sleep } from './format.ts';
import { BENCH_ADMIN_ID } from './lucien.ts';

const DAY_MS = 86_400_000;

/**
 * One membership made active the way a person makes it: the invitation claimed and REDEEMED in
 * one transaction (as the router does for `/start <code>`), the three ritual steps, and the
 * invite link the emulator creates. Its rows are the template the benchmarks copy.
 */
export async function activateMembership(app: App, userId: number): Promise<void> {
  const { plan, code } = await planAndCode(app);
  const actorId = `subscription:${userId}`;
  await app.host.transaction(async (tx, send) => {
    const claim = await claimInvitation(tx, code, userId, app.clock.date());
    if (claim.status !== 'claimed') throw new Error(`invitation not claimed: ${claim.status}`);
    await send(actorId, {
      type: 'REDEEMED',
      planId: plan.id,
      planName: plan.name,
      days: plan.durationDays,
      code,
      firstName: 'Plantilla',
      reminderLeadsMs: [3 * DAY_MS, DAY_MS],
    });
  });
  for (const step of [1, 2, 3]) await app.host.send(actorId, { type: 'RITUAL_NEXT', step });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    await app.host.executor.drain();
    if ((await app.host.read(actorId))?.state.startsWith('active')) return;
    await sleep(50);
  }
  throw new Error(`${actorId} did not become active: ${(await app.host.read(actorId))?.state}`);
}

/** A 30-day plan and one invitation code to it, created as the custodian would. */
async function planAndCode(
  app: App,
): Promise<{ plan: { id: number; name: string; durationDays: number }; code: string }> {
  const now = app.clock.date();
  const plan = await createPlan(app.db, {
    name: 'Mes',
    durationDays: 30,
    price: '5',
    currency: 'USD',
    createdBy: BENCH_ADMIN_ID,
    now,
  });
  const [invitation] = await createInvitations(app.db, {
    planId: plan.id,
    count: 1,
    validDays: 60,
    createdBy: BENCH_ADMIN_ID,
    now,
  });
  if (!invitation) throw new Error('no invitation created');
  return { plan, code: invitation.code };
}
