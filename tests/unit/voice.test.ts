import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as voice from '../../src/voice/index.ts';
import { chooseVariant, type Message, partOfDay } from '../../src/voice/index.ts';

const isMessage = (v: unknown): v is Message<unknown> =>
  typeof v === 'object' && v !== null && 'variants' in v && 'sample' in v;
const messages: Message<unknown>[] = (Object.values(voice) as unknown[]).filter(isMessage);

/** Every text the catalogue can produce, rendered from each message's sample. */
const texts = messages.flatMap((m) =>
  m.variants.map((v, i) => ({ key: `${m.key}#${i}`, text: v.render(m.sample) })),
);

test('the catalogue is found and every message has a sample that renders', () => {
  assert.ok(messages.length >= 10, `found ${messages.length} messages`);
  for (const { key, text } of texts) assert.ok(text.trim().length > 0, key);
});

test('Lucien always says "usted", never "tú" forms of address', () => {
  const tu = /(^|[^\p{L}])(tú|tu|tus|te|ti|contigo|tienes|puedes|haz|quieres|eres|estás)(?=[^\p{L}]|$)/iu;
  for (const { key, text } of texts) assert.not.ok(tu.test(text), `${key}: ${text}`);
});

test('no technical words reach a person', () => {
  const words = /\b(error|database|base de datos|api|exception|excepción|null|undefined|token|stack)\b/i;
  for (const { key, text } of texts) assert.not.ok(words.test(text), `${key}: ${text}`);
});

test('multi-line messages start with the header', () => {
  for (const { key, text } of texts) {
    if (text.includes('\n')) assert.ok(text.startsWith(voice.HEADER), key);
  }
});

test('only b, i and a tags, each one closed, and user text escaped', () => {
  for (const { key, text } of texts) {
    const stack: string[] = [];
    for (const [, close, name] of text.matchAll(/<(\/?)([a-z]+)[^>]*>/g)) {
      assert.ok(['b', 'i', 'a'].includes(name as string), `${key}: <${name}>`);
      if (close) assert.is(stack.pop(), name, `${key}: </${name}> closes nothing`);
      else stack.push(name as string);
    }
    assert.equal(stack, [], `${key}: unclosed ${stack.join(', ')}`);
    assert.ok(text.length <= 4096, key);
  }
  const greeting =
    voice.greetingNewcomer.variants[0]?.render({ name: '<script>&', partOfDay: 'morning' }) ?? '';
  assert.ok(greeting.includes('&lt;script&gt;&amp;'));
});

test('button labels are short enough for a phone', () => {
  for (const label of Object.values(voice.buttons)) assert.ok([...label].length <= 24, label);
});

test('the same person never gets the same variant twice in a row', () => {
  for (const m of messages.filter((x) => x.variants.length > 1)) {
    let last: number | undefined;
    for (let i = 0; i < 200; i++) {
      const next = chooseVariant(m, last);
      assert.is.not(next, last, m.key);
      last = next;
    }
  }
});

test('variants follow their weights', () => {
  const counts = [0, 0, 0];
  let seed = 1;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  for (let i = 0; i < 6000; i++) {
    const index = chooseVariant(voice.greetingNewcomer, undefined, random);
    counts[index] = (counts[index] ?? 0) + 1;
  }
  assert.ok(
    (counts[0] as number) > (counts[1] as number) && (counts[1] as number) > (counts[2] as number),
    String(counts),
  );
});

test('greetings follow the time of day in the creator time zone', () => {
  const at = new Date('2026-11-27T15:00:00Z');
  assert.is(partOfDay(at, 'America/Mexico_City'), 'morning');
  assert.is(partOfDay(at, 'Europe/Madrid'), 'afternoon');
  assert.is(partOfDay(at, 'Asia/Tokyo'), 'night');
  assert.is(voice.greetingWord('night'), 'Buenas noches');
});

test.run();
