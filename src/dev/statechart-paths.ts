/**
 * Active state paths as the runtime writes them (`stateToString` in runtime/actions.ts):
 * 'admin.planWizard.name', parallel regions joined by ',' and grouped under their parent in
 * parentheses, 'upload.(file.sending,meta.idle)'. Each entry may hold several paths.
 */
export function expandStatePaths(entries: readonly string[]): string[][] {
  return entries.flatMap((entry) => parseList(entry, 0)[0]).filter((path) => path.length > 0);
}

type Parsed = [paths: string[][], next: number];

function parseList(text: string, start: number): Parsed {
  const paths: string[][] = [];
  let at = start;
  for (;;) {
    const [item, next] = parseItem(text, at);
    paths.push(...item);
    if (text[next] !== ',') return [paths, next];
    at = next + 1;
  }
}

function parseItem(text: string, start: number): Parsed {
  let end = start;
  while (end < text.length && !'.,()'.includes(text[end] as string)) end++;
  const key = text.slice(start, end).trim();
  const prefix = (paths: string[][]) => paths.map((path) => (key ? [key, ...path] : path));
  if (text[end] !== '.') return [key ? [[key]] : [[]], end];
  if (text[end + 1] === '(') {
    const [inner, next] = parseList(text, end + 2);
    return [prefix(inner), text[next] === ')' ? next + 1 : next];
  }
  const [inner, next] = parseItem(text, end + 1);
  return [prefix(inner), next];
}
