/*
 * One chat message as the person sees it: text, media, invoice, inline keyboard, and chips for
 * what the sandbox can do on the person's behalf (pay, join via an invite link).
 * `on` carries the actions: `press(messageId, callbackData, label)`, `join(link)`, `pay(messageId)`.
 */

import { externalLink, h } from './dom.js';
import { INVITE_LINK, richText } from './rich-text.js';
import { formatTime } from './time.js';

export function renderMessage(message, on) {
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
        ...rows.map((row) => h('div', { class: 'row' }, ...row.map((b) => inlineButton(message, b, on)))),
      )
    : null;
  const extra = [
    ...invites.map((link) => joinButton(link, on, { class: 'chip' }, 'Join via this link')),
    message.invoice
      ? h(
          'button',
          { type: 'button', class: 'chip', testid: 'chat-pay', onclick: () => on.pay(message.message_id) },
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

function inlineButton(message, button, on) {
  if (button.callback_data !== undefined) {
    return h(
      'button',
      {
        type: 'button',
        class: 'kb',
        testid: 'chat-button',
        data: { callbackData: button.callback_data },
        onclick: () => on.press(message.message_id, button.callback_data, button.text),
      },
      button.text,
    );
  }
  if (button.url !== undefined) {
    if (INVITE_LINK.test(button.url)) {
      const attrs = { class: 'kb link', title: `join via this link: ${button.url}` };
      return joinButton(button.url, on, attrs, `${button.text} ↗ join via this link`);
    }
    return (
      externalLink(button.url, { class: 'kb link', testid: 'chat-url' }, `${button.text} ↗`) ??
      h('span', { class: 'kb disabled', title: button.url }, button.text)
    );
  }
  return h('span', { class: 'kb disabled', title: 'not emulated here' }, button.text);
}

/** A button that makes the person join a channel through an invite link. */
function joinButton(link, on, attrs, label) {
  return h(
    'button',
    { type: 'button', ...attrs, testid: 'chat-join-link', data: { url: link }, onclick: () => on.join(link) },
    label,
  );
}
