/*
 * The Inspector tab: actor search, one actor's state, context, statechart, timers, effects and
 * transitions, kept up to date by its live stream.
 */

import { readLog, resetLog, setupLog } from './actor-log.js';
import { actorStream, devApi, enc, getJson, machineDiagram } from './api.js';
import { renderDiagram } from './diagram.js';
import { $, h, markCurrent } from './dom.js';
import { renderRecords } from './records.js';
import { errorText, reportError } from './status.js';
import { showTab } from './tabs.js';
import { formatTime, relativeTime } from './time.js';

const RESUBSCRIBE_AFTER_MS = 2000;

const inspector = {
  actorId: null,
  /** Chosen by the console (following the sandbox person), not by the developer. */
  automatic: false,
  source: null,
  /** true once read, null once answered 404, false before. */
  found: false,
  refreshing: null,
  again: false,
  diagramKey: '',
};

export async function searchActors(query) {
  const results = $('actor-results');
  try {
    const actors = await getJson(devApi(`/actors?q=${enc(query)}`));
    if (actors.length === 0) {
      results.replaceChildren(
        ...(query ? [h('li', { class: 'muted' }, `No actor matches “${query}”.`)] : []),
      );
      return;
    }
    results.replaceChildren(...actors.map((actor) => h('li', {}, actorResult(actor))));
  } catch (error) {
    results.replaceChildren(h('li', { class: 'error' }, `Search failed: ${errorText(error)}`));
  }
}

function actorResult(actor) {
  return h(
    'button',
    {
      type: 'button',
      class: 'actor-result',
      testid: 'actor-result',
      data: { actor: actor.id },
      'aria-current': String(actor.id === inspector.actorId),
      onclick: () => selectActor(actor.id),
    },
    h('code', {}, actor.id),
    h('span', { class: 'state' }, actor.state),
    h('span', { class: 'meta' }, `v${actor.version} · ${relativeTime(actor.updatedAt)}`),
  );
}

function selectActor(actorId, { automatic = false, reveal = true } = {}) {
  inspector.source?.close();
  if (reveal) showTab('inspector');
  $('tab-inspector-note').textContent = actorId;
  Object.assign(inspector, { actorId, automatic, source: null, found: false, diagramKey: '' });
  markCurrent('.actor-result', 'actor', actorId);
  $('inspector-empty').hidden = true;
  $('inspector-actor').hidden = false;
  $('inspector-actor-id').textContent = actorId;
  for (const id of ['inspector-state', 'inspector-version', 'inspector-machine', 'inspector-updated']) {
    $(id).textContent = '';
  }
  $('inspector-diagram').replaceChildren();
  $('inspector-context').textContent = '';
  $('inspector-timers').replaceChildren();
  $('inspector-effects').replaceChildren();
  resetLog(actorId);
  subscribe(actorId);
  refreshActor();
}

function showLive(state, text) {
  const live = $('inspector-live');
  live.textContent = text;
  live.dataset.state = state;
}

function subscribe(actorId) {
  showLive('connecting', 'connecting');
  const source = actorStream(actorId, {
    open() {
      if (inspector.source === source) showLive('live', 'live');
    },
    change() {
      if (inspector.source === source) refreshActor();
    },
    error(closed) {
      if (inspector.source !== source) return;
      if (!closed) {
        showLive('down', 'reconnecting');
        return;
      }
      // Refused (e.g. 404 before the actor's first event): the next read that finds it subscribes again.
      inspector.source = null;
      showLive('down', 'not live');
      setTimeout(() => {
        if (inspector.actorId === actorId && !inspector.source) refreshActor();
      }, RESUBSCRIBE_AFTER_MS);
    },
  });
  inspector.source = source;
}

/** Re-reads the inspected actor; calls that arrive while one runs are folded into one more run. */
export function refreshActor() {
  if (!inspector.actorId) return Promise.resolve();
  if (inspector.refreshing) {
    inspector.again = true;
    return inspector.refreshing;
  }
  inspector.refreshing = (async () => {
    do {
      inspector.again = false;
      await readActor(inspector.actorId).catch((error) => reportError('Inspector', error));
    } while (inspector.again);
    inspector.refreshing = null;
  })();
  return inspector.refreshing;
}

async function readActor(actorId) {
  let actor;
  try {
    actor = await getJson(devApi(`/actors/${enc(actorId)}`));
  } catch (error) {
    if (error.status !== 404) throw error;
    if (inspector.actorId === actorId && inspector.found !== null) {
      inspector.found = null;
      $('inspector-state').textContent = 'no such actor yet (it appears with its first event)';
      // Following a person whose conversation has not started: offer the actors they do have.
      if (inspector.automatic) searchActors(actorId.slice(actorId.indexOf(':') + 1));
    }
    return;
  }
  if (inspector.actorId !== actorId) return;
  inspector.found = true;
  for (const result of document.querySelectorAll('.actor-result')) {
    if (result.dataset.actor === actorId) result.replaceWith(actorResult(actor));
  }
  if (!inspector.source) subscribe(actorId);
  $('inspector-state').textContent = actor.state;
  $('tab-inspector-note').textContent = `${actorId} · ${actor.state}`;
  $('inspector-version').textContent = String(actor.version);
  $('inspector-machine').textContent = `${actor.machine} v${actor.machineVersion}`;
  $('inspector-updated').textContent = `${formatTime(actor.updatedAt)} (${relativeTime(actor.updatedAt)})`;
  $('inspector-context').textContent = JSON.stringify(actor.context, null, 2);
  renderRecords($('inspector-timers'), actor.timers ?? [], 'No pending timers.');
  renderRecords($('inspector-effects'), actor.effects ?? [], 'No effects.');
  await Promise.all([drawActorDiagram(actor), readLog(actorId)]);
}

async function drawActorDiagram(actor) {
  const paths = actor.activePaths ?? [];
  const key = `${actor.machine}|${paths.join(',')}`;
  if (key === inspector.diagramKey) return;
  const source = await machineDiagram(actor.machine, paths);
  if (inspector.actorId !== actor.id) return;
  inspector.diagramKey = key;
  const container = $('inspector-diagram');
  await renderDiagram(container, source);
  container.dataset.active = paths.join(',');
}

/** Unless the developer picked an actor, the inspector follows the person's conversation. */
export function followConversation(userId) {
  const conversation = `conversation:${userId}`;
  const empty = inspector.actorId === null;
  if (empty || (inspector.automatic && inspector.actorId !== conversation)) {
    $('actor-search').value = conversation;
    selectActor(conversation, { automatic: true, reveal: empty });
  }
}

/** The actor may not have existed when the inspector first asked: asks again until it does. */
export function refreshIfNotFound() {
  if (inspector.actorId && !inspector.found) refreshActor();
}

export function setupInspector() {
  $('actor-search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    searchActors($('actor-search').value.trim());
  });
  setupLog();
}
