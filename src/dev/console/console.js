/*
 * Lucien's developer console: machine diagrams, the actor inspector and the sandbox chat.
 * Plain browser JavaScript served by the app itself (no build step, no network beyond the app).
 * Everything taken from data is rendered with textContent; the one exception is the SVG that
 * Mermaid renders with securityLevel 'strict' (sanitised by Mermaid itself).
 */

const LOG_PAGE = 20;
const FOLLOW_UP_DELAYS_MS = [150, 400, 800, 1400, 2200, 3500];
const CHAT_POLL_MS = 5000;
const INVITE_LINK = /^https:\/\/t\.me\/\+/;

const $ = (testid) => document.querySelector(`[data-testid="${testid}"]`);

// ---------------------------------------------------------------------------------------------
// HTTP

class RequestError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

async function request(method, path, body) {
  const init = { method, headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const type = response.headers.get('content-type') ?? '';
  const payload = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok || (payload && typeof payload === 'object' && payload.ok === false)) {
    const detail =
      typeof payload === 'string'
        ? payload.slice(0, 200)
        : [payload?.error, payload?.description, payload?.message].filter(Boolean).join(': ');
    throw new RequestError(detail || `${response.status} ${response.statusText}`, response.status);
  }
  return payload;
}

const getJson = (path) => request('GET', path);
const devApi = (path) => `/dev/api${path}`;
const enc = encodeURIComponent;

/** The sandbox client API answers `{ ok, result }`. */
async function sandboxCall(method, path, body) {
  const payload = await request(method, `/sandbox/client${path}`, body);
  return payload && typeof payload === 'object' && 'result' in payload ? payload.result : payload;
}

// ---------------------------------------------------------------------------------------------
// DOM helpers

/** `h('div', { class: 'x', testid: 'y', data: { a: 1 } }, 'text', child)`: text stays text. */
function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'testid') node.dataset.testid = value;
    else if (key === 'data') Object.assign(node.dataset, value);
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  node.append(...children.filter((c) => c !== undefined && c !== null && c !== false));
  return node;
}

let statusTimer;
function showStatus(message, kind = 'info') {
  const status = $('status');
  status.textContent = message;
  status.dataset.kind = kind;
  clearTimeout(statusTimer);
  statusTimer = setTimeout(() => {
    status.textContent = '';
  }, 8000);
}

function reportError(what, error) {
  showStatus(`${what}: ${error instanceof Error ? error.message : String(error)}`, 'error');
}

// ---------------------------------------------------------------------------------------------
// Time: the app has its own clock (the sandbox moves it), so "in 3 h" is measured against it.

let appClockOffsetMs = 0;
const appNow = () => Date.now() + appClockOffsetMs;

function setAppNow(now) {
  const ms = new Date(now).getTime();
  if (Number.isNaN(ms)) return;
  appClockOffsetMs = ms - Date.now();
  showAppClock();
}

function showAppClock() {
  $('clock-now').textContent = `app clock ${formatTime(appNow())}`;
}

function formatTime(value) {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function relativeTime(value) {
  const diff = new Date(value).getTime() - appNow();
  if (Number.isNaN(diff)) return '';
  const abs = Math.abs(diff);
  const units = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['min', 60_000],
    ['s', 1000],
  ];
  const [unit, size] = units.find(([, ms]) => abs >= ms) ?? ['s', 1000];
  const amount = Math.round(abs / size);
  return diff >= 0 ? `in ${amount} ${unit}` : `${amount} ${unit} ago`;
}

const looksLikeTime = (key, value) =>
  (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) ||
  (typeof value === 'number' && /(At|_at|date)$/i.test(key) && value > 1e12);

// ---------------------------------------------------------------------------------------------
// Diagrams: Mermaid SVG in a scrollable box, fit-to-width or zoomed.

let diagramCounter = 0;
const zoomState = new Map();

function setupZoomControls() {
  for (const holder of document.querySelectorAll('[data-zoom-for]')) {
    const target = document.getElementById(holder.dataset.zoomFor);
    // Statecharts are wide: actual size (scrolled to the current state) reads best; fit is the overview.
    const zoom = { fit: false, scale: 1 };
    zoomState.set(target, zoom);
    enablePanning(target);
    const label = h('span', { class: 'zoom-label' }, '100%');
    const fit = h(
      'button',
      {
        type: 'button',
        'aria-pressed': 'false',
        testid: `${target.id}-fit`,
        title: 'fit the width of the box',
      },
      'Fit width',
    );
    const update = () => {
      fit.setAttribute('aria-pressed', String(zoom.fit));
      label.textContent = zoom.fit ? 'fit' : `${Math.round(zoom.scale * 100)}%`;
      keepCentre(target, () => applyZoom(target));
    };
    const step = (factor) => () => {
      zoom.scale = Math.min(4, Math.max(0.2, (zoom.fit ? fittedScale(target) : zoom.scale) * factor));
      zoom.fit = false;
      update();
    };
    fit.addEventListener('click', () => {
      zoom.fit = !zoom.fit;
      if (!zoom.fit) zoom.scale = 1;
      update();
    });
    holder.append(
      fit,
      h('button', { type: 'button', title: 'zoom out', onclick: step(1 / 1.25) }, '−'),
      label,
      h('button', { type: 'button', title: 'zoom in', onclick: step(1.25) }, '+'),
    );
  }
}

/** Dragging a diagram scrolls it, as in a map. */
function enablePanning(container) {
  let start = null;
  container.addEventListener('pointerdown', (event) => {
    if (event.button !== 0 || !container.querySelector('svg')) return;
    start = { x: event.clientX, y: event.clientY, left: container.scrollLeft, top: container.scrollTop };
    container.setPointerCapture(event.pointerId);
    container.classList.add('panning');
  });
  container.addEventListener('pointermove', (event) => {
    if (!start) return;
    container.scrollLeft = start.left - (event.clientX - start.x);
    container.scrollTop = start.top - (event.clientY - start.y);
  });
  const end = () => {
    start = null;
    container.classList.remove('panning');
  };
  container.addEventListener('pointerup', end);
  container.addEventListener('pointercancel', end);
}

function naturalSize(svg) {
  const box = svg.viewBox?.baseVal;
  if (box && box.width > 0) return { width: box.width, height: box.height };
  const rect = svg.getBoundingClientRect();
  return { width: rect.width || 800, height: rect.height || 600 };
}

function fittedScale(container) {
  const svg = container.querySelector('svg');
  if (!svg) return 1;
  return (container.clientWidth - 16) / naturalSize(svg).width;
}

/** Runs a size change and scrolls so that what was in the middle of the box stays there. */
function keepCentre(container, change) {
  const x = (container.scrollLeft + container.clientWidth / 2) / (container.scrollWidth || 1);
  const y = (container.scrollTop + container.clientHeight / 2) / (container.scrollHeight || 1);
  change();
  container.scrollLeft = x * container.scrollWidth - container.clientWidth / 2;
  container.scrollTop = y * container.scrollHeight - container.clientHeight / 2;
}

function applyZoom(container) {
  const svg = container.querySelector('svg');
  const zoom = zoomState.get(container) ?? { fit: false, scale: 1 };
  container.classList.toggle('fit', zoom.fit);
  if (!svg) return;
  const { width, height } = naturalSize(svg);
  svg.removeAttribute('height');
  svg.style.maxWidth = 'none';
  if (zoom.fit) {
    // A small machine is not blown up beyond half again its size.
    svg.setAttribute('width', '100%');
    svg.style.width = `min(100%, ${width * 1.5}px)`;
    svg.style.height = 'auto';
  } else {
    svg.setAttribute('width', String(width * zoom.scale));
    svg.style.width = `${width * zoom.scale}px`;
    svg.style.height = `${height * zoom.scale}px`;
  }
}

/** Brings the highlighted state into the middle of the diagram's scroll box. */
function scrollToActive(container) {
  const active = activeNodes(container).at(-1);
  if (!active) {
    container.scrollTop = 0;
    container.scrollLeft = 0;
    return;
  }
  const box = container.getBoundingClientRect();
  const node = active.getBoundingClientRect();
  container.scrollTop += node.top - box.top - box.height / 2 + node.height / 2;
  container.scrollLeft += node.left - box.left - box.width / 2 + node.width / 2;
}

/** The diagram's nodes carrying Mermaid's `active` class (leaf states last). */
function activeNodes(container) {
  return [...container.querySelectorAll('svg g.active, svg .node.active')].filter(
    (node, index, all) => all.indexOf(node) === index,
  );
}

async function renderDiagram(container, source) {
  if (!window.mermaid) {
    container.replaceChildren(
      h('p', { class: 'error' }, 'Mermaid did not load (/dev/assets/mermaid.min.js).'),
    );
    return;
  }
  diagramCounter += 1;
  const id = `mermaid-${diagramCounter}`;
  try {
    const { svg } = await window.mermaid.render(id, source);
    // Mermaid's own output, sanitised by it under securityLevel 'strict'.
    container.innerHTML = svg;
    container.dataset.rendered = String(diagramCounter);
    applyZoom(container);
    scrollToActive(container);
  } catch (error) {
    document.getElementById(`d${id}`)?.remove();
    container.replaceChildren(
      h('p', { class: 'error' }, `The diagram could not be drawn: ${error?.message ?? error}`),
      h('pre', { class: 'json' }, source),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Tabs: machines and inspector share the big area; the sandbox chat stays beside them.

function showTab(name) {
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    const selected = tab.id === `tab-${name}`;
    tab.setAttribute('aria-selected', String(selected));
    document.getElementById(tab.getAttribute('aria-controls')).hidden = !selected;
  }
  // A diagram drawn while its tab was hidden had no size to scroll in.
  for (const container of document.querySelectorAll(`#${name}-panel .diagram`)) {
    if (activeNodes(container).length > 0) scrollToActive(container);
  }
}

function setupTabs() {
  $('tab-machines').addEventListener('click', () => showTab('machines'));
  $('tab-inspector').addEventListener('click', () => showTab('inspector'));
}

// ---------------------------------------------------------------------------------------------
// Machines

async function loadMachines() {
  const list = $('machine-list');
  try {
    const machines = await getJson(devApi('/machines'));
    list.replaceChildren(
      ...machines.map((machine) => {
        const states = Array.isArray(machine.states) ? machine.states.length : machine.states;
        return h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'machine-item',
              testid: 'machine-item',
              data: { machine: machine.name },
              onclick: () => openMachine(machine.name),
            },
            h('span', { class: 'name' }, machine.name),
            h('span', { class: 'meta' }, `v${machine.version}`),
            states !== undefined ? h('span', { class: 'meta' }, `${states} states`) : null,
          ),
        );
      }),
    );
  } catch (error) {
    list.replaceChildren(h('li', { class: 'error' }, `Machines could not be read: ${error.message}`));
  }
}

async function openMachine(name) {
  showTab('machines');
  for (const item of document.querySelectorAll('.machine-item')) {
    item.setAttribute('aria-current', String(item.dataset.machine === name));
  }
  $('machine-title').textContent = name;
  const container = $('machine-diagram');
  container.replaceChildren(h('p', { class: 'muted' }, 'drawing…'));
  try {
    const source = await request('GET', devApi(`/machines/${enc(name)}/diagram`));
    await renderDiagram(container, String(source));
  } catch (error) {
    container.replaceChildren(h('p', { class: 'error' }, `No diagram for ${name}: ${error.message}`));
  }
}

// ---------------------------------------------------------------------------------------------
// Inspector

const inspector = {
  actorId: null,
  /** Chosen by the console (following the sandbox person), not by the developer. */
  automatic: false,
  source: null,
  found: false,
  refreshing: null,
  again: false,
  diagramKey: '',
  log: new Map(),
  nextBefore: null,
  olderLoaded: false,
};

async function searchActors(query) {
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
    results.replaceChildren(h('li', { class: 'error' }, `Search failed: ${error.message}`));
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
  Object.assign(inspector, {
    actorId,
    automatic,
    source: null,
    found: false,
    diagramKey: '',
    log: new Map(),
    nextBefore: null,
    olderLoaded: false,
  });
  for (const item of document.querySelectorAll('.actor-result')) {
    item.setAttribute('aria-current', String(item.dataset.actor === actorId));
  }
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
  $('inspector-log').replaceChildren();
  subscribe(actorId);
  refreshActor();
}

function subscribe(actorId) {
  const live = $('inspector-live');
  live.textContent = 'connecting';
  live.dataset.state = 'connecting';
  const source = new EventSource(devApi(`/actors/${enc(actorId)}/stream`));
  inspector.source = source;
  source.addEventListener('open', () => {
    if (inspector.source !== source) return;
    live.textContent = 'live';
    live.dataset.state = 'live';
  });
  source.addEventListener('error', () => {
    if (inspector.source !== source) return;
    if (source.readyState !== EventSource.CLOSED) {
      live.textContent = 'reconnecting';
      live.dataset.state = 'down';
      return;
    }
    // Refused (e.g. 404 before the actor's first event): the next read that finds it subscribes again.
    inspector.source = null;
    live.textContent = 'not live';
    live.dataset.state = 'down';
    setTimeout(() => {
      if (inspector.actorId === actorId && !inspector.source) refreshActor();
    }, 2000);
  });
  source.addEventListener('actor', () => {
    if (inspector.source === source) refreshActor();
  });
}

/** Re-reads the actor; calls that arrive while one runs are folded into one more run. */
function refreshActor() {
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
  if (!actorId) return;
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
  const source = await request(
    'GET',
    devApi(`/machines/${enc(actor.machine)}/diagram?active=${enc(paths.join(','))}`),
  );
  if (inspector.actorId !== actor.id) return;
  inspector.diagramKey = key;
  const container = $('inspector-diagram');
  await renderDiagram(container, String(source));
  container.dataset.active = paths.join(',');
}

/** Timers, effects: whatever fields the server gives, as a table; times also relative. */
function renderRecords(container, records, empty) {
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
function timeCell(value) {
  return h(
    'td',
    { class: 'time', title: formatTime(value) },
    shortTime(value),
    h('span', { class: 'muted' }, ` · ${relativeTime(value)}`),
  );
}

function shortTime(value) {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const iso = date.toISOString();
  const today = iso.slice(0, 10) === new Date(appNow()).toISOString().slice(0, 10);
  return today ? iso.slice(11, 19) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
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

async function readLog(actorId, before) {
  const query = `limit=${LOG_PAGE}${before !== undefined ? `&before=${enc(before)}` : ''}`;
  const page = await getJson(devApi(`/actors/${enc(actorId)}/events?${query}`));
  if (inspector.actorId !== actorId) return;
  for (const item of page.items) inspector.log.set(item.version, item);
  if (before !== undefined) inspector.olderLoaded = true;
  if (before !== undefined || !inspector.olderLoaded) inspector.nextBefore = page.nextBefore ?? null;
  renderLog();
}

function renderLog() {
  const rows = [...inspector.log.values()].sort((a, b) => Number(b.version) - Number(a.version));
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
  $('inspector-log-older').hidden = inspector.nextBefore === null || inspector.nextBefore === undefined;
}

// ---------------------------------------------------------------------------------------------
// Sandbox chat

const sandbox = {
  userId: null,
  users: [],
  freeChannelId: -1001000000002,
  vipChannelId: -1001000000001,
  chatSignature: '',
  followUps: [],
};

async function loadPeople(select) {
  sandbox.users = await sandboxCall('GET', '/users');
  const picker = $('person-select');
  picker.replaceChildren(
    h('option', { value: '' }, '— pick a person —'),
    ...sandbox.users.map((user) =>
      h(
        'option',
        { value: user.id },
        `${user.first_name}${user.username ? ` @${user.username}` : ''} · ${user.id}`,
      ),
    ),
  );
  if (select !== undefined) picker.value = String(select);
  else if (sandbox.userId !== null) picker.value = String(sandbox.userId);
}

async function loadChannels() {
  const channels = await sandboxCall('GET', '/chats').catch(() => []);
  for (const channel of channels) {
    if (/free/i.test(channel.title)) sandbox.freeChannelId = channel.id;
    else if (/vip/i.test(channel.title)) sandbox.vipChannelId = channel.id;
  }
}

function pickPerson(userId) {
  sandbox.userId = userId;
  sandbox.chatSignature = '';
  const enabled = userId !== null;
  for (const control of document.querySelectorAll(
    '[data-testid="chat-form"] *, .sandbox .actions button[data-action]',
  )) {
    control.disabled = !enabled;
  }
  $('chat-view').replaceChildren(
    h(
      'p',
      { class: 'placeholder' },
      enabled ? 'Loading the chat…' : 'Pick or create a person to chat as them.',
    ),
  );
  $('reply-keyboard').hidden = true;
  if (enabled) refreshChat();
}

async function refreshChat() {
  const userId = sandbox.userId;
  if (userId === null) return;
  let chat;
  try {
    chat = await sandboxCall('GET', `/users/${userId}/chat`);
  } catch (error) {
    reportError('Chat', error);
    return;
  }
  if (sandbox.userId !== userId) return;
  const signature = JSON.stringify(chat);
  if (signature === sandbox.chatSignature) return;
  sandbox.chatSignature = signature;
  renderChat(chat);
}

function renderChat({ messages, reply_keyboard: replyKeyboard }) {
  const view = $('chat-view');
  const atBottom = view.scrollHeight - view.scrollTop - view.clientHeight < 40;
  view.replaceChildren(
    ...(messages.length === 0
      ? [h('p', { class: 'placeholder' }, 'No messages yet: send /start.')]
      : messages.map(renderMessage)),
  );
  if (atBottom || view.dataset.rendered !== String(sandbox.userId)) view.scrollTop = view.scrollHeight;
  view.dataset.rendered = String(sandbox.userId);
  view.dataset.count = String(messages.length);

  const keyboard = $('reply-keyboard');
  keyboard.hidden = !replyKeyboard || replyKeyboard.length === 0;
  keyboard.replaceChildren(
    ...(replyKeyboard ?? []).map((row) =>
      h(
        'div',
        { class: 'row' },
        ...row.map((button) =>
          h(
            'button',
            { type: 'button', testid: 'reply-button', onclick: () => sendText(button.text) },
            button.text,
          ),
        ),
      ),
    ),
  );
}

function renderMessage(message) {
  const fromBot = Boolean(message.from?.is_bot);
  const invites = [];
  const body = h('div', { class: 'text' });
  const media = mediaLabel(message);
  if (media) body.append(h('div', { class: 'media' }, media));
  if (message.text !== undefined) body.append(richText(message.text, message.entities, invites));
  if (message.caption !== undefined)
    body.append(richText(message.caption, message.caption_entities, invites));
  if (message.invoice) {
    const { title, description, total_amount: total, currency } = message.invoice;
    body.append(
      h('div', { class: 'invoice' }, h('strong', {}, title), ` ${description} — ${total / 100} ${currency}`),
    );
  }
  const rows = message.reply_markup?.inline_keyboard ?? [];
  const keyboard = rows.length
    ? h(
        'div',
        { class: 'keyboard' },
        ...rows.map((row) => h('div', { class: 'row' }, ...row.map((b) => inlineButton(message, b)))),
      )
    : null;
  const extra = [
    ...invites.map((link) => joinButton(link)),
    message.invoice
      ? h(
          'button',
          {
            type: 'button',
            class: 'chip',
            testid: 'chat-pay',
            onclick: () =>
              act('Pay', () =>
                sandboxCall('POST', `/users/${sandbox.userId}/payments`, { message_id: message.message_id }),
              ),
          },
          'Pay',
        )
      : null,
  ].filter(Boolean);
  return h(
    'article',
    {
      class: `msg ${fromBot ? 'bot' : 'me'}`,
      testid: 'chat-message',
      data: { from: fromBot ? 'bot' : 'person', messageId: message.message_id },
    },
    h(
      'div',
      { class: 'bubble' },
      body,
      h(
        'div',
        { class: 'when' },
        formatTime(message.date * 1000).slice(11, 16),
        message.edit_date ? ' · edited' : '',
      ),
    ),
    keyboard,
    extra.length ? h('div', { class: 'extra' }, ...extra) : null,
  );
}

function mediaLabel(message) {
  if (message.photo) return '🖼 photo';
  if (message.video) return '🎬 video';
  if (message.document) return `📄 ${message.document.file_name ?? 'document'}`;
  if (message.successful_payment) return '💳 payment sent';
  if (message.new_chat_members || message.left_chat_member) return 'membership change';
  return '';
}

function inlineButton(message, button) {
  if (button.callback_data !== undefined) {
    return h(
      'button',
      {
        type: 'button',
        class: 'kb',
        testid: 'chat-button',
        data: { callbackData: button.callback_data },
        onclick: () => pressButton(message.message_id, button.callback_data, button.text),
      },
      button.text,
    );
  }
  if (button.url !== undefined) {
    if (INVITE_LINK.test(button.url)) {
      return h(
        'button',
        {
          type: 'button',
          class: 'kb link',
          testid: 'chat-join-link',
          title: `join via this link: ${button.url}`,
          data: { url: button.url },
          onclick: () => joinByLink(button.url),
        },
        `${button.text} ↗ join via this link`,
      );
    }
    const href = safeUrl(button.url);
    return href
      ? h(
          'a',
          { class: 'kb link', href, target: '_blank', rel: 'noopener noreferrer', testid: 'chat-url' },
          `${button.text} ↗`,
        )
      : h('span', { class: 'kb disabled', title: button.url }, button.text);
  }
  return h('span', { class: 'kb disabled', title: 'not emulated here' }, button.text);
}

function joinButton(link) {
  return h(
    'button',
    {
      type: 'button',
      class: 'chip',
      testid: 'chat-join-link',
      data: { url: link },
      onclick: () => joinByLink(link),
    },
    'Join via this link',
  );
}

function safeUrl(url) {
  try {
    const parsed = new URL(url);
    return ['http:', 'https:'].includes(parsed.protocol) ? parsed.href : null;
  } catch {
    return null;
  }
}

const ENTITY_TAGS = {
  bold: 'strong',
  italic: 'em',
  underline: 'u',
  strikethrough: 's',
  code: 'code',
  pre: 'code',
  spoiler: 'span',
  blockquote: 'span',
  expandable_blockquote: 'span',
};

/** Telegram text with its entities (UTF-16 offsets, like JavaScript strings), as DOM nodes. */
function richText(text, entities = [], invites = []) {
  const span = h('span', { class: 'rich' });
  const cuts = new Set([0, text.length]);
  for (const e of entities) {
    cuts.add(e.offset);
    cuts.add(e.offset + e.length);
  }
  const points = [...cuts].filter((n) => n >= 0 && n <= text.length).sort((a, b) => a - b);
  for (let i = 0; i < points.length - 1; i += 1) {
    const [from, to] = [points[i], points[i + 1]];
    const piece = text.slice(from, to);
    let node = document.createTextNode(piece);
    for (const entity of entities) {
      if (entity.offset > from || entity.offset + entity.length < to) continue;
      node = wrapEntity(node, entity, piece, invites);
    }
    span.append(node);
  }
  return span;
}

function wrapEntity(node, entity, piece, invites) {
  if (entity.type === 'text_link' || entity.type === 'url') {
    const url = entity.type === 'url' ? piece : entity.url;
    if (INVITE_LINK.test(url) && !invites.includes(url)) invites.push(url);
    const href = safeUrl(url);
    return href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, node) : node;
  }
  const tag = ENTITY_TAGS[entity.type];
  return tag ? h(tag, { class: `ent-${entity.type}` }, node) : node;
}

// Person actions. After each one: read the chat a few times while the bot answers, and let the
// inspector follow the person's conversation when nothing else is being inspected.

async function act(label, run) {
  if (sandbox.userId === null) {
    showStatus('Pick or create a person first.', 'error');
    return undefined;
  }
  const userId = sandbox.userId;
  try {
    const result = await run();
    showStatus(`${label}: ${describeOutcome(result)}`, 'ok');
    return result;
  } catch (error) {
    reportError(label, error);
    return undefined;
  } finally {
    followInspector(userId);
    followUp();
  }
}

function describeOutcome(result) {
  if (result === true || result === undefined || result === null) return 'done';
  if (result.outcome) return result.code ? `${result.outcome} (${result.code})` : result.outcome;
  if (result.answer?.text) return `the bot answered “${result.answer.text}”`;
  if (result.callback_query_id) return result.answer ? 'answered' : 'not answered yet';
  if (result.now)
    return `now ${formatTime(result.now)}${result.fired ? `, ${result.fired} timer(s) fired` : ''}`;
  return 'sent';
}

function followInspector(userId) {
  const conversation = `conversation:${userId}`;
  const empty = inspector.actorId === null;
  if (empty || (inspector.automatic && inspector.actorId !== conversation)) {
    $('actor-search').value = conversation;
    selectActor(conversation, { automatic: true, reveal: empty });
  }
}

function followUp() {
  for (const timer of sandbox.followUps) clearTimeout(timer);
  refreshChat();
  sandbox.followUps = FOLLOW_UP_DELAYS_MS.map((delay) =>
    setTimeout(() => {
      refreshChat();
      // The actor may not have existed when the inspector first asked.
      if (inspector.actorId && !inspector.found) refreshActor();
    }, delay),
  );
}

function sendText(text) {
  const trimmed = text.trim();
  const start = /^\/start(?:\s+(.*))?$/s.exec(trimmed);
  if (start) {
    const payload = start[1]?.trim();
    return act('/start', () =>
      sandboxCall('POST', `/users/${sandbox.userId}/start`, payload ? { payload } : {}),
    );
  }
  return act('Message', () => sandboxCall('POST', `/users/${sandbox.userId}/messages`, { text }));
}

function pressButton(messageId, callbackData, label) {
  return act(`“${label}”`, () =>
    sandboxCall('POST', `/users/${sandbox.userId}/button-presses`, {
      message_id: messageId,
      callback_data: callbackData,
      wait_ms: 2000,
    }),
  );
}

function joinByLink(link) {
  return act('Join via link', () =>
    sandboxCall('POST', `/users/${sandbox.userId}/joins`, { invite_link: link }),
  );
}

const channelActions = {
  'request-free': ['Request to join free', () => ['join-requests', sandbox.freeChannelId]],
  'leave-vip': ['Leave VIP', () => ['leave', sandbox.vipChannelId]],
  'leave-free': ['Leave free', () => ['leave', sandbox.freeChannelId]],
};

async function advanceClock(seconds, label) {
  try {
    const result = await request('POST', '/sandbox/clock/advance', { seconds });
    setAppNow(result.now);
    showStatus(`Clock ${label}: ${describeOutcome(result)}`, 'ok');
  } catch (error) {
    reportError(`Clock ${label}`, error);
  }
  followUp();
  if (inspector.actorId) refreshActor();
}

function setupSandbox() {
  $('person-select').addEventListener('change', (event) => {
    const value = event.target.value;
    pickPerson(value === '' ? null : Number(value));
  });
  $('person-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    const firstName = form.elements.first_name.value.trim();
    const username = form.elements.username.value.trim().replace(/^@/, '');
    if (!firstName) return;
    try {
      const user = await sandboxCall('POST', '/users', {
        first_name: firstName,
        ...(username ? { username } : {}),
      });
      await loadPeople(user.id);
      pickPerson(user.id);
      form.reset();
      $('person-new').open = false;
      showStatus(`Created ${user.first_name} (${user.id})`, 'ok');
    } catch (error) {
      reportError('New person', error);
    }
  });
  $('chat-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('chat-input');
    const text = input.value;
    if (!text.trim() || sandbox.userId === null) return;
    input.value = '';
    sendText(text);
  });
  for (const button of document.querySelectorAll('[data-action]')) {
    const [label, target] = channelActions[button.dataset.action];
    button.addEventListener('click', () => {
      const [route, chatId] = target();
      act(label, () => sandboxCall('POST', `/users/${sandbox.userId}/${route}`, { chat_id: chatId }));
    });
  }
  for (const button of document.querySelectorAll('[data-advance]')) {
    button.addEventListener('click', () => advanceClock(Number(button.dataset.advance), button.textContent));
  }
  setInterval(() => {
    if (document.visibilityState === 'visible') refreshChat();
  }, CHAT_POLL_MS);
}

// ---------------------------------------------------------------------------------------------
// Start

async function main() {
  window.mermaid?.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    theme: 'neutral',
    state: { useMaxWidth: false },
  });
  setupZoomControls();
  setupTabs();
  $('actor-search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const query = $('actor-search').value.trim();
    searchActors(query);
  });
  $('inspector-log-older').addEventListener('click', () => {
    if (inspector.actorId && inspector.nextBefore != null) {
      readLog(inspector.actorId, inspector.nextBefore).catch((error) =>
        reportError('Older transitions', error),
      );
    }
  });

  let mode;
  try {
    mode = await getJson(devApi('/mode'));
  } catch (error) {
    $('mode-badge').textContent = 'offline';
    reportError('Mode', error);
    return;
  }
  setAppNow(mode.now);
  setInterval(showAppClock, 1000);
  const badge = $('mode-badge');
  badge.textContent = mode.sandbox ? 'sandbox' : 'live Telegram';
  badge.dataset.mode = mode.sandbox ? 'sandbox' : 'live';
  document.body.dataset.sandbox = String(Boolean(mode.sandbox));
  await Promise.all([loadMachines(), searchActors('')]);
  if (mode.sandbox) {
    $('sandbox-panel').hidden = false;
    setupSandbox();
    pickPerson(null);
    await Promise.all([loadPeople().catch((error) => reportError('People', error)), loadChannels()]);
  }
  document.body.dataset.ready = 'true';
}

main();
