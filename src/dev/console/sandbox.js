/*
 * The sandbox panel around the chat: the people to chat as (pick or create one), channel
 * actions (request to join, leave) and the app's clock (+1 hour, +1 day, +7 days).
 */

import { personPost, request, sandboxCall } from './api.js';
import { act, currentPerson, describeOutcome, followUp, pickPerson, setupChat } from './chat.js';
import { $, h } from './dom.js';
import { refreshActor } from './inspector.js';
import { reportError, showStatus } from './status.js';
import { setAppNow } from './time.js';

/** The sandbox's channels; ids read from the sandbox when it lists them. */
const channels = { free: -1001000000002, vip: -1001000000001 };

const CHANNEL_ACTIONS = {
  'request-free': ['Request to join free', () => ['join-requests', channels.free]],
  'leave-vip': ['Leave VIP', () => ['leave', channels.vip]],
  'leave-free': ['Leave free', () => ['leave', channels.free]],
};

/** Shows the panel, wires it, and reads the people and channels. */
export async function startSandbox() {
  $('sandbox-panel').hidden = false;
  setupControls();
  setupChat();
  pickPerson(null);
  await Promise.all([loadPeople().catch((error) => reportError('People', error)), loadChannels()]);
}

/** Fills the person picker; selects `select`, else keeps the person picked. */
async function loadPeople(select) {
  const users = await sandboxCall('GET', '/users');
  const picker = $('person-select');
  picker.replaceChildren(
    h('option', { value: '' }, '— pick a person —'),
    ...users.map((user) =>
      h(
        'option',
        { value: user.id },
        `${user.first_name}${user.username ? ` @${user.username}` : ''} · ${user.id}`,
      ),
    ),
  );
  if (select !== undefined) picker.value = String(select);
  else if (currentPerson() !== null) picker.value = String(currentPerson());
}

async function loadChannels() {
  const found = await sandboxCall('GET', '/chats').catch(() => []);
  for (const channel of found) {
    if (/free/i.test(channel.title)) channels.free = channel.id;
    else if (/vip/i.test(channel.title)) channels.vip = channel.id;
  }
}

async function createPerson(form) {
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
}

async function advanceClock(seconds, label) {
  try {
    const result = await request('POST', '/sandbox/clock/advance', { seconds });
    setAppNow(result.now);
    showStatus(`Clock ${label}: ${describeOutcome(result)}`, 'ok');
  } catch (error) {
    reportError(`Clock ${label}`, error);
  }
  followUp();
  refreshActor();
}

function setupControls() {
  $('person-select').addEventListener('change', (event) => {
    const value = event.target.value;
    pickPerson(value === '' ? null : Number(value));
  });
  $('person-form').addEventListener('submit', (event) => {
    event.preventDefault();
    createPerson(event.target);
  });
  for (const button of document.querySelectorAll('[data-action]')) {
    const [label, target] = CHANNEL_ACTIONS[button.dataset.action];
    button.addEventListener('click', () => {
      const [route, chatId] = target();
      act(label, (userId) => personPost(userId, route, { chat_id: chatId }));
    });
  }
  for (const button of document.querySelectorAll('[data-advance]')) {
    button.addEventListener('click', () => advanceClock(Number(button.dataset.advance), button.textContent));
  }
}
