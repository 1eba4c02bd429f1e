/**
 * Memory against the number of actors: the app's RSS after start, then with 10,000 and 100,000
 * actors in Postgres (copies of real snapshots: a conversation after /start, an active VIP
 * membership, a free-channel join request, with the ids varied), each time after a few thousand
 * of them received an update through the webhook. No actor lives in memory between events, so
 * RSS should stay flat; the in-process cache is bounded (10,000 entries).
 * Usage: npm run bench -- memory [--actors 10000,100000] [--touch 3000] [--cache memory|redis]
 * Run with --expose-gc (the suite does) so that RSS is read after a full collection.
 */
import { parseArgs } from 'node:util';
import { sql } from '@databases/pg';
import { fixed, mib, printTable, sleep } from './support/format.ts';
import { type BenchLucien, startLucien } from './support/lucien.ts';
import { seedPeople } from './support/sandbox-people.ts';
import { activateMembership } from './support/subscription-template.ts';

const { values } = parseArgs({
  options: {
    actors: { type: 'string', default: '10000,100000' },
    touch: { type: 'string', default: '3000' },
    cache: { type: 'string', default: 'memory' },
  },
});
const LEVELS = values.actors.split(',').map(Number);
const TOUCH = Number(values.touch);
const TEMPLATE_USER = 3_000_000;
/** Cloned people get ids from here; the machine's key is the person's id. */
const FIRST_CLONE = 4_000_000;

/** RSS and heap after a full collection (when exposed) and a moment to settle. */
async function memory(): Promise<{ rss: number; heap: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await sleep(500);
  gc?.();
  const usage = process.memoryUsage();
  return { rss: usage.rss, heap: usage.heapUsed };
}

/** One real actor of each kind, made the way people make them, to copy. */
async function makeTemplates(lucien: BenchLucien): Promise<string[]> {
  const { app, sandbox } = lucien;
  seedPeople(sandbox, [TEMPLATE_USER], { inVipChannel: false, firstName: () => 'Plantilla' });
  sandbox.start(TEMPLATE_USER);
  sandbox.requestJoin(TEMPLATE_USER, sandbox.freeChannelId);
  await activateMembership(app, TEMPLATE_USER);
  const deadline = Date.now() + 15_000;
  const wanted = ['conversation', 'subscription', 'freeAccess'].map((m) => `${m}:${TEMPLATE_USER}`);
  while (Date.now() < deadline) {
    const rows = await app.db.query(sql`SELECT id FROM actors WHERE id = ANY(${wanted})`);
    if (rows.length === wanted.length) return wanted;
    await sleep(100);
  }
  throw new Error('the template actors were not all created');
}

/** Inserts copies of the templates for people [from, to), one actor of each kind per person. */
async function cloneActors(
  lucien: BenchLucien,
  templates: string[],
  from: number,
  to: number,
): Promise<void> {
  for (const template of templates) {
    const machine = template.split(':')[0] as string;
    await lucien.app.db.query(sql`
      INSERT INTO actors (id, machine, machine_version, version, snapshot, state, created_at, updated_at)
      SELECT ${machine} || ':' || g, a.machine, a.machine_version, a.version,
        jsonb_set(a.snapshot, '{context,userId}', to_jsonb(g), false), a.state, a.created_at, a.updated_at
      FROM actors a, generate_series(${from}::bigint, ${to - 1}::bigint) g WHERE a.id = ${template}`);
  }
}

/** `count` people spread evenly over the first `people` clones, in a shuffled order. */
function touchedIds(people: number, count: number): number[] {
  return Array.from(
    { length: count },
    (_, i) => FIRST_CLONE + Math.floor(((i * 7919) % count) * (people / count)),
  );
}

/** Each of `ids` writes to the bot once, through the webhook, 16 at a time; updates per second. */
async function touch(lucien: BenchLucien, ids: number[], round: number): Promise<number> {
  const count = ids.length;
  const started = performance.now();
  let next = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < ids.length) {
        const i = next++;
        const id = ids[i] as number;
        const person = { id, is_bot: false, first_name: `Persona ${id}` };
        const update = {
          update_id: 60_000_000 + round * 1_000_000 + i,
          message: {
            message_id: 1_000_000 + i,
            from: person,
            chat: { id, type: 'private', first_name: person.first_name },
            date: Math.floor(Date.now() / 1000),
            text: 'Buenas tardes, Lucien.',
          },
        };
        const response = await fetch(lucien.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': lucien.secret },
          body: JSON.stringify(update),
        });
        await response.arrayBuffer();
        if (!response.ok) errors++;
      }
    }),
  );
  await lucien.app.host.executor.drain();
  if (errors > 0) console.log(`  ${errors} webhook errors while touching`);
  return count / ((performance.now() - started) / 1000);
}

const cache = values.cache === 'redis' ? 'redis' : 'memory';
console.log(
  `memory: RSS of the app (emulator in the same process) with ${LEVELS.join(', ')} people's actors in Postgres (3 actors each), ${TOUCH} of them touched by an update each time; ${cache} cache`,
);
const lucien = await startLucien({ mode: 'webhook', cache });
const rows: string[][] = [];
try {
  const templates = await makeTemplates(lucien);
  const start = await memory();
  const [initial] = await lucien.app.db.query(sql`SELECT count(*)::int AS n FROM actors`);
  rows.push(['after start', String(initial.n), '-', mib(start.rss), mib(start.heap), '-']);
  let people = 0;
  for (const [round, level] of LEVELS.entries()) {
    await cloneActors(lucien, templates, FIRST_CLONE + people, FIRST_CLONE + level);
    people = level;
    // Replies go to these people: they must exist in the emulator and have written before.
    const touched = touchedIds(people, TOUCH);
    const known = new Set(lucien.sandbox.users().map((u) => u.id));
    seedPeople(
      lucien.sandbox,
      [...new Set(touched)].filter((id) => !known.has(id)),
      { inVipChannel: false, firstName: (id) => `Persona ${id}` },
    );
    const rate = await touch(lucien, touched, round);
    const [count] = await lucien.app.db.query(sql`SELECT count(*)::int AS n FROM actors`);
    const after = await memory();
    rows.push([
      `${people} people`,
      String(count.n),
      String(TOUCH),
      mib(after.rss),
      mib(after.heap),
      fixed(rate, 0),
    ]);
  }
} finally {
  await lucien.stop();
}
printTable(['point', 'actors in Postgres', 'touched', 'RSS MiB', 'heap MiB', 'touch updates/s'], rows);
const first = Number(rows[1]?.[3]);
const last = Number(rows.at(-1)?.[3]);
console.log(
  `\nRSS growth from the first to the last level: ${fixed(last - first, 0)} MiB for ${fixed((LEVELS.at(-1) ?? 0) - (LEVELS[0] ?? 0), 0)} more people.` +
    '\nThe emulator keeps every message it saw in this process, so part of any growth is its own.',
);
process.exit(0);
