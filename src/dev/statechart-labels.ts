/**
 * The words on a statechart's arrows: event names, guards as declared, delays in human units,
 * and the escaping that keeps any of them from being read as Mermaid syntax.
 */

/**
 * Characters that end or change a Mermaid statement inside a label: `;` starts a new statement,
 * `:` and `"` delimit descriptions, `#` begins an entity code, braces open blocks, angle
 * brackets are HTML to the sanitizer, `%%` begins a comment. Each becomes a numeric entity code
 * (`#58;`), which Mermaid turns back into the character when it renders.
 */
const HOSTILE = /[#:;"{}<>%]/g;

export function escapeLabel(text: string): string {
  return text.replace(/\s+/g, ' ').replace(HOSTILE, (c) => `#${c.charCodeAt(0)};`);
}

const UNITS: [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
  ['s', 1_000],
];

/** 300000 -> '5 min', 3000 -> '3 s', 1500 -> '1500 ms': the largest unit that divides evenly. */
export function formatDuration(ms: number): string {
  for (const [unit, size] of UNITS) {
    if (ms >= size && ms % size === 0) return `${ms / size} ${unit}`;
  }
  return `${ms} ms`;
}

/** A delayed transition: a number of ms, a delay named in `setup({ delays })`, or an inline function. */
export function delayLabel(delay: unknown): string {
  if (typeof delay === 'number') return `after ${formatDuration(delay)}`;
  if (typeof delay === 'string') return `after ${delay}`;
  return 'after delay';
}

/** Events XState makes up for `onDone` / invoked actors get short names; the rest stay as written. */
export function eventLabel(eventType: string): string {
  const internal = /^xstate\.(done\.state|done\.actor|error\.actor|snapshot)\.(.+)$/.exec(eventType);
  if (!internal) return eventType;
  const [, kind, id] = internal;
  if (kind === 'done.state') return 'done';
  return `${kind === 'done.actor' ? 'done' : kind === 'error.actor' ? 'error' : 'snapshot'}(${id})`;
}

/** What XState keeps of a built-in guard (`stateIn`, `not`, `and`, `or`): the function and its operands. */
interface BuiltInGuard {
  name: string;
  check?: unknown;
  guards?: unknown[];
  stateValue?: unknown;
}

const isPrimitive = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/**
 * A guard as declared: `'isAdmin'`, `{ type: 'adminDoes', params: 'cancel' }` -> `adminDoes(cancel)`
 * (params shown only when a single value), `stateIn('#m.a')` -> `stateIn(#m.a)`, combinators with
 * their operands, and any other inline function as `guard`. Undefined when there is no guard.
 */
export function guardLabel(guard: unknown): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const builtIn = guard as unknown as BuiltInGuard;
    if (builtIn.check === undefined) return 'guard';
    if (builtIn.name === 'stateIn') {
      const value = builtIn.stateValue;
      return `stateIn(${typeof value === 'string' ? value : JSON.stringify(value)})`;
    }
    const operands = (builtIn.guards ?? []).map((g) => guardLabel(g) ?? 'guard');
    return `${builtIn.name}(${operands.join(', ')})`;
  }
  if (typeof guard === 'object' && 'type' in guard) {
    const { type, params } = guard as { type: unknown; params?: unknown };
    return isPrimitive(params) ? `${String(type)}(${params})` : String(type);
  }
  return 'guard';
}

/** More distinct guards than this on one arrow are summed up by the count alone. */
const MAX_LISTED_GUARDS = 3;

/**
 * One arrow's label for every branch of one event between the same two states: the event, the
 * guards that pick it (an unguarded branch among guarded ones is `else`), and `×N` when more
 * branches share the arrow than the label names.
 */
export function arrowLabel(event: string, guards: (string | undefined)[]): string {
  const branches = guards.length;
  if (branches === 1) return guards[0] === undefined ? event : `${event} [${guards[0]}]`;
  const distinct = [...new Set(guards.map((g) => g ?? 'else'))];
  if (distinct.length > MAX_LISTED_GUARDS) return `${event} ×${branches}`;
  const listed = distinct.length === 1 && distinct[0] === 'else' ? '' : ` [${distinct.join(' | ')}]`;
  return `${event}${listed}${branches > distinct.length ? ` ×${branches}` : ''}`;
}
