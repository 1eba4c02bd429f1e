import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type CallbackAction, parseCallbackData } from '../../src/adapters/telegram/callback-data.ts';
import {
  type ContentCallback,
  encodeContent,
  parseContentCallback,
} from '../../src/adapters/telegram/content-callback-data.ts';
import {
  CAPTION_MAX,
  CONTENT_PAGE_SIZE,
  type RenderedContent,
  renderContentList,
  renderInterestNotice,
  renderPackageDetail,
  visibleLength,
} from '../../src/adapters/telegram/content-screens.ts';
import type { Package } from '../../src/domain/packages.ts';
import type { Role } from '../../src/domain/users.ts';
import {
  contentButtons,
  contentDetail,
  contentEmpty,
  contentList,
  HEADER,
  interestNotice,
  interestNoticeButton,
  interestThanks,
  renderMessage,
} from '../../src/voice/index.ts';

const DAY = 86_400_000;
const now = Date.UTC(2026, 10, 27, 15);
const HOSTILE = '<b>Oro & "VIP"</b>';
const HOSTILE_ESCAPED = '&lt;b&gt;Oro &amp; &quot;VIP&quot;&lt;/b&gt;';

function pkg(id: number, over: Partial<Package> = {}): Package {
  return {
    id,
    name: `Paquete ${id}`,
    category: 'VIP_PREMIUM',
    price: '25.00',
    currency: 'USD',
    description: 'Una velada para el círculo.',
    photoFileId: null,
    active: true,
    createdBy: 1,
    createdAt: new Date(now - 3 * DAY),
    updatedAt: new Date(now - DAY),
    ...over,
  };
}

interface Button {
  text: string;
  data: string;
  content?: ContentCallback;
  other?: CallbackAction;
}

/** Decodes a button the way the router does: the version, then content or the other kinds. */
function decode(data: string): Pick<Button, 'content' | 'other'> {
  const [version, ...parts] = data.split(':');
  assert.is(version, '1', data);
  const content = parseContentCallback(parts);
  return content ? { content } : { other: parseCallbackData(data) };
}

/** Every rule a person (and Telegram) would notice, checked on every screen rendered here. */
function check(r: RenderedContent, where: string): Button[] {
  const text = `${where}: ${r.text}`;
  assert.ok(r.text.length > 0 && r.text.length <= 4096, `${where}: ${r.text.length} characters`);
  if (r.photoFileId) assert.ok(visibleLength(r.text) <= CAPTION_MAX, `${where}: caption too long`);
  const stack: string[] = [];
  for (const [, close, name] of r.text.matchAll(/<(\/?)([a-z]+)[^>]*>/g)) {
    assert.ok(['b', 'i', 'a'].includes(name as string), `${text}\n<${name}>`);
    if (close) assert.is(stack.pop(), name, `${text}\n</${name}> closes nothing`);
    else stack.push(name as string);
  }
  assert.equal(stack, [], `${text}\nunclosed ${stack.join(', ')}`);
  assert.not.match(r.text, /undefined|null|NaN|\[object/, text);
  assert.not.match(r.text, /\b(error|token|api|exception)\b/i, text);
  if (r.text.includes('\n')) assert.ok(r.text.startsWith(HEADER), `${text}\nno header`);
  return (r.keyboard?.inline_keyboard ?? []).flat().map((b) => {
    assert.ok('callback_data' in b, `${where}: ${b.text} has no callback data`);
    const data = (b as { callback_data: string }).callback_data;
    assert.ok(Buffer.byteLength(data) <= 64, `${where}: ${data}`);
    assert.ok([...b.text].length <= 24, `${where}: label "${b.text}" is too long`);
    const decoded = decode(data);
    assert.ok(decoded.content ?? decoded.other, `${where}: ${b.text} -> ${data} does not parse`);
    return { text: b.text, data, ...decoded };
  });
}

const contentOf = (buttons: Button[]) => buttons.flatMap((b) => (b.content ? [b.content] : []));
const goesHome = (buttons: Button[]) =>
  buttons.some((b) => b.other?.kind === 'navigate' && b.other.screen === 'home');

/** Every variant of a message, by rendering with each "last shown" excluded in turn. */
function everyVariant(render: (lastShown: number) => RenderedContent, key: string, count: number) {
  const seen = new Map<number, RenderedContent>();
  for (let last = 0; last < count; last++) {
    for (let roll = 0; roll < 20; roll++) {
      const r = render(last);
      seen.set(r.shown.get(key) as number, r);
    }
  }
  return [...seen.values()];
}

test('callback data: encodes and decodes the list, a package and "me interesa"; refuses the rest', () => {
  assert.is(encodeContent.list(3), '1:cl:3');
  assert.is(encodeContent.detail(42), '1:cd:42');
  assert.is(encodeContent.interest(42), '1:ci:42');
  assert.equal(parseContentCallback(['cl', '3']), { kind: 'contentList', page: 3 });
  assert.equal(parseContentCallback(['cd', '42']), { kind: 'contentDetail', packageId: 42 });
  assert.equal(parseContentCallback(['ci', '42']), { kind: 'interest', packageId: 42 });
  assert.equal(parseContentCallback(['cl', '0']), { kind: 'contentList', page: 0 });
  const forged = [
    [],
    ['cl'],
    ['cl', ''],
    ['cl', '-1'],
    ['cl', '1.5'],
    ['cl', '1e3'],
    ['cl', '0x10'],
    ['cl', ' 1'],
    ['cl', '100001'],
    ['cd', '0'],
    ['cd', 'abc'],
    ['cd', '99999999999'],
    ['ci', '1', 'extra'],
    ['cx', '1'],
    ['a', 'h'],
    ['nav', 'home'],
  ];
  for (const parts of forged) assert.is(parseContentCallback(parts), undefined, parts.join(':'));
  for (const data of [encodeContent.list(100_000), encodeContent.detail(2_147_483_647)]) {
    assert.ok(Buffer.byteLength(data) <= 64);
    assert.ok(parseContentCallback(data.split(':').slice(1)), data);
  }
});

test('list: the free side sees the garden, the Diván the sanctum; one button per package', () => {
  const items = [pkg(1, { category: 'FREE_CONTENT', price: null }), pkg(2, { category: 'FREE_CONTENT' })];
  const free = renderContentList(items, 0, 2, 'FREE');
  const freeButtons = check(free, 'free list');
  assert.match(free.text, /🌸 <b>Las muestras del jardín<\/b>/);
  assert.not.match(free.text, /sanctum/);
  assert.match(free.text, /Paquete 1<\/b> · acceso gratuito/);
  assert.match(free.text, /Paquete 2<\/b> · 25\.00 USD/);
  assert.equal(contentOf(freeButtons), [
    { kind: 'contentDetail', packageId: 1 },
    { kind: 'contentDetail', packageId: 2 },
  ]);
  assert.ok(goesHome(freeButtons));
  assert.not.match(free.text, /Página/);
  assert.is(free.photoFileId, undefined);

  for (const role of ['VIP', 'ADMIN'] as Role[]) {
    const vip = renderContentList([pkg(3), pkg(4, { price: null })], 0, 2, role);
    const buttons = check(vip, `${role} list`);
    assert.match(vip.text, /💎 <b>Los tesoros del sanctum<\/b>/);
    assert.match(vip.text, /💎 <b>Paquete 3<\/b>/);
    assert.match(buttons[0]?.text ?? '', /^💎 Paquete 3/);
    assert.ok(goesHome(buttons));
  }
});

test('list: every variant of every role follows the rules; a variant is not repeated', () => {
  for (const role of ['FREE', 'VIP', 'ADMIN'] as Role[]) {
    const variants = everyVariant(
      (last) => renderContentList([pkg(1)], 0, 1, role, { lastShown: new Map([[contentList.key, last]]) }),
      contentList.key,
      contentList.variants.length,
    );
    assert.is(variants.length, contentList.variants.length, role);
    for (const r of variants) check(r, `${role} list`);
  }
  const r = renderContentList([pkg(1)], 0, 1, 'VIP', { lastShown: new Map([[contentList.key, 0]]) });
  assert.is(r.shown.get(contentList.key), 1);
});

test('list: paging on the first, a middle and the last page', () => {
  const total = CONTENT_PAGE_SIZE * 2 + 1;
  const page = (n: number) => {
    const count = n === 2 ? 1 : CONTENT_PAGE_SIZE;
    const items = Array.from({ length: count }, (_, i) => pkg(n * CONTENT_PAGE_SIZE + i + 1));
    const r = renderContentList(items, n, total, 'VIP');
    return { r, buttons: check(r, `page ${n}`) };
  };
  const lists = (buttons: Button[]) => contentOf(buttons).filter((c) => c.kind === 'contentList');
  const first = page(0);
  assert.equal(lists(first.buttons), [{ kind: 'contentList', page: 1 }]);
  assert.match(first.r.text, /Página 1 de 3/);
  assert.is(contentOf(first.buttons).filter((c) => c.kind === 'contentDetail').length, CONTENT_PAGE_SIZE);
  const middle = page(1);
  assert.equal(lists(middle.buttons), [
    { kind: 'contentList', page: 0 },
    { kind: 'contentList', page: 2 },
  ]);
  assert.equal(
    middle.buttons.filter((b) => b.content?.kind === 'contentList').map((b) => b.text),
    [contentButtons.previous, contentButtons.next],
  );
  const last = page(2);
  assert.equal(lists(last.buttons), [{ kind: 'contentList', page: 1 }]);
  assert.match(last.r.text, /Página 3 de 3/);
  assert.ok(goesHome(last.buttons));
});

test('list: empty states per role, elegant, only the way home', () => {
  for (const role of ['FREE', 'VIP', 'ADMIN'] as Role[]) {
    const variants = everyVariant(
      (last) => renderContentList([], 0, 0, role, { lastShown: new Map([[contentEmpty.key, last]]) }),
      contentEmpty.key,
      contentEmpty.variants.length,
    );
    assert.is(variants.length, contentEmpty.variants.length);
    for (const r of variants) {
      const buttons = check(r, `${role} empty`);
      assert.match(r.text, role === 'FREE' ? /🌸/ : /💎/);
      assert.match(r.text, role === 'FREE' ? /jardín/ : /sanctum/);
      assert.is(buttons.length, 1);
      assert.ok(goesHome(buttons));
    }
  }
});

test('list: hostile and very long names are escaped in the text and shortened on buttons', () => {
  const items = [
    pkg(1, { name: HOSTILE }),
    pkg(2, { name: '&"'.repeat(100) }),
    pkg(3, { name: 'x'.repeat(200) }),
  ];
  const r = renderContentList(items, 0, 3, 'VIP');
  const buttons = check(r, 'hostile list');
  assert.ok(r.text.includes(HOSTILE_ESCAPED), r.text);
  assert.not.ok(r.text.includes('x'.repeat(100)));
  assert.match(buttons[2]?.text ?? '', /^💎 x+…$/);
  assert.is(buttons[0]?.text, `💎 ${HOSTILE}`, 'buttons carry plain text, not HTML');
});

test('detail: name, kind, description, price; 💌 Me interesa and the way back', () => {
  const r = renderPackageDetail(pkg(7, { name: HOSTILE, description: 'Una <noche> & "más"' }));
  const buttons = check(r, 'detail');
  assert.ok(r.text.includes(HOSTILE_ESCAPED));
  assert.match(r.text, /Tesoros del sanctum/);
  assert.match(r.text, /Una &lt;noche&gt; &amp; &quot;más&quot;/);
  assert.match(r.text, /Precio: <b>25\.00 USD<\/b>/);
  assert.is(r.photoFileId, undefined);
  assert.equal(contentOf(buttons), [
    { kind: 'interest', packageId: 7 },
    { kind: 'contentList', page: 0 },
  ]);
  assert.is(buttons[0]?.text, '💌 Me interesa');
});

test('detail: without price reads "acceso gratuito"; without description leaves no gap', () => {
  const r = renderPackageDetail(pkg(8, { price: null, description: null, category: 'FREE_CONTENT' }));
  check(r, 'bare detail');
  assert.match(r.text, /Acceso gratuito/);
  assert.match(r.text, /Muestras del jardín/);
  assert.not.match(r.text, /Precio/);
  assert.not.match(r.text, /\n\n\n/);
  const vip = renderPackageDetail(pkg(9, { category: 'VIP_CONTENT' }));
  check(vip, 'vip detail');
  assert.match(vip.text, /👑 <b>Paquete 9<\/b>/);
});

test('detail: with a photo the text is its caption, a long description shortened to fit', () => {
  const short = renderPackageDetail(pkg(10, { photoFileId: 'AgACAgIAAxk' }));
  check(short, 'photo detail');
  assert.is(short.photoFileId, 'AgACAgIAAxk');
  assert.match(short.text, /Una velada para el círculo\./);

  const description = 'Una velada <larga> & "exquisita". '.repeat(30).slice(0, 1000);
  const long = renderPackageDetail(pkg(11, { photoFileId: 'AgAC', description, name: '&'.repeat(200) }));
  check(long, 'long photo detail');
  assert.ok(visibleLength(long.text) <= CAPTION_MAX);
  assert.match(long.text, /Una velada &lt;larga&gt;/);
  assert.match(long.text, /…/);
  assert.match(long.text, /Precio/);

  const noPhoto = renderPackageDetail(pkg(12, { description: '"'.repeat(1000), name: '"'.repeat(200) }));
  check(noPhoto, 'long text detail');
  assert.ok(noPhoto.text.includes('&quot;'.repeat(200)));
});

test('detail: every variant follows the rules; a package gone says so with the way back', () => {
  const variants = everyVariant(
    (last) => renderPackageDetail(pkg(1), { lastShown: new Map([[contentDetail.key, last]]) }),
    contentDetail.key,
    contentDetail.variants.length,
  );
  assert.is(variants.length, contentDetail.variants.length);
  for (const r of variants) check(r, 'detail variant');

  const gone = renderPackageDetail(undefined);
  const buttons = check(gone, 'gone');
  assert.match(gone.text, /ya no está/);
  assert.equal(contentOf(buttons), [{ kind: 'contentList', page: 0 }]);
});

test('interest thanks: several variants, each in the voice', () => {
  assert.ok(interestThanks.variants.length >= 2);
  assert.is(interestThanks.key, 'content.interestThanks');
  for (const v of interestThanks.variants) {
    const text = v.render({});
    assert.ok(text.startsWith(HEADER));
    assert.match(text, /💌/);
  }
});

test('interest notice: who with a link, their @username, the package, and ✅ to mark it attended', () => {
  const r = renderInterestNotice({
    firstName: HOSTILE,
    username: 'ana_99',
    userId: 123456789,
    packageId: 42,
    packageName: 'Velada <privada>',
    category: 'VIP_PREMIUM',
    price: '25.00',
    currency: 'USD',
  });
  assert.ok(r.text.startsWith(HEADER));
  assert.ok(r.text.includes(`<a href="tg://user?id=123456789">${HOSTILE_ESCAPED}</a> (@ana_99)`), r.text);
  assert.match(r.text, /Velada &lt;privada&gt;/);
  assert.match(r.text, /💎 tesoros del sanctum · 25\.00 USD/);
  const [row] = r.keyboard.inline_keyboard;
  const button = row?.[0] as { text: string; callback_data: string };
  assert.is(button.text, interestNoticeButton);
  assert.equal(parseCallbackData(button.callback_data), {
    kind: 'admin',
    action: { do: 'interestAttend', userId: 123456789, packageId: 42 },
  });

  const anonymous = renderMessage(interestNotice, {
    firstName: '',
    username: null,
    userId: 77,
    packageName: 'Muestra',
    category: 'FREE_CONTENT',
    price: null,
  }).text;
  assert.match(anonymous, /<a href="tg:\/\/user\?id=77">#77<\/a> desea/);
  assert.match(anonymous, /acceso gratuito/);
  const handleOnly = renderMessage(interestNotice, {
    firstName: ' ',
    username: 'solo',
    userId: 78,
    packageName: 'M',
    category: 'VIP_CONTENT',
    price: '5.00',
  }).text;
  assert.match(handleOnly, />@solo<\/a> desea/);
  assert.not.match(handleOnly, /\(@solo\)/);
});

test('content button labels fit on a phone', () => {
  for (const label of [...Object.values(contentButtons), interestNoticeButton]) {
    assert.ok([...label].length <= 24, label);
  }
});

test.run();
