import { readFileSync } from 'node:fs';
import { sql } from '@databases/pg';
import type { Message } from 'grammy/types';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAdminParts } from '../../src/adapters/telegram/admin-callback-data.ts';
import { updateProblem } from '../../src/adapters/telegram/update-shape.ts';
import { createPackage } from '../../src/domain/packages.ts';
import { listPlans } from '../../src/domain/plans.ts';
import { adminDenied } from '../../src/voice/es/admin-common.ts';
import { staleButton } from '../../src/voice/es/problems.ts';
import { generateBadUpdates, seededRandom } from '../helpers/bad-updates.ts';
import { admin, ChatDriver } from '../helpers/chat.ts';
import { JOURNEY_ADMIN_ID } from '../helpers/journey.ts';
import { type LoggedJourney, startLoggedJourney } from '../helpers/logged-journey.ts';
import { plainText, saidOneOf } from '../helpers/voice-text.ts';

const SECRET = 'bad-input-secret-0123456789';
const DOMAIN_TABLES = [
  'plans',
  'invitation_codes',
  'role_changes',
  'vip_memberships',
  'bot_config',
  'free_requests',
  'posts',
  'post_reactions',
  'content_packages',
  'interests',
];
let j: LoggedJourney;

test.before(async () => {
  j = await startLoggedJourney({ mode: 'webhook', webhookSecret: SECRET });
});
test.after(async () => {
  await j.stop();
});

const post = (body: string) =>
  fetch(`${j.app.url}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body,
  }).then(async (r) => {
    await r.arrayBuffer();
    return r.status;
  });

/** A fingerprint of every domain table: any write changes it. */
async function domainFingerprint(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of DOMAIN_TABLES) {
    const [row] = await j.app.db.query(
      sql`SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') AS f FROM ${sql.ident(table)} t`,
    );
    out[table] = row.f;
  }
  return out;
}

/** Every actor's version equals the number of its logged transitions: nothing half-written. */
async function assertNoHalfWrites(): Promise<void> {
  const broken = await j.app.db.query(sql`
    SELECT a.id, a.version, count(e.*) AS events, max(e.version) AS last
    FROM actors a LEFT JOIN actor_events e ON e.actor_id = a.id
    GROUP BY a.id, a.version
    HAVING a.version <> count(e.*) OR a.version <> coalesce(max(e.version), 0)`);
  assert.equal(broken, [], 'actors whose version and transition log disagree');
}

/** The person's menu message, after /start. */
async function greet(userId: number): Promise<Message> {
  const menu = j.sandbox.waitForMessage(userId, (m) => Boolean(m.reply_markup), 15_000);
  j.sandbox.start(userId);
  return menu;
}

/** Presses (forged) data and resolves with the callback answer and what the chat shows after. */
async function press(userId: number, messageId: number, data: string) {
  const id = j.sandbox.pressButton(userId, messageId, data, { forge: true });
  const answer = await j.sandbox.waitForCallbackAnswer(id, 15_000);
  await j.sandbox.waitFor(() => j.sandbox.pendingUpdateCount() === 0, 15_000);
  await j.app.host.executor.drain();
  return answer;
}

test('200 generated malformed updates: never a 5xx, each refusal logged, the bot still answers', async () => {
  const fuzz = j.sandbox.createUser({ first_name: 'Fuzz' });
  await greet(fuzz.id);
  const updates = generateBadUpdates({
    seed: 20_261_127,
    count: 200,
    firstUpdateId: 800_000_000,
    userId: fuzz.id,
    channelId: j.sandbox.freeChannelId,
  });
  const warnsBefore = j.logs.find(/webhook|not an update|too large|not JSON/).length;
  const statuses: Record<number, number> = {};
  const serverErrors: string[] = [];
  for (const update of updates) {
    const status = await post(JSON.stringify(update.body));
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status >= 500) serverErrors.push(`${status} ${update.label}`);
  }
  // Over the size limit: refused before it is read whole.
  for (const size of [1_048_577, 3_000_000]) {
    const body = JSON.stringify({ update_id: 800_100_000 + size, message: { text: 'x'.repeat(size) } });
    const status = await post(body);
    statuses[status] = (statuses[status] ?? 0) + 1;
    assert.is(status, 413, `a body of ${body.length} bytes`);
  }
  // Garbage that is not even an update.
  for (const body of [
    'null',
    '"text"',
    '[]',
    '{}',
    '{"update_id": null}',
    '{"update_id": 1e400}',
    '\u0000',
  ]) {
    const status = await post(body);
    statuses[status] = (statuses[status] ?? 0) + 1;
    assert.is(status, 400, `body ${JSON.stringify(body)}`);
  }
  assert.equal(serverErrors, [], 'a 5xx makes Telegram deliver the same poison update again and again');
  const refused = (statuses[400] ?? 0) + (statuses[413] ?? 0);
  const warned = j.logs.find(/webhook|not an update|too large|not JSON/).length - warnsBefore;
  assert.ok(warned >= refused, `each refusal is logged (${warned} lines for ${refused} refusals)`);
  await assertNoHalfWrites();
  const malformed = updates.filter((u) => updateProblem(u.body) !== undefined).length;
  const dropped = j.logs.find(/malformed update dropped/).length;
  assert.is(dropped, malformed, 'every update whose routed part is malformed is dropped with a log line');

  const after = j.sandbox.createUser({ first_name: 'Después' });
  const menu = await greet(after.id);
  assert.match(menu.text ?? '', /Después/, 'the bot still greets people');
  console.log(
    `malformed updates: sent ${updates.length + 9}, answered ${JSON.stringify(statuses)}, dropped as malformed ${dropped}, 5xx 0, half-written 0`,
  );
});

test('forged and garbage button data, from a member and from the admin: a polite answer, nothing written', async () => {
  const bob = j.sandbox.createUser({ first_name: 'Bob' });
  const bobMenu = await greet(bob.id);
  const adminMenu = await greet(JOURNEY_ADMIN_ID);
  const random = seededRandom(7);
  const randomData = Array.from({ length: 20 }, () =>
    Array.from({ length: 1 + Math.floor(random() * 64) }, () =>
      String.fromCharCode(33 + Math.floor(random() * 94)),
    ).join(''),
  );
  const forged = [
    '',
    ':',
    '1',
    '1:',
    '2:nav:home',
    '0:nav:home',
    '1:nav:../../etc',
    '1:nav:HOME',
    '1:rit:4',
    '1:rit:-1',
    '1:vip:link:extra',
    '1:a:zz',
    '1:a:p',
    '1:a:p:-1',
    '1:a:p:1e400',
    '1:a:p:NaN',
    '1:a:p:99999999',
    '1:a:pD:424242',
    '1:a:iR:424242',
    '1:a:mR:424242',
    '1:a:uX:424242',
    '1:a:ic:100000',
    '1:a:il:nope:0',
    `1:${'a'.repeat(62)}`,
    '1:nav:🎩',
    'é'.repeat(40),
    ...randomData,
  ];
  const before = await domainFingerprint();
  let answered = 0;
  for (const [who, menu] of [
    [bob.id, bobMenu],
    [JOURNEY_ADMIN_ID, adminMenu],
  ] as const) {
    for (const data of forged) {
      const answer = await press(who, menu.message_id, data);
      assert.ok(answer, `answered ${JSON.stringify(data)}`);
      answered++;
    }
  }
  assert.equal(await domainFingerprint(), before, 'no domain table changed');
  await assertNoHalfWrites();
  const staleAnswers = j.sandbox
    .calls({ method: 'answerCallbackQuery' })
    .filter((c) => saidOneOf(String(c.params.text ?? ''), staleButton, {})).length;
  assert.ok(staleAnswers > 0, 'unknown data is answered with the stale-button text');
  assert.ok(j.logs.find(/unknown button data/).length > 0, 'and logged');
  console.log(`forged buttons: pressed ${answered}, answered ${answered}, domain writes 0`);
});

/** Callback data for every admin verb, found by trying arguments each verb's parser accepts. */
function everyAdminButton(): string[] {
  const source = readFileSync(
    new URL('../../src/adapters/telegram/admin-callback-data.ts', import.meta.url),
    'utf8',
  );
  const wireTable = source.slice(source.indexOf('const wire'), source.indexOf('const verbOf'));
  const shorts = [...wireTable.matchAll(/^\s+\w+: '(\w+)',$/gm)].map((m) => m[1] as string);
  const pool = [
    '1',
    'vip',
    'name',
    'available',
    'active',
    'pending',
    'FREE_CONTENT',
    'all',
    'VIP',
    'waitMinutes',
  ];
  const data: string[] = [];
  for (const short of shorts) {
    const attempts = [[], ...pool.map((a) => [a]), ...pool.flatMap((a) => pool.map((b) => [a, b]))];
    attempts.push(...pool.flatMap((a) => pool.map((b) => [a, b, '0'])));
    const args = attempts.find((a) => parseAdminParts(['a', short, ...a]) !== undefined);
    assert.ok(args, `found arguments for admin verb ${short}`);
    data.push(['1', 'a', short, ...(args ?? [])].join(':'));
  }
  return data;
}

test('every admin button and command from a non-admin: refused, answered, nothing written', async () => {
  const buttons = everyAdminButton();
  assert.ok(buttons.length >= 50, `${buttons.length} admin verbs`);
  const eve = j.sandbox.createUser({ first_name: 'Eve' });
  const menu = await greet(eve.id);
  const before = await domainFingerprint();
  const deniedBefore = j.sandbox.calls().length;
  for (const data of buttons) {
    const answer = await press(eve.id, menu.message_id, data);
    assert.ok(answer, `answered ${data}`);
    const shown = j.sandbox
      .messages(eve.id)
      .filter((m) => m.from?.id === j.sandbox.bot.id)
      .at(-1);
    assert.ok(
      saidOneOf(shown?.text ?? '', adminDenied, {}),
      `${data} shows the denied screen: ${shown?.text}`,
    );
  }
  for (const command of ['/admin', '/admin@lucien_sandbox_bot']) {
    const reply = j.sandbox.waitForMessage(eve.id, () => true, 15_000);
    j.sandbox.sendText(eve.id, command);
    assert.ok(saidOneOf((await reply).text ?? '', adminDenied, {}), `${command} is refused`);
  }
  await j.app.host.executor.drain();
  assert.equal(await domainFingerprint(), before, 'no domain table changed');
  await assertNoHalfWrites();
  const calls = j.sandbox.calls().slice(deniedBefore);
  assert.not.ok(
    calls.some((c) =>
      ['banChatMember', 'createChatInviteLink', 'sendPhoto', 'approveChatJoinRequest'].includes(c.method),
    ),
    'no admin effect reached Telegram',
  );
  console.log(`non-admin: ${buttons.length} admin buttons and 2 commands refused, domain writes 0`);
});

test('wizard input out of range is answered with what is expected, and nothing is written until it fits', async () => {
  const diana = new ChatDriver(j.sandbox, JOURNEY_ADMIN_ID);
  const reply = async (text: string) => plainText((await diana.say(text)).text ?? '');
  await diana.press(admin('home'));
  await diana.press(admin('plans'));
  await diana.press(admin('planNew'));
  assert.match(await reply('x'.repeat(101)), /100/, 'a name over 100 characters');
  await reply('Plan <b>raro</b> & "citas" 🎩\u200b');
  for (const days of ['0', '-5', '3651', '1e3', 'treinta', '2.5', '99999999999999999999']) {
    assert.match(await reply(days), /3650/, `days ${days}`);
  }
  await reply('30');
  for (const price of ['-1', '100000', 'gratis', '1.234', '1e5']) {
    assert.match(await reply(price), /99999/, `price ${price} answered with the range`);
  }
  assert.is(
    (await listPlans(j.app.db, { includeInactive: true, offset: 0, limit: 50 })).total,
    0,
    'no plan yet',
  );
  await reply('10');
  await reply('USD');
  const confirmed = await diana.press(admin('wizardConfirm'));
  const plans = await listPlans(j.app.db, { includeInactive: true, offset: 0, limit: 50 });
  assert.is(plans.total, 1);
  assert.is(plans.items[0]?.name, 'Plan <b>raro</b> & "citas" 🎩\u200b', 'the name is stored as typed');
  assert.ok(
    !(confirmed.entities ?? []).some(
      (e) => e.type === 'bold' && confirmed.text?.slice(e.offset, e.offset + e.length) === 'raro',
    ),
    'the HTML in the name is shown as text, not as markup',
  );

  // The invitation batch: validity and count, typed out of range, then a forged count.
  const planId = plans.items[0]?.id as number;
  await diana.press(admin('home'));
  await diana.press(admin('invitations'));
  await diana.press(admin('invitationPlans'));
  await diana.press(admin('invitationNew', (a) => a.planId === planId));
  assert.match(await reply('366'), /365/, 'validity over 365 days');
  await reply('7');
  for (const count of ['0', '501', '-3', 'mil']) assert.match(await reply(count), /500/, `count ${count}`);
  const screen = diana.last() as Message;
  await press(JOURNEY_ADMIN_ID, screen.message_id, '1:a:ic:501');
  await press(JOURNEY_ADMIN_ID, screen.message_id, '1:a:ic:0');
  const [codes] = await j.app.db.query(sql`SELECT count(*) AS n FROM invitation_codes`);
  assert.is(Number(codes.n), 0, 'no invitation written for a count out of range');

  // Wait minutes of the free channel.
  await diana.press(admin('home'));
  await diana.press(admin('settings'));
  await diana.press(admin('settingEdit', (a) => a.field === 'waitMinutes'));
  const settingsBefore = await domainFingerprint();
  for (const minutes of ['-1', '0.5', '99999999', 'pronto']) {
    assert.match(await reply(minutes), /1440/, `wait minutes ${minutes} answered with the range`);
  }
  assert.is((await domainFingerprint()).bot_config, settingsBefore.bot_config, 'settings unchanged');
  await assertNoHalfWrites();
});

test('Unicode, right-to-left, emoji, zero-width and HTML in names: greeted by name, shown as text', async () => {
  const names = [
    'مرحبا بالعالم',
    '\u202eevil\u202c',
    '👩‍👩‍👧‍👦',
    'Ana\u200b\u200dMaría',
    '<b>Negrita</b> & <a href="http://x">enlace</a>',
    '</i><script>alert(1)</script>',
    'Zoë 𝕏 \u0301',
  ];
  for (const name of names) {
    const person = j.sandbox.createUser({ first_name: name });
    const menu = await greet(person.id);
    assert.ok((menu.text ?? '').includes(name), `greeted as ${JSON.stringify(name)}: ${menu.text}`);
    const entities = menu.entities ?? [];
    assert.not.ok(
      entities.some((e) => e.type === 'text_link' && 'url' in e && e.url === 'http://x'),
      'a link in a name stays text',
    );
  }
  await assertNoHalfWrites();
});

test('HTML in a package name and description is shown as text to the person who opens it', async () => {
  const name = '<b>Pack</b> & <i>más</i>';
  const description = 'Incluye <a href="http://x">esto</a> & "aquello" <tg-spoiler>sorpresa</tg-spoiler>';
  const pkg = await createPackage(j.app.db, {
    name,
    category: 'FREE_CONTENT',
    description,
    createdBy: JOURNEY_ADMIN_ID,
    now: j.app.clock.date(),
  });
  const reader = j.sandbox.createUser({ first_name: 'Lectora' });
  const menu = await greet(reader.id);
  const shown = j.sandbox.waitForMessage(reader.id, (m) => (m.text ?? '').includes('Pack'), 15_000);
  j.sandbox.pressButton(reader.id, menu.message_id, `1:cd:${pkg.id}`, { forge: true });
  const detail = await shown;
  assert.ok(detail.text?.includes(name), `the name as written: ${detail.text}`);
  assert.ok(detail.text?.includes(description), 'the description as written');
  assert.not.ok(
    (detail.entities ?? []).some((e) => e.type === 'text_link' || e.type === 'spoiler'),
    'no markup from the texts',
  );
});

test.run();
