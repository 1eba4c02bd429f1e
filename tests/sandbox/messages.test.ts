import { InputFile } from 'grammy';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { apiError, startedUser, startSandbox } from './harness.ts';

test('sendMessage lands in the user chat after what the user wrote', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const ana = startedUser(sandbox);
    const sent = await api.sendMessage(ana, 'Bienvenida', {
      reply_markup: { inline_keyboard: [[{ text: 'Menú', callback_data: 'menu:v1' }]] },
    });
    const chat = sandbox.messages(ana);
    assert.equal(
      chat.map((m) => [m.from?.is_bot, m.text]),
      [
        [false, '/start'],
        [true, 'Bienvenida'],
      ],
    );
    assert.is(sent.chat.id, ana);
    assert.equal(chat[1]?.reply_markup, { inline_keyboard: [[{ text: 'Menú', callback_data: 'menu:v1' }]] });
  } finally {
    await close();
  }
});

test('commands a user types carry bot_command entities', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const ana = sandbox.createUser({ first_name: 'Ana' }).id;
    sandbox.start(ana, 'vip-token-123');
    const [update] = await api.getUpdates({ timeout: 0 });
    assert.is(update?.message?.text, '/start vip-token-123');
    assert.equal(update?.message?.entities, [{ type: 'bot_command', offset: 0, length: 6 }]);
  } finally {
    await close();
  }
});

test('text over 4096 characters answers message is too long', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const ana = startedUser(sandbox);
    await api.sendMessage(ana, 'x'.repeat(4096));
    const error = await apiError(api.sendMessage(ana, 'x'.repeat(4097)));
    assert.is(error.error_code, 400);
    assert.is(error.description, 'Bad Request: message is too long');
  } finally {
    await close();
  }
});

test('empty text answers message text is empty', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const ana = startedUser(sandbox);
    const error = await apiError(api.sendMessage(ana, ''));
    assert.is(error.description, 'Bad Request: message text is empty');
  } finally {
    await close();
  }
});

test("broken HTML answers can't parse entities with Telegram's detail", async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const ana = startedUser(sandbox);
    const cases: Array<[string, string]> = [
      ['<b>Hola', 'Can\'t find end tag corresponding to start tag "b"'],
      ['Hola <p>x</p>', 'Unsupported start tag "p" at byte offset 5'],
      ['<b>x</i>', 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'],
      ['año </b>', 'Unexpected end tag at byte offset 5'],
      ['<b', 'Unclosed start tag at byte offset 0'],
    ];
    for (const [html, detail] of cases) {
      const error = await apiError(api.sendMessage(ana, html, { parse_mode: 'HTML' }));
      assert.is(error.description, `Bad Request: can't parse entities: ${detail}`, html);
    }
    const ok = await api.sendMessage(
      ana,
      '<b>Hola</b> &lt;señor&gt; &amp; <a href="https://t.me/x">enlace</a>',
      {
        parse_mode: 'HTML',
      },
    );
    assert.is(ok.text, 'Hola <señor> & enlace');
    assert.equal(ok.entities, [
      { type: 'bold', offset: 0, length: 4 },
      { type: 'text_link', offset: 15, length: 6, url: 'https://t.me/x' },
    ]);
  } finally {
    await close();
  }
});

test('callback_data over 64 bytes answers BUTTON_DATA_INVALID', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const ana = startedUser(sandbox);
    const markup = (data: string) => ({
      reply_markup: { inline_keyboard: [[{ text: 'x', callback_data: data }]] },
    });
    await api.sendMessage(ana, 'ok', markup('a'.repeat(64)));
    const error = await apiError(api.sendMessage(ana, 'too long', markup('ñ'.repeat(33))));
    assert.is(error.description, 'Bad Request: BUTTON_DATA_INVALID');
  } finally {
    await close();
  }
});

test('editing with identical content answers message is not modified', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const ana = startedUser(sandbox);
    const keyboard = { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] };
    const sent = await api.sendMessage(ana, 'Menú', { reply_markup: keyboard });
    const error = await apiError(
      api.editMessageText(ana, sent.message_id, 'Menú', { reply_markup: keyboard }),
    );
    assert.is(
      error.description,
      'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
    );
    const markupError = await apiError(
      api.editMessageReplyMarkup(ana, sent.message_id, { reply_markup: keyboard }),
    );
    assert.is(markupError.description, error.description);

    const edited = await api.editMessageText(ana, sent.message_id, 'Menú nuevo');
    assert.type(edited !== true && edited.edit_date, 'number');
    const [, shown] = sandbox.messages(ana);
    assert.is(shown?.text, 'Menú nuevo');
    assert.is(shown?.reply_markup, undefined, 'an edit without reply_markup removes the keyboard');
  } finally {
    await close();
  }
});

test('editing a missing message answers message to edit not found', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const ana = startedUser(sandbox);
    const error = await apiError(api.editMessageText(ana, 999, 'x'));
    assert.is(error.description, 'Bad Request: message to edit not found');
  } finally {
    await close();
  }
});

test('deleting a missing message answers message to delete not found', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const ana = startedUser(sandbox);
    const sent = await api.sendMessage(ana, 'efímero');
    assert.is(await api.deleteMessage(ana, sent.message_id), true);
    assert.equal(
      sandbox.messages(ana).map((m) => m.text),
      ['/start'],
    );
    const error = await apiError(api.deleteMessage(ana, sent.message_id));
    assert.is(error.description, 'Bad Request: message to delete not found');
  } finally {
    await close();
  }
});

test('media uploaded via multipart get file_ids that can be sent again', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const ana = startedUser(sandbox);
    const photo = await api.sendPhoto(ana, new InputFile(new Uint8Array([1, 2, 3, 4]), 'cover.jpg'), {
      caption: '<b>Portada</b>',
      parse_mode: 'HTML',
    });
    const largest = photo.photo?.at(-1);
    assert.is(largest?.file_size, 4);
    assert.is(photo.caption, 'Portada');
    assert.equal(photo.caption_entities, [{ type: 'bold', offset: 0, length: 7 }]);
    const again = await api.sendPhoto(ana, largest?.file_id ?? '');
    assert.is(again.photo?.at(-1)?.file_unique_id, largest?.file_unique_id);

    const doc = await api.sendDocument(ana, new InputFile(new TextEncoder().encode('%PDF'), 'guia.pdf'));
    assert.is(doc.document?.file_name, 'guia.pdf');
    assert.is(doc.document?.mime_type, 'application/pdf');
    const video = await api.sendVideo(ana, 'https://example.org/clip.mp4');
    assert.type(video.video?.file_id, 'string');

    const error = await apiError(api.sendPhoto(ana, 'not-a-file-id'));
    assert.is(error.description, 'Bad Request: wrong file identifier/HTTP URL specified');
  } finally {
    await close();
  }
});

test('copyMessage copies a message into another chat', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const ana = startedUser(sandbox, 'Ana');
    const ben = startedUser(sandbox, 'Ben');
    const original = await api.sendMessage(ana, '<i>Oferta</i>', { parse_mode: 'HTML' });
    const copy = await api.copyMessage(ben, ana, original.message_id);
    const copied = sandbox.messages(ben).find((m) => m.message_id === copy.message_id);
    assert.is(copied?.text, 'Oferta');
    assert.equal(copied?.entities, [{ type: 'italic', offset: 0, length: 6 }]);
    const error = await apiError(api.copyMessage(ben, ana, 999));
    assert.is(error.description, 'Bad Request: message to copy not found');
  } finally {
    await close();
  }
});

test('messaging a user who blocked the bot answers 403 bot was blocked by the user', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const ana = startedUser(sandbox);
    sandbox.blockBot(ana);
    const error = await apiError(api.sendMessage(ana, 'hola'));
    assert.is(error.error_code, 403);
    assert.is(error.description, 'Forbidden: bot was blocked by the user');
    sandbox.unblockBot(ana);
    await api.sendMessage(ana, 'de nuevo');
  } finally {
    await close();
  }
});

test("messaging a user who never started the bot answers 403 bot can't initiate conversation", async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const ana = sandbox.createUser({ first_name: 'Ana' }).id;
    const error = await apiError(api.sendMessage(ana, 'hola'));
    assert.is(error.error_code, 403);
    assert.is(error.description, "Forbidden: bot can't initiate conversation with a user");
  } finally {
    await close();
  }
});

test('an unknown chat answers 400 chat not found', async () => {
  const { api, close } = await startSandbox();
  try {
    const error = await apiError(api.sendMessage(-1009999999999, 'hola'));
    assert.is(error.error_code, 400);
    assert.is(error.description, 'Bad Request: chat not found');
    assert.is((await apiError(api.getChat(424242))).description, 'Bad Request: chat not found');
  } finally {
    await close();
  }
});

test('pressing a button creates a callback_query and the answer is recorded', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const ana = startedUser(sandbox);
    const menu = await api.sendMessage(ana, 'Menú', {
      reply_markup: { inline_keyboard: [[{ text: 'VIP', callback_data: 'vip:v1' }]] },
    });
    await api.getUpdates({ offset: -1, timeout: 0 });
    const queryId = sandbox.pressButton(ana, menu.message_id, 'vip:v1');
    const updates = await api.getUpdates({ timeout: 0 });
    const query = updates.at(-1)?.callback_query;
    assert.is(query?.id, queryId);
    assert.is(query?.data, 'vip:v1');
    assert.is(query?.message?.message_id, menu.message_id);
    const answered = sandbox.waitForCallbackAnswer(queryId, 2000);
    await api.answerCallbackQuery(queryId, { text: 'Un momento', show_alert: true });
    assert.equal(await answered, { text: 'Un momento', show_alert: true });

    const again = await apiError(api.answerCallbackQuery(queryId));
    assert.is(
      again.description,
      'Bad Request: query is too old and response timeout expired or query ID is invalid',
    );
  } finally {
    await close();
  }
});

test('waitForMessage resolves when the bot edits a matching message', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const ana = startedUser(sandbox);
    const sent = await api.sendMessage(ana, 'Cargando');
    const waiting = sandbox.waitForMessage(ana, (m) => m.text === 'Listo', 2000);
    await api.editMessageText(ana, sent.message_id, 'Listo');
    assert.is((await waiting).message_id, sent.message_id);
  } finally {
    await close();
  }
});

test('a forwarded channel post carries forward_origin of type channel', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const ana = startedUser(sandbox);
    const post = sandbox.postToChannel(sandbox.vipChannelId, 'Nuevo contenido');
    const forwarded = sandbox.forwardChannelPost(ana, sandbox.vipChannelId);
    const updates = await api.getUpdates({ timeout: 0 });
    const message = updates.find((u) => u.message?.message_id === forwarded.message_id)?.message;
    assert.equal(message?.forward_origin, {
      type: 'channel',
      chat: { id: sandbox.vipChannelId, type: 'channel', title: 'Lucien VIP' },
      message_id: post.message_id,
      date: post.date,
    });
    assert.is(
      (message as { forward_from_chat?: { id: number } }).forward_from_chat?.id,
      sandbox.vipChannelId,
    );
    assert.is(message?.text, 'Nuevo contenido');
  } finally {
    await close();
  }
});

test('an approved checkout turns into a successful_payment message', async () => {
  const { api, sandbox, close } = await startSandbox();
  try {
    const ana = startedUser(sandbox);
    const invoice = await api.sendInvoice(ana, 'VIP 30 días', 'Acceso al canal VIP', 'plan:vip30', 'XTR', [
      { label: 'VIP', amount: 500 },
    ]);
    const queryId = sandbox.payInvoice(ana, invoice.message_id);
    const checkout = (await api.getUpdates({ timeout: 0 })).at(-1)?.pre_checkout_query;
    assert.equal(
      [checkout?.id, checkout?.invoice_payload, checkout?.total_amount],
      [queryId, 'plan:vip30', 500],
    );
    await api.answerPreCheckoutQuery(queryId, true);
    const payment = (await api.getUpdates({ offset: -1, timeout: 0 }))[0]?.message?.successful_payment;
    assert.is(payment?.invoice_payload, 'plan:vip30');
    assert.is(payment?.currency, 'XTR');
  } finally {
    await close();
  }
});

test.run();
