/*
 * The sandbox chat of the person picked: their messages, the reply keyboard, and what they do
 * (send, press a button, join via a link, pay). After each action the chat is read a few times
 * while the bot answers, and the inspector follows the person's conversation.
 */

import { personPost, sandboxCall } from './api.js';
import { $, h } from './dom.js';
import { followConversation, refreshIfNotFound } from './inspector.js';
import { renderMessage } from './messages.js';
import { reportError, showStatus } from './status.js';
import { formatTime } from './time.js';

const FOLLOW_UP_DELAYS_MS = [150, 400, 800, 1400, 2200, 3500];
const CHAT_POLL_MS = 5000;

const chat = { userId: null, signature: '', followUps: [] };

/** The person picked, or null. */
export const currentPerson = () => chat.userId;

/** Chats as `userId` (null: nobody; the chat's controls are disabled). */
export function pickPerson(userId) {
  chat.userId = userId;
  chat.signature = '';
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
  const userId = chat.userId;
  if (userId === null) return;
  let content;
  try {
    content = await sandboxCall('GET', `/users/${userId}/chat`);
  } catch (error) {
    reportError('Chat', error);
    return;
  }
  if (chat.userId !== userId) return;
  const signature = JSON.stringify(content);
  if (signature === chat.signature) return;
  chat.signature = signature;
  renderChat(content);
}

const messageActions = {
  press: (messageId, callbackData, label) =>
    act(`“${label}”`, (userId) =>
      personPost(userId, 'button-presses', {
        message_id: messageId,
        callback_data: callbackData,
        wait_ms: 2000,
      }),
    ),
  join: (link) => act('Join via link', (userId) => personPost(userId, 'joins', { invite_link: link })),
  pay: (messageId) => act('Pay', (userId) => personPost(userId, 'payments', { message_id: messageId })),
};

function renderChat({ messages, reply_keyboard: replyKeyboard }) {
  const view = $('chat-view');
  const atBottom = view.scrollHeight - view.scrollTop - view.clientHeight < 40;
  view.replaceChildren(
    ...(messages.length === 0
      ? [h('p', { class: 'placeholder' }, 'No messages yet: send /start.')]
      : messages.map((message) => renderMessage(message, messageActions))),
  );
  if (atBottom || view.dataset.rendered !== String(chat.userId)) view.scrollTop = view.scrollHeight;
  view.dataset.rendered = String(chat.userId);
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

/** Runs `run(userId)` as the person picked and shows its outcome in the status line. */
export async function act(label, run) {
  const userId = chat.userId;
  if (userId === null) {
    showStatus('Pick or create a person first.', 'error');
    return undefined;
  }
  try {
    const result = await run(userId);
    showStatus(`${label}: ${describeOutcome(result)}`, 'ok');
    return result;
  } catch (error) {
    reportError(label, error);
    return undefined;
  } finally {
    followConversation(userId);
    followUp();
  }
}

/** A sandbox call's result in a few words. */
export function describeOutcome(result) {
  if (result === true || result === undefined || result === null) return 'done';
  if (result.outcome) return result.code ? `${result.outcome} (${result.code})` : result.outcome;
  if (result.answer?.text) return `the bot answered “${result.answer.text}”`;
  if (result.callback_query_id) return result.answer ? 'answered' : 'not answered yet';
  if (result.now)
    return `now ${formatTime(result.now)}${result.fired ? `, ${result.fired} timer(s) fired` : ''}`;
  return 'sent';
}

/** Reads the chat now and a few times more while the bot answers. */
export function followUp() {
  for (const timer of chat.followUps) clearTimeout(timer);
  refreshChat();
  chat.followUps = FOLLOW_UP_DELAYS_MS.map((delay) =>
    setTimeout(() => {
      refreshChat();
      refreshIfNotFound();
    }, delay),
  );
}

/** A message from the person; `/start payload` is sent as a start command. */
function sendText(text) {
  const trimmed = text.trim();
  const start = /^\/start(?:\s+(.*))?$/s.exec(trimmed);
  if (start) {
    const payload = start[1]?.trim();
    return act('/start', (userId) => personPost(userId, 'start', payload ? { payload } : {}));
  }
  return act('Message', (userId) => personPost(userId, 'messages', { text }));
}

/** The composer, and the chat read every few seconds while the page is visible. */
export function setupChat() {
  $('chat-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('chat-input');
    const text = input.value;
    if (!text.trim() || chat.userId === null) return;
    input.value = '';
    sendText(text);
  });
  setInterval(() => {
    if (document.visibilityState === 'visible') refreshChat();
  }, CHAT_POLL_MS);
}
