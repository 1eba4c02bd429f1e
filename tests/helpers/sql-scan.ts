/** SQL statement shapes worth a look when they appear outside the sql tag. */
const STATEMENT =
  /\b(SELECT\b[\s\S]*\bFROM|INSERT\s+INTO|UPDATE\s+[\w."]+\s+SET|DELETE\s+FROM|ALTER\s+TABLE|DROP\s+TABLE)\b/i;

interface Literal {
  kind: 'template' | 'string';
  start: number;
  end: number;
  text: string;
  /** The identifier right before a template (its tag), e.g. "sql". */
  tag: string;
  interpolates: boolean;
}

/** Reads a template literal from `start` (the backtick) to its closing backtick. */
function readTemplate(src: string, start: number): number {
  let i = start + 1;
  while (i < src.length && src[i] !== '`') {
    if (src[i] === '\\') i += 2;
    else if (src[i] === '$' && src[i + 1] === '{') i = readBraces(src, i + 1);
    else i++;
  }
  return i;
}

/** Reads `{ ... }` (with nested strings and templates) from the opening brace to the closing one. */
function readBraces(src: string, start: number): number {
  let depth = 0;
  let i = start;
  for (; i < src.length; i++) {
    const c = src[i];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
    else if (c === '`') i = readTemplate(src, i);
    else if (c === "'" || c === '"') i = readString(src, i);
  }
  return i;
}

function readString(src: string, start: number): number {
  const quote = src[start];
  let i = start + 1;
  while (i < src.length && src[i] !== quote && src[i] !== '\n') i += src[i] === '\\' ? 2 : 1;
  return i;
}

/** The top-level string and template literals of a source file (comments skipped). */
function literals(src: string): Literal[] {
  const found: Literal[] = [];
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '/' && src[i + 1] === '/') i = src.indexOf('\n', i) === -1 ? src.length : src.indexOf('\n', i);
    else if (c === '/' && src[i + 1] === '*') i = src.indexOf('*/', i + 2) + 1 || src.length;
    else if (c === '`') {
      const end = readTemplate(src, i);
      const tag = /([\w.$]+)\s*$/.exec(src.slice(Math.max(0, i - 40), i))?.[1] ?? '';
      const text = src.slice(i, end + 1);
      found.push({ kind: 'template', start: i, end, text, tag, interpolates: text.includes('${') });
      i = end;
    } else if (c === "'" || c === '"') {
      const end = readString(src, i);
      found.push({
        kind: 'string',
        start: i,
        end,
        text: src.slice(i, end + 1),
        tag: '',
        interpolates: false,
      });
      i = end;
    }
  }
  return found;
}

const lineOf = (src: string, index: number) => src.slice(0, index).split('\n').length;

/**
 * Places in a source file where query text is built outside the sql tag: a template with
 * interpolations holding a statement, a statement string joined with `+`, and raw values.
 * Answers "line N: excerpt" for each.
 */
export function findUnsafeSql(src: string): string[] {
  const findings: string[] = [];
  for (const m of src.matchAll(/__dangerous__rawValue|sql\.raw\(/g)) {
    findings.push(`line ${lineOf(src, m.index ?? 0)}: ${m[0]}`);
  }
  for (const lit of literals(src)) {
    if (!STATEMENT.test(lit.text)) continue;
    const tagged = lit.kind === 'template' && /(^|\.)sql$/.test(lit.tag);
    if (tagged) continue;
    const around = src.slice(Math.max(0, lit.start - 3), lit.end + 4);
    const concatenated = lit.kind === 'string' && /\+\s*\S*$|^\S*\s*\+/.test(around.replace(lit.text, ' '));
    if (
      lit.interpolates ||
      concatenated ||
      /\+\s*$/.test(src.slice(lit.start - 3, lit.start)) ||
      /^\s*\+/.test(src.slice(lit.end + 1, lit.end + 4))
    ) {
      findings.push(`line ${lineOf(src, lit.start)}: ${lit.text.slice(0, 60).replace(/\s+/g, ' ')}`);
    }
  }
  return findings;
}
