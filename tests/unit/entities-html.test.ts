import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { entitiesToHtml } from '../../src/adapters/telegram/entities-html.ts';

test('plain text is escaped', () => {
  assert.is(entitiesToHtml('a <b> & "c"'), 'a &lt;b&gt; &amp; &quot;c&quot;');
});

test('bold, italic, links and nesting keep their places, emoji counted in UTF-16', () => {
  const text = '🌸 Hola mundo, visite aquí';
  const entities = [
    { type: 'bold' as const, offset: 3, length: 10 },
    { type: 'italic' as const, offset: 8, length: 5 },
    { type: 'text_link' as const, offset: 22, length: 4, url: 'https://example.com/?a=1&b=2' },
  ];
  assert.is(
    entitiesToHtml(text, entities),
    '🌸 <b>Hola <i>mundo</i></b>, visite <a href="https://example.com/?a=1&amp;b=2">aquí</a>',
  );
});

test('entities a post cannot carry (mentions, hashtags) stay plain text', () => {
  assert.is(entitiesToHtml('@diana #vip', [{ type: 'mention', offset: 0, length: 6 }]), '@diana #vip');
});

test.run();
