import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HtmlParseError, parseHtml } from '../../src/sandbox/html-parse-mode.ts';

function parseError(html: string): string {
  try {
    parseHtml(html);
  } catch (error) {
    if (error instanceof HtmlParseError) return error.message;
    throw error;
  }
  assert.unreachable(`parsed without error: ${html}`);
  return '';
}

test("HTML errors name TDLib's problem and UTF-8 byte offset", () => {
  const cases: Array<[string, string]> = [
    ['🏟 🏟&lt;<abacaba', 'Unclosed start tag at byte offset 13'],
    ['🏟 🏟&lt;<abac aba>', 'Unsupported start tag "abac" at byte offset 13'],
    ['🏟 🏟&lt;<i   =aba>', 'Empty attribute name in the tag "i" at byte offset 13'],
    ['🏟 🏟&lt;<i    aba>', 'Can\'t find end tag corresponding to start tag "i"'],
    ['🏟 🏟&lt;<i    aba  =  ', 'Unclosed start tag "i" at byte offset 13'],
    ['🏟 🏟&lt;<i    aba  =  190azAz-.,', 'Unexpected end of name token at byte offset 27'],
    ['🏟 🏟&lt;<i    aba  =  "&lt;&gt;&quot;>', 'Unclosed start tag at byte offset 13'],
    ['🏟 🏟&lt;</', 'Unexpected end tag at byte offset 13'],
    ['🏟 🏟&lt;<b></b></', 'Unexpected end tag at byte offset 20'],
    ['🏟 🏟&lt;<i>a</i   ', 'Unclosed end tag at byte offset 17'],
    ['🏟 🏟&lt;<i>a</em   >', 'Unmatched end tag at byte offset 17, expected "</i>", found "</em>"'],
    ['<span class="x">a</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'],
  ];
  for (const [html, message] of cases) assert.is(parseError(html), message, html);
});

test('HTML entities decode as in TDLib, unknown ones stay literal', () => {
  assert.equal(parseHtml('&ge;&lt;&gt;&amp;&quot;&laquo;&#12345678;&#33;'), {
    text: '&ge;<>&"&laquo;&#12345678;!',
    entities: [],
  });
  assert.equal(parseHtml('🏟 🏟<i>🏟 &lt🏟</i>'), {
    text: '🏟 🏟🏟 <🏟',
    entities: [{ type: 'italic', offset: 5, length: 6 }],
  });
});

test('HTML tags become entities with UTF-16 offsets', () => {
  assert.equal(parseHtml('🏟 🏟&lt;<i>🏟 🏟&lt;</>').entities, [{ type: 'italic', offset: 6, length: 6 }]);
  assert.equal(parseHtml('<pre><code class="language-ts">x</code></pre>').entities, [
    { type: 'pre', offset: 0, length: 1, language: 'ts' },
  ]);
  assert.equal(parseHtml('<a href=telegram.org> </a>').entities, [
    { type: 'text_link', offset: 0, length: 1, url: 'http://telegram.org/' },
  ]);
  assert.equal(parseHtml('<tg-spoiler>a</tg-spoiler><blockquote expandable>b</blockquote>').entities, [
    { type: 'spoiler', offset: 0, length: 1 },
    { type: 'expandable_blockquote', offset: 1, length: 1 },
  ]);
  assert.equal(parseHtml('<b></b>x').entities, [], 'empty entities are dropped');
});

test.run();
