import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { JOURNEY_WEBHOOK_SECRET, type Journey, startJourney } from '../helpers/journey.ts';

let journey: Journey;
test.before(async () => {
  journey = await startJourney({ mode: 'webhook' });
});
test.after(async () => {
  await journey.stop();
});

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${journey.app.url}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
const withSecret = { 'x-telegram-bot-api-secret-token': JOURNEY_WEBHOOK_SECRET };

test('401 without the secret or with a wrong one', async () => {
  assert.is((await post('{"update_id":1}')).status, 401);
  assert.is((await post('{"update_id":1}', { 'x-telegram-bot-api-secret-token': 'wrong' })).status, 401);
  assert.is(
    (await post('{"update_id":1}', { 'x-telegram-bot-api-secret-token': `${JOURNEY_WEBHOOK_SECRET}x` }))
      .status,
    401,
  );
});

test('413 for a body over the size limit', async () => {
  const huge = JSON.stringify({ update_id: 5, message: { text: 'x'.repeat(2_000_000) } });
  assert.is((await post(huge, withSecret)).status, 413);
});

/** Posts `chunks` one after the other, without a Content-Length (chunked transfer encoding). */
const postChunks = (chunks: Iterable<Uint8Array>) => {
  const source = chunks[Symbol.iterator]();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = source.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
  return fetch(`${journey.app.url}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...withSecret },
    body,
    duplex: 'half',
  } as RequestInit);
};

test('413 for a body over the size limit sent in chunks, without a declared length', async () => {
  const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
  const response = await postChunks(Array.from({ length: 40 }, () => chunk));
  assert.is(response.status, 413);
  // The app is still there.
  assert.is((await fetch(`${journey.app.url}/health`)).status, 200);
});

test('a chunked body within the limit is read whole', async () => {
  const update = JSON.stringify({ update_id: 1 + Math.floor(Math.random() * 1e6) });
  const bytes = new TextEncoder().encode(update);
  assert.is((await postChunks([bytes.slice(0, 5), bytes.slice(5)])).status, 200);
});

test('400 for malformed JSON and for JSON that is not an update', async () => {
  assert.is((await post('{"update_id": 1,', withSecret)).status, 400);
  assert.is((await post('[1,2,3]', withSecret)).status, 400);
  assert.is((await post('{"update_id": "seven"}', withSecret)).status, 400);
});

test('a valid update is processed once, however often it is delivered', async () => {
  const { sandbox } = journey.app;
  const ana = sandbox.createUser({ first_name: 'Ana' });
  const hint = sandbox.waitForMessage(ana.id, () => true, 10_000);
  sandbox.sendText(ana.id, 'hola');
  await hint;

  const update = {
    update_id: 777_001,
    message: {
      message_id: 500,
      date: Math.floor(Date.now() / 1000),
      chat: { id: ana.id, type: 'private', first_name: 'Ana' },
      from: { id: ana.id, is_bot: false, first_name: 'Ana' },
      text: '/start',
      entities: [{ type: 'bot_command', offset: 0, length: 6 }],
    },
  };
  const greeting = sandbox.waitForMessage(ana.id, (m) => Boolean(m.reply_markup), 10_000);
  const first = await post(JSON.stringify(update), withSecret);
  const again = await post(JSON.stringify(update), withSecret);
  assert.is(first.status, 200);
  assert.is(again.status, 200);
  assert.match((await greeting).text ?? '', /Ana/);
  const events = await journey.app.db.query(
    sql`SELECT event_type FROM actor_events
        WHERE actor_id = ${`conversation:${ana.id}`} AND event_type <> 'SCREEN_SHOWN' ORDER BY version`,
  );
  assert.equal(
    events.map((e: { event_type: string }) => e.event_type),
    ['TEXT', 'START'],
  );
});

test.run();
