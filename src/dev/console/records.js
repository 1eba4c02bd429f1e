/* The inspector's tables of records (timers, effects) and its time cells. */

import { h } from './dom.js';
import { formatTime, looksLikeTime, relativeTime, shortTime } from './time.js';

/** Whatever fields the server gives, as a table; times also relative, objects as JSON. */
export function renderRecords(container, records, empty) {
  if (records.length === 0) {
    container.replaceChildren(h('p', { class: 'muted' }, empty));
    return;
  }
  const columns = [...new Set(records.flatMap((record) => Object.keys(record)))];
  // Folds the developer opened stay open when the actor changes and the table is drawn again.
  const open = new Set([...container.querySelectorAll('details[open]')].map((d) => d.dataset.fold));
  const cell = (record, index, key) => {
    const value = record[key];
    if (value === null || value === undefined) return h('td', { class: 'muted' }, '—');
    if (key === 'status') return h('td', {}, h('span', { class: `pill status-${value}` }, String(value)));
    if (looksLikeTime(key, value)) return timeCell(value);
    if (typeof value === 'object') {
      const fold = `${record.id ?? index}:${key}`;
      return h('td', { class: 'json-cell' }, jsonValue(value, fold, open.has(fold)));
    }
    return h('td', {}, String(value));
  };
  container.replaceChildren(
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', {}, c)))),
      h(
        'tbody',
        {},
        ...records.map((record, index) => h('tr', {}, ...columns.map((c) => cell(record, index, c)))),
      ),
    ),
  );
}

/** A time as the app's clock sees it: short, relative, and the full date on hover. */
export function timeCell(value) {
  return h(
    'td',
    { class: 'time', title: formatTime(value) },
    shortTime(value),
    h('span', { class: 'muted' }, ` · ${relativeTime(value)}`),
  );
}

/** Short JSON inline; longer JSON folded, opened on demand. */
function jsonValue(value, fold, open) {
  const compact = JSON.stringify(value);
  if (compact.length <= 60) return h('code', { class: 'inline-json' }, compact);
  return h(
    'details',
    { class: 'fold', data: { fold }, open },
    h('summary', {}, h('code', { class: 'inline-json' }, `${compact.slice(0, 48)}…`)),
    h('pre', { class: 'json' }, JSON.stringify(value, null, 2)),
  );
}
