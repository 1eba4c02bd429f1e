/*
 * The inspected actor's transitions, newest first: the latest page is re-read on each change,
 * older pages are added on demand ("Older transitions").
 */

import { devApi, enc, getJson } from './api.js';
import { $, h } from './dom.js';
import { timeCell } from './records.js';
import { reportError } from './status.js';

const LOG_PAGE = 20;

const log = { actorId: null, rows: new Map(), nextBefore: null, olderLoaded: false };

/** Starts an empty log for another actor. */
export function resetLog(actorId) {
  Object.assign(log, { actorId, rows: new Map(), nextBefore: null, olderLoaded: false });
  $('inspector-log').replaceChildren();
}

/** Reads the newest page, or with `before` the page of older transitions, and shows the log. */
export async function readLog(actorId, before) {
  const query = `limit=${LOG_PAGE}${before !== undefined ? `&before=${enc(before)}` : ''}`;
  const page = await getJson(devApi(`/actors/${enc(actorId)}/events?${query}`));
  if (log.actorId !== actorId) return;
  for (const item of page.items) log.rows.set(item.version, item);
  if (before !== undefined) log.olderLoaded = true;
  if (before !== undefined || !log.olderLoaded) log.nextBefore = page.nextBefore ?? null;
  renderLog();
}

function renderLog() {
  const rows = [...log.rows.values()].sort((a, b) => Number(b.version) - Number(a.version));
  $('inspector-log').replaceChildren(
    ...rows.map((item) =>
      h(
        'tr',
        { testid: 'log-row' },
        h('td', {}, String(item.version)),
        h('td', {}, h('code', {}, item.eventType)),
        h('td', {}, item.from ?? '—'),
        h('td', {}, item.to ?? '—'),
        timeCell(item.at),
      ),
    ),
  );
  $('inspector-log-older').hidden = log.nextBefore === null || log.nextBefore === undefined;
}

export function setupLog() {
  $('inspector-log-older').addEventListener('click', () => {
    if (log.actorId && log.nextBefore != null) {
      readLog(log.actorId, log.nextBefore).catch((error) => reportError('Older transitions', error));
    }
  });
}
