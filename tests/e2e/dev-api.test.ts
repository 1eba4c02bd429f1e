import { request as httpRequest } from 'node:http';
import type { Message } from 'grammy/types';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHttpApp } from '../../src/http/app.ts';
import { createDevConsole, openActorStreams } from '../../src/http/dev/index.ts';
import { statePaths } from '../../src/http/dev/machines.ts';
import { rootLogger } from '../../src/log.ts';
import { machineDefinitions } from '../../src/machines/registry.ts';
import { eventually } from '../helpers/chat.ts';
import { type Journey, startJourney } from '../helpers/journey.ts';

let journey: Journey;
let person: { id: number; username: string };
let menu: Message;

test.before(async () => {
  journey = await startJourney({ mode: 'polling' });
  const { sandbox } = journey.app;
  const user = sandbox.createUser({ first_name: 'Dana', username: 'dana_dev' });
  person = { id: user.id, username: 'dana_dev' };
  const greeting = sandbox.waitForMessage(user.id, (m) => Boolean(m.reply_markup), 10_000);
  sandbox.start(user.id);
  menu = await greeting;
  await journey.app.host.executor.drain();
});
test.after(async () => {
  await journey?.stop();
});

const get = (path: string, init?: RequestInit) => fetch(`${journey.app.url}${path}`, init);
const getJson = async <T = unknown>(path: string): Promise<T> => {
  const response = await get(path);
  assert.is(response.status, 200, `${path} answered ${response.status}`);
  assert.match(response.headers.get('content-type') ?? '', /application\/json/);
  return (await response.json()) as T;
};
const conversation = () => `conversation:${person.id}`;

test('mode: sandbox, the app clock, the number of machines', async () => {
  const mode = await getJson<{ sandbox: boolean; now: string; machines: number }>('/dev/api/mode');
  assert.is(mode.sandbox, true);
  assert.is(mode.machines, machineDefinitions.length);
  assert.ok(Math.abs(Date.parse(mode.now) - journey.app.clock.now()) < 5_000, mode.now);
});

test('machines: every registered machine with its version and every state path', async () => {
  const machines = await getJson<{ name: string; version: number; states: string[] }[]>('/dev/api/machines');
  assert.equal(machines.map((m) => m.name).sort(), machineDefinitions.map((d) => d.name).sort());
  for (const definition of machineDefinitions) {
    const listed = machines.find((m) => m.name === definition.name);
    assert.is(listed?.version, definition.version);
    assert.equal(listed?.states, statePaths(definition.machine));
    assert.ok((listed?.states.length ?? 0) > 0, `${definition.name} has states`);
  }
  const subscription = machines.find((m) => m.name === 'subscription');
  assert.ok(
    subscription?.states.some((s) => s.includes('.')),
    'nested states are dotted paths',
  );
});

test('diagram: Mermaid text of a machine with the active states highlighted', async () => {
  const machine = machineDefinitions.find((d) => d.name === 'subscription');
  assert.ok(machine);
  const states = statePaths(machine.machine);
  const nested = states.find((s) => s.includes('.')) as string;
  const plain = await get('/dev/api/machines/subscription/diagram');
  assert.is(plain.status, 200);
  assert.match(plain.headers.get('content-type') ?? '', /^text\/plain/);
  const text = await plain.text();
  assert.match(text, /stateDiagram-v2/);
  for (const state of states.filter((s) => !s.includes('.'))) assert.ok(text.includes(state), state);

  const highlighted = await (
    await get(`/dev/api/machines/subscription/diagram?active=${encodeURIComponent(nested)}`)
  ).text();
  assert.is.not(highlighted, text, 'asking for an active state changes the diagram');
  const leaf = nested.split('.').at(-1) as string;
  const marked = highlighted.split('\n').filter((l) => !text.split('\n').includes(l));
  assert.ok(
    marked.some((l) => l.includes(leaf) || /active/i.test(l)),
    `the added lines mark ${nested}: ${marked.join(' | ')}`,
  );

  assert.is((await get('/dev/api/machines/nope/diagram')).status, 404);
  const tooMany = Array.from({ length: 60 }, () => nested).join(',');
  assert.is((await get(`/dev/api/machines/subscription/diagram?active=${tooMany}`)).status, 400);
});

test('actors: found by actor id, Telegram id and @username; [] when nothing matches', async () => {
  type Found = { id: string; machine: string; state: string; version: number; updatedAt: string }[];
  const byId = await getJson<Found>(`/dev/api/actors?q=${person.id}`);
  const mine = byId.find((a) => a.id === conversation());
  assert.ok(mine, JSON.stringify(byId));
  assert.is(mine.machine, 'conversation');
  assert.ok(mine.version >= 1);
  assert.ok(!Number.isNaN(Date.parse(mine.updatedAt)));
  assert.ok(byId.length <= 50);

  const byName = await getJson<Found>('/dev/api/actors?q=%40dana_dev');
  assert.ok(byName.some((a) => a.id === conversation()));
  const byActor = await getJson<Found>(`/dev/api/actors?q=${encodeURIComponent(conversation())}`);
  assert.equal(
    byActor.map((a) => a.id),
    [conversation()],
  );
  assert.equal(await getJson('/dev/api/actors?q=%40nobody_here'), []);
  assert.equal(await getJson('/dev/api/actors?q=987654321'), []);
  assert.equal(await getJson('/dev/api/actors?q=conversation%3A987654321'), []);
});

test('actor detail: state, context, version, timers and effects; 400 malformed, 404 unknown', async () => {
  const stored = await journey.app.host.read(conversation());
  assert.ok(stored);
  const detail = await getJson<{
    id: string;
    machine: string;
    machineVersion: number;
    version: number;
    state: string;
    activePaths: string[];
    context: Record<string, unknown>;
    updatedAt: string;
    timers: unknown[];
    effects: { id: number; type: string; status: string; attempts: number; params: unknown }[];
  }>(`/dev/api/actors/${encodeURIComponent(conversation())}`);
  assert.is(detail.id, conversation());
  assert.is(detail.machine, 'conversation');
  assert.is(detail.state, stored.state);
  assert.is(detail.version, stored.version);
  assert.equal(detail.context, JSON.parse(JSON.stringify(stored.snapshot.context)));
  assert.ok(detail.activePaths.length > 0);
  for (const path of detail.activePaths) assert.ok(stored.state.includes(path.split('.')[0] as string));
  assert.ok(Array.isArray(detail.timers));
  assert.ok(
    detail.effects.some((e) => e.type.startsWith('telegram.')),
    JSON.stringify(detail.effects.map((e) => e.type)),
  );
  const ids = detail.effects.map((e) => e.id);
  assert.equal(
    ids,
    [...ids].sort((a, b) => b - a),
    'newest effects first',
  );

  assert.is((await get('/dev/api/actors/conversation%3A424242')).status, 404);
  for (const bad of ['not-an-id', 'conversation%3A', '%3A123', 'a%20b%3A1']) {
    const response = await get(`/dev/api/actors/${bad}`);
    assert.is(response.status, 400, bad);
    assert.equal(await response.json(), { ok: false, error: 'malformed actor id' });
  }
  // A malformed escape is refused by h3 itself, also without detail.
  const malformed = await get('/dev/api/actors/%E0%A4%A');
  assert.is(malformed.status, 400);
  assert.not.match(await malformed.text(), /stack|\.ts\b/);
});

test('actor events: newest first, a page at a time, nextBefore until the first event', async () => {
  const id = encodeURIComponent(conversation());
  type Page = {
    items: { version: number; eventType: string; from: string | null; to: string; at: string }[];
    nextBefore: number | null;
  };
  const all = await getJson<Page>(`/dev/api/actors/${id}/events?limit=100`);
  assert.ok(all.items.length >= 2, 'a /start and what followed');
  assert.is(all.nextBefore, null);
  const versions = all.items.map((e) => e.version);
  assert.equal(
    versions,
    [...versions].sort((a, b) => b - a),
  );
  assert.is(all.items.at(-1)?.from, null, 'the first event created the actor');
  assert.ok(all.items.some((e) => e.eventType === 'START'));

  const first = await getJson<Page>(`/dev/api/actors/${id}/events?limit=1`);
  assert.is(first.items.length, 1);
  assert.is(first.items[0]?.version, versions[0]);
  assert.is(first.nextBefore, versions[0]);
  const second = await getJson<Page>(`/dev/api/actors/${id}/events?limit=1&before=${first.nextBefore}`);
  assert.is(second.items[0]?.version, versions[1]);
  const rest = await getJson<Page>(`/dev/api/actors/${id}/events?before=${versions.at(-1)}`);
  assert.equal(rest, { items: [], nextBefore: null });
  const defaultPage = await getJson<Page>(`/dev/api/actors/${id}/events`);
  assert.is(defaultPage.items.length, Math.min(20, versions.length));

  for (const query of ['limit=0', 'limit=101', 'limit=abc', 'before=-1', 'before=x']) {
    assert.is((await get(`/dev/api/actors/${id}/events?${query}`)).status, 400, query);
  }
  assert.is((await get('/dev/api/actors/conversation%3A424242/events')).status, 404);
});

/** Reads server-sent events off a fetch body until `count` have arrived. */
function eventReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const events: { event: string; data: unknown }[] = [];
  return {
    async next(ms = 10_000): Promise<{ event: string; data: unknown }> {
      const until = Date.now() + ms;
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = frame.split('\n').filter((l) => !l.startsWith(':'));
          if (lines.length === 0) continue;
          const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
          const data = JSON.parse(
            lines
              .filter((l) => l.startsWith('data: '))
              .map((l) => l.slice(6))
              .join('\n'),
          );
          events.push({ event, data });
          return { event, data };
        }
        const left = until - Date.now();
        if (left <= 0) throw new Error('no server-sent event in time');
        let timer: NodeJS.Timeout | undefined;
        const chunk = await Promise.race([
          reader.read(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error('no server-sent event in time')), left);
          }),
        ]).finally(() => clearTimeout(timer));
        if (chunk.done) throw new Error('the stream ended');
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
  };
}

test('stream: the state now, then each commit; the listener goes when the client does', async () => {
  const before = openActorStreams();
  const abort = new AbortController();
  const response = await get(`/dev/api/actors/${encodeURIComponent(conversation())}/stream`, {
    signal: abort.signal,
  });
  assert.is(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
  assert.ok(response.body);
  const events = eventReader(response.body);
  const stored = await journey.app.host.read(conversation());
  const initial = await events.next();
  assert.is(initial.event, 'actor');
  assert.equal(initial.data, { version: stored?.version, state: stored?.state });
  assert.is(openActorStreams(), before + 1);

  const { sandbox } = journey.app;
  const about = menu.reply_markup?.inline_keyboard
    .flat()
    .find((b) => 'callback_data' in b && b.callback_data === '1:nav:about') as { callback_data: string };
  assert.ok(about, 'the menu has an "about" button');
  sandbox.pressButton(person.id, menu.message_id, about.callback_data);
  const next = (await events.next()) as { event: string; data: { version: number; state: string } };
  assert.is(next.event, 'actor');
  assert.ok(next.data.version > (stored?.version ?? 0));
  assert.type(next.data.state, 'string');

  abort.abort();
  await eventually(async () => openActorStreams() === before, 5_000, 'the listener to be removed');
  assert.is((await get('/dev/api/actors/conversation%3A424242/stream')).status, 404);
  assert.is(openActorStreams(), before, 'a refused stream leaves no listener');
});

/** A raw GET, so that the path reaches the server exactly as written (fetch resolves `..`). */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(journey.app.url);
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('assets: the page, its files and mermaid from node_modules; nothing else', async () => {
  const page = await get('/dev');
  assert.is(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(await page.text(), /<html/i);
  assert.is((await get('/dev/')).status, 200);

  const mermaid = await get('/dev/assets/mermaid.min.js');
  assert.is(mermaid.status, 200);
  assert.match(mermaid.headers.get('content-type') ?? '', /^text\/javascript/);
  assert.match(mermaid.headers.get('cache-control') ?? '', /max-age=\d+/);
  const etag = mermaid.headers.get('etag');
  assert.ok((await mermaid.arrayBuffer()).byteLength > 1_000_000);
  assert.ok(etag);
  assert.is((await get('/dev/assets/mermaid.min.js', { headers: { 'if-none-match': etag } })).status, 304);

  const html = await get('/dev/assets/index.html');
  assert.is(html.status, 200);
  assert.match(html.headers.get('content-type') ?? '', /^text\/html/);
  await html.arrayBuffer();

  // `..` segments are resolved before routing: they can only lead to another route.
  const dotted = await rawGet('/dev/assets/..');
  assert.match(dotted.body, /<html/i, 'the console page, not a file above the assets');
  for (const path of [
    '/dev/assets/../../package.json',
    '/dev/assets/..%2F..%2Fpackage.json',
    '/dev/assets/%2e%2e%2f%2e%2e%2fpackage.json',
    '/dev/assets/..%2f',
    '/dev/assets/.env',
    '/dev/assets/console.ts',
    '/dev/assets/nested/index.html',
  ]) {
    const response = await rawGet(path);
    assert.ok(response.status === 400 || response.status === 404, `${path} answered ${response.status}`);
    assert.not.match(response.body, /"dependencies"|<html/, path);
  }
  assert.is((await get('/dev/api/mode', { method: 'POST' })).status, 405);
  assert.is((await get('/dev/api/nothing')).status, 404);
});

test('production: 401 without the token or with a wrong one; Bearer, ?token= and the cookie let in', async () => {
  const TOKEN = 'dev-console-token-0123456789abcdef';
  const { app } = journey;
  const build = (devConsoleToken: string | undefined) => {
    const dev = createDevConsole({
      db: app.db,
      registry: app.host.registry,
      config: { production: true, devConsoleToken },
      clock: app.clock,
      sandbox: false,
      log: rootLogger,
    });
    dev.attach(app.host);
    return createHttpApp({
      log: rootLogger,
      health: { db: app.db, cache: app.cache, queue: app.queue, version: 'test', startedAt: Date.now() },
      webhook: async () => new Response(null, { status: 404 }),
      dev: dev.handle,
    });
  };
  const closed = build(TOKEN);
  const call = async (path: string, headers: Record<string, string> = {}) => {
    const response = await closed.fetch(new Request(`http://127.0.0.1${path}`, { headers }));
    const body = await response.text();
    assert.not.ok(body.includes(TOKEN), `${path} leaks the token in its body`);
    return { response, body };
  };
  const paths = ['/dev', '/dev/api/mode', '/dev/assets/mermaid.min.js', `/dev/api/actors?q=${person.id}`];
  for (const path of paths) {
    const { response, body } = await call(path);
    assert.is(response.status, 401, path);
    assert.equal(JSON.parse(body), { ok: false, error: 'unauthorized' });
    assert.is((await call(path, { authorization: 'Bearer wrong-token-0123456789' })).response.status, 401);
    assert.is((await call(path, { authorization: `Bearer ${TOKEN}x` })).response.status, 401);
    assert.is((await call(`${path}${path.includes('?') ? '&' : '?'}token=nope`)).response.status, 401);
    assert.is((await call(path, { cookie: 'dev_token=nope' })).response.status, 401);
  }

  const bearer = await call('/dev/api/mode', { authorization: `Bearer ${TOKEN}` });
  assert.is(bearer.response.status, 200);
  assert.is((JSON.parse(bearer.body) as { sandbox: boolean }).sandbox, false);
  assert.is(bearer.response.headers.get('set-cookie'), null);

  const query = await call(`/dev?token=${encodeURIComponent(TOKEN)}`);
  assert.is(query.response.status, 200);
  assert.match(query.body, /<html/i);
  const cookie = query.response.headers.get('set-cookie') ?? '';
  assert.match(cookie, /^dev_token=/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  const pair = cookie.split(';')[0] as string;
  assert.is((await call('/dev/api/machines', { cookie: `other=1; ${pair}` })).response.status, 200);
  assert.is(
    (await call(`/dev/api/actors/${encodeURIComponent(conversation())}`, { cookie: pair })).response.status,
    200,
  );

  const unset = build(undefined);
  const attempts: Record<string, string>[] = [
    {},
    { authorization: `Bearer ${TOKEN}` },
    { cookie: pair },
    { authorization: 'Bearer ' },
  ];
  for (const headers of attempts) {
    const response = await unset.fetch(new Request('http://127.0.0.1/dev/api/mode', { headers }));
    assert.is(response.status, 401);
    assert.not.ok((await response.text()).includes(TOKEN));
  }
  const byQuery = await unset.fetch(new Request(`http://127.0.0.1/dev?token=${TOKEN}`));
  assert.is(byQuery.status, 401);
  assert.is(byQuery.headers.get('set-cookie'), null);
});

test.run();
