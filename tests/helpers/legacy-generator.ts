import initSqlJs from 'sql.js';
import { naiveUtc, openLegacy, saveLegacy } from './legacy-fixture.ts';

const DAY = 86_400_000;

export interface GeneratedLegacy {
  path: string;
  users: number;
  plans: number;
  tokens: number;
  vipSubscribers: number;
  /** Of which still active (not expired, ritual finished). */
  activeMembers: number;
  freeRequests: number;
  pendingFreeRequests: number;
  packages: number;
  interests: number;
  roleChanges: number;
}

/** A small deterministic generator, so that a failing run can be repeated. */
function prng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

/**
 * A legacy database of `users` people with the real file's schema (same DDL, same quirks: plans
 * repeated by name, naive UTC times, 0/1 booleans, JSON as text), dated around `now`: a tenth are
 * VIP subscribers (most active, some expired, some mid-ritual), a tenth asked for the free
 * channel (a third still pending), tokens three for ten people.
 */
export async function generateLegacy(users: number, now = Date.now(), seed = 42): Promise<GeneratedLegacy> {
  const real = await openLegacy();
  const ddl = (real.exec(
    `SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'`,
  )[0]?.values ?? []) as string[][];
  real.close();
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  for (const [statement] of ddl) db.run(statement as string);
  const random = prng(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const at = (ms: number) => naiveUtc(ms);
  const ADMIN = 900_000_001;
  const firstUser = 1_000_000;

  db.run('BEGIN');
  db.run(
    `INSERT INTO bot_config VALUES (1, '-1001000000001', '-1001000000002', 5, '[]', '["❤️","🔥"]', '{}', ?, ?, '@diana', NULL, 'diana_x', 'https://t.me/+Generated123')`,
    [at(now - 400 * DAY), at(now - DAY)],
  );
  const terms = [
    ['Plan Mensual', 30, 9.99],
    ['Plan Trimestral', 90, 24.99],
    ['Plan Anual', 365, 79.99],
    ['Plan Semanal', 7, 2.5],
    ['Plan Mensual', 30, 12.0],
  ] as const;
  const plans = 40;
  const planTerms: (typeof terms)[number][] = [];
  const insertPlan = db.prepare('INSERT INTO subscription_plans VALUES (?, ?, ?, ?, ?, 1, ?, ?)');
  for (let id = 1; id <= plans; id++) {
    const t = terms[id % terms.length] as (typeof terms)[number];
    planTerms.push(t);
    insertPlan.run([id, t[0], t[1], t[2], '$', at(now - 300 * DAY + id * 60_000), ADMIN]);
  }
  insertPlan.free();

  const insertUser = db.prepare('INSERT INTO users VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (let i = 0; i < users; i++) {
    const created = now - Math.floor(random() * 365 * DAY);
    const role = i % 10 === 0 ? 'VIP' : 'FREE';
    insertUser.run([
      firstUser + i,
      i % 3 === 0 ? null : `persona_${i}`,
      `Persona ${i}`,
      null,
      role,
      at(created),
      at(created),
    ]);
  }
  insertUser.free();

  const tokens = Math.floor(users * 0.3);
  const insertToken = db.prepare('INSERT INTO invitation_tokens VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const vipSubscribers = Math.floor(users / 10);
  let activeMembers = 0;
  const insertVip = db.prepare('INSERT INTO vip_subscribers VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL)');
  for (let id = 1; id <= tokens; id++) {
    const planId = 1 + Math.floor(random() * plans);
    const t = planTerms[planId - 1] as (typeof terms)[number];
    const created = now - Math.floor(random() * 200 * DAY);
    const subscriber = id <= vipSubscribers ? firstUser + (id - 1) * 10 : null;
    const code = `gen${String(id).padStart(13, '0')}`;
    insertToken.run([
      id,
      code,
      ADMIN,
      at(created),
      t[1] * 24,
      subscriber === null ? 0 : 1,
      subscriber,
      subscriber === null ? null : at(created + 3_600_000),
      planId,
    ]);
    if (subscriber !== null) {
      const joined = created + 3_600_000;
      const roll = random();
      const expired = roll < 0.15;
      const stage = roll > 0.95 ? pick([1, 2, 3]) : null;
      const expiry = expired
        ? now - Math.floor(random() * 30 * DAY) - DAY
        : now + Math.floor(random() * 300 * DAY) + DAY;
      if (!expired && stage === null) activeMembers++;
      insertVip.run([id, subscriber, at(joined), at(expiry), expired ? 'expired' : 'active', id, stage]);
    }
  }
  insertToken.free();
  insertVip.free();

  const freeRequests = Math.floor(users / 10);
  let pendingFreeRequests = 0;
  const insertRequest = db.prepare('INSERT INTO free_channel_requests VALUES (?, ?, ?, ?, ?)');
  for (let id = 1; id <= freeRequests; id++) {
    const requested = now - Math.floor(random() * 10 * DAY);
    const pending = id % 3 === 0;
    if (pending) pendingFreeRequests++;
    insertRequest.run([
      id,
      firstUser + id * 7,
      at(requested),
      pending ? 0 : 1,
      pending ? null : at(requested + 300_000),
    ]);
  }
  insertRequest.free();

  const packages = 20;
  const insertPackage = db.prepare('INSERT INTO content_packages VALUES (?, ?, ?, ?, ?, ?, NULL, 1, ?, ?)');
  for (let id = 1; id <= packages; id++) {
    const created = now - id * DAY;
    insertPackage.run([
      id,
      `Paquete ${id}`,
      'Descripción',
      id * 5,
      pick(['FREE_CONTENT', 'VIP_CONTENT', 'VIP_PREMIUM']),
      'STANDARD',
      at(created),
      at(created),
    ]);
  }
  insertPackage.free();

  const interests = Math.floor(users / 20);
  const insertInterest = db.prepare('INSERT INTO user_interests VALUES (?, ?, ?, ?, ?, ?)');
  for (let id = 1; id <= interests; id++) {
    const created = now - Math.floor(random() * 30 * DAY);
    const attended = id % 4 === 0;
    insertInterest.run([
      id,
      firstUser + id * 2,
      1 + (id % packages),
      attended ? 1 : 0,
      attended ? at(created + DAY) : null,
      at(created),
    ]);
  }
  insertInterest.free();

  const roleChanges = vipSubscribers;
  const insertChange = db.prepare('INSERT INTO user_role_change_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (let id = 1; id <= roleChanges; id++) {
    insertChange.run([
      id,
      firstUser + (id - 1) * 10,
      'FREE',
      'VIP',
      0,
      'VIP_ENTRY_COMPLETED',
      'SYSTEM',
      'null',
      at(now - id * 60_000),
    ]);
  }
  insertChange.free();
  db.run('COMMIT');

  return {
    path: await saveLegacy(db),
    users,
    plans,
    tokens,
    vipSubscribers,
    activeMembers,
    freeRequests,
    pendingFreeRequests,
    packages,
    interests,
    roleChanges,
  };
}
