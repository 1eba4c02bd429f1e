import type { Sandbox } from '../../src/sandbox/index.ts';

interface WorldView {
  users: Map<number, { started: boolean; seenByBot: boolean }>;
  chats: Map<number, { members: Map<number, { status: string; untilDate: number }> }>;
}

/** The emulator's state, for seeding what Telegram would already know about thousands of people. */
function worldOf(sandbox: Sandbox): WorldView {
  return (sandbox as unknown as { world: WorldView }).world;
}

/**
 * Creates people who have written to the bot before (so it may message them) and, when asked,
 * are members of the VIP channel: the Telegram side of memberships seeded in bulk.
 */
export function seedPeople(
  sandbox: Sandbox,
  ids: number[],
  options: { inVipChannel: boolean; firstName: (id: number) => string },
): void {
  const world = worldOf(sandbox);
  const vip = world.chats.get(sandbox.vipChannelId);
  for (const id of ids) {
    sandbox.createUser({ id, first_name: options.firstName(id) });
    const record = world.users.get(id);
    if (record) {
      record.started = true;
      record.seenByBot = true;
    }
    if (options.inVipChannel) vip?.members.set(id, { status: 'member', untilDate: 0 });
  }
}

/** How many of `ids` are still in the VIP channel: members (a banned person is out, banned for a while or for good). */
export function stillInVip(sandbox: Sandbox, ids: number[]): number {
  const members = worldOf(sandbox).chats.get(sandbox.vipChannelId)?.members;
  return ids.filter((id) => {
    const status = members?.get(id)?.status;
    return status !== undefined && status !== 'left' && status !== 'kicked';
  }).length;
}
