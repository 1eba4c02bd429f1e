/**
 * A seeded generator of malformed Telegram updates: well-formed templates of each kind the bot
 * takes, then mutated (wrong types, missing fields, huge strings and ids, nulls where objects
 * go, unknown kinds). The same seed gives the same updates, so a failure can be replayed.
 */

/** A small deterministic random source (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const user = (id: number): Json => ({ id, is_bot: false, first_name: 'Fuzz', username: 'fuzz' });

/** Well-formed updates of each kind the router handles, from person `id`. */
function templates(id: number, channelId: number): Record<string, Json>[] {
  const date = 1_700_000_000;
  const chat = { id, type: 'private', first_name: 'Fuzz' };
  return [
    { message: { message_id: 1, date, chat, from: user(id), text: 'hola' } },
    {
      message: {
        message_id: 2,
        date,
        chat,
        from: user(id),
        text: '/start',
        entities: [{ type: 'bot_command', offset: 0, length: 6 }],
      },
    },
    {
      message: {
        message_id: 3,
        date,
        chat,
        from: user(id),
        caption: 'foto',
        photo: [{ file_id: 'f', file_unique_id: 'u', width: 1, height: 1 }],
      },
    },
    {
      callback_query: {
        id: 'cq1',
        from: user(id),
        chat_instance: 'ci',
        data: '1:nav:help',
        message: { message_id: 1, date, chat, from: user(1), text: 'menu' },
      },
    },
    {
      chat_join_request: {
        chat: { id: channelId, type: 'channel', title: 'Canal' },
        from: user(id),
        user_chat_id: id,
        date,
      },
    },
    {
      chat_member: {
        chat: { id: channelId, type: 'channel', title: 'Canal' },
        from: user(id),
        date,
        old_chat_member: { status: 'left', user: user(id) },
        new_chat_member: { status: 'member', user: user(id) },
      },
    },
    { edited_message: { message_id: 1, date, edit_date: date, chat, from: user(id), text: 'editado' } },
    {
      channel_post: {
        message_id: 9,
        date,
        chat: { id: channelId, type: 'channel', title: 'Canal' },
        text: 'x',
      },
    },
  ];
}

const HUGE_IDS = [2 ** 63, -1, 0, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308, 1.5];

/** Replacement values for a field: of the wrong type, empty, null, huge. */
function wrongValues(random: () => number, bigStringBytes: number): Json[] {
  return [
    null,
    'texto',
    '',
    42,
    -7,
    true,
    [],
    [1, 'a', null],
    {},
    { nested: { deeper: [null] } },
    HUGE_IDS[Math.floor(random() * HUGE_IDS.length)] as number,
    'x'.repeat(bigStringBytes),
    '\u202e\u200b\u0000🎩',
  ];
}

/** Every path to a field inside `value`. */
function paths(value: Json, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

function setAt(target: Json, path: string[], replacement: Json | undefined): void {
  let node = target as Record<string, Json>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, Json>;
  const last = path.at(-1) as string;
  if (replacement === undefined) delete node[last];
  else node[last] = replacement;
}

export interface BadUpdate {
  label: string;
  body: Record<string, Json>;
}

/**
 * `count` malformed updates from `seed`, ids from `firstUpdateId`. About one in ten carries a
 * string of `bigStringBytes` (just under the webhook's size limit by default).
 */
export function generateBadUpdates(options: {
  seed: number;
  count: number;
  firstUpdateId: number;
  userId: number;
  channelId: number;
  bigStringBytes?: number;
}): BadUpdate[] {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const out: BadUpdate[] = [];
  for (let i = 0; i < options.count; i++) {
    const template = structuredClone(pick(templates(options.userId, options.channelId)));
    const kind = Object.keys(template)[0] as string;
    const roll = random();
    let label: string;
    if (roll < 0.1) {
      label = `unknown kind instead of ${kind}`;
      const body = template[kind] as Json;
      delete template[kind];
      template[`future_${kind}`] = body;
    } else if (roll < 0.2) {
      label = `${kind}: null`;
      template[kind] = null;
    } else {
      const mutations = 1 + Math.floor(random() * 3);
      const labels: string[] = [];
      for (let m = 0; m < mutations; m++) {
        const path = pick(paths(template).filter((p) => p.length >= 2));
        if (!path) continue;
        const values = wrongValues(random, random() < 0.3 ? (options.bigStringBytes ?? 1_000_000) : 64);
        const replacement = random() < 0.25 ? undefined : pick(values);
        try {
          setAt(template, path, replacement);
        } catch {
          continue; // an earlier mutation removed the parent
        }
        const shown =
          typeof replacement === 'string' && replacement.length > 64
            ? `${replacement.length} chars`
            : JSON.stringify(replacement);
        labels.push(`${path.join('.')}=${replacement === undefined ? 'missing' : shown}`);
      }
      label = `${kind}: ${labels.join(', ')}`;
    }
    out.push({ label, body: { update_id: options.firstUpdateId + i, ...template } });
  }
  return out;
}
