import type { ChatAdministratorRights } from 'grammy/types';
import type { BotChannelStatus } from '../client/channel-actions.ts';
import { SandboxClientError, SandboxTimeoutError } from '../errors.ts';
import type { Sandbox } from '../sandbox.ts';

type Body = Record<string, unknown>;
type RouteHandler = (sandbox: Sandbox, ids: number[], body: Body, url: URL) => unknown;

interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: RegExp;
  handle: RouteHandler;
}

const int = (value: unknown, field: string): number => {
  const parsed = typeof value === 'string' ? Number(value) : value;
  if (typeof parsed !== 'number' || !Number.isInteger(parsed)) {
    throw new SandboxClientError('PARAMETER_INVALID', `${field} must be an integer`);
  }
  return parsed;
};

const optionalInt = (value: unknown, field: string): number | undefined =>
  value === undefined || value === null ? undefined : int(value, field);

const str = (value: unknown, field: string): string => {
  if (typeof value !== 'string')
    throw new SandboxClientError('PARAMETER_INVALID', `${field} must be a string`);
  return value;
};

const id = (ids: number[], index: number): number => ids[index] as number;

/** `chat_id` as the bot may name a chat: a number, a numeric string or an @username. */
const chatIdFilter = (value: unknown): ((params: Record<string, unknown>) => boolean) => {
  if (typeof value !== 'number' && typeof value !== 'string')
    throw new SandboxClientError('PARAMETER_INVALID', 'chat_id must be an integer or a string');
  const wanted = String(value);
  return (params) => String(params.chat_id) === wanted;
};

/** `POST /faults`: `failNext` with the error's fields flat in the body. */
const failNext: RouteHandler = (s, _ids, body) => {
  const retryAfter = optionalInt(body.retry_after, 'retry_after');
  const times = optionalInt(body.times, 'times');
  s.failNext(
    str(body.method, 'method'),
    {
      error_code: int(body.error_code, 'error_code'),
      description: str(body.description, 'description'),
      ...(retryAfter !== undefined ? { retry_after: retryAfter } : {}),
    },
    {
      ...(times !== undefined ? { times } : {}),
      ...(body.chat_id !== undefined && body.chat_id !== null ? { when: chatIdFilter(body.chat_id) } : {}),
    },
  );
};

/** The client API over HTTP: one route per Sandbox method, ids in the path, the rest as JSON. */
const ROUTES: Route[] = [
  { method: 'GET', pattern: /^\/users$/, handle: (s) => s.users() },
  {
    method: 'POST',
    pattern: /^\/users$/,
    handle: (s, _ids, body) =>
      s.createUser({
        first_name: str(body.first_name, 'first_name'),
        ...(body.id !== undefined ? { id: int(body.id, 'id') } : {}),
        ...(typeof body.last_name === 'string' ? { last_name: body.last_name } : {}),
        ...(typeof body.username === 'string' ? { username: body.username } : {}),
        ...(typeof body.language_code === 'string' ? { language_code: body.language_code } : {}),
      }),
  },
  {
    method: 'POST',
    pattern: /^\/users\/(\d+)\/messages$/,
    handle: (s, ids, body) => s.sendText(id(ids, 0), str(body.text, 'text')),
  },
  {
    method: 'POST',
    pattern: /^\/users\/(\d+)\/start$/,
    handle: (s, ids, body) =>
      s.start(id(ids, 0), typeof body.payload === 'string' ? body.payload : undefined),
  },
  {
    method: 'POST',
    pattern: /^\/users\/(\d+)\/button-presses$/,
    handle: async (s, ids, body) => {
      const queryId = s.pressButton(
        id(ids, 0),
        int(body.message_id, 'message_id'),
        str(body.callback_data, 'callback_data'),
        { forge: body.forge === true },
      );
      const waitMs = optionalInt(body.wait_ms, 'wait_ms');
      const answer = waitMs
        ? await s.waitForCallbackAnswer(queryId, waitMs).catch(() => undefined)
        : undefined;
      return { callback_query_id: queryId, ...(answer ? { answer } : {}) };
    },
  },
  {
    method: 'POST',
    pattern: /^\/users\/(\d+)\/join-requests$/,
    handle: (s, ids, body) => s.requestJoin(id(ids, 0), int(body.chat_id, 'chat_id')),
  },
  {
    method: 'POST',
    pattern: /^\/users\/(\d+)\/joins$/,
    handle: (s, ids, body) => s.joinByLink(id(ids, 0), str(body.invite_link, 'invite_link')),
  },
  {
    method: 'POST',
    pattern: /^\/users\/(\d+)\/leave$/,
    handle: (s, ids, body) => s.leave(id(ids, 0), int(body.chat_id, 'chat_id')),
  },
  { method: 'POST', pattern: /^\/users\/(\d+)\/block$/, handle: (s, ids) => s.blockBot(id(ids, 0)) },
  { method: 'POST', pattern: /^\/users\/(\d+)\/unblock$/, handle: (s, ids) => s.unblockBot(id(ids, 0)) },
  {
    method: 'POST',
    pattern: /^\/users\/(\d+)\/forwards$/,
    handle: (s, ids, body) =>
      s.forwardChannelPost(
        id(ids, 0),
        int(body.chat_id, 'chat_id'),
        optionalInt(body.message_id, 'message_id'),
      ),
  },
  {
    method: 'POST',
    pattern: /^\/users\/(\d+)\/payments$/,
    handle: (s, ids, body) => ({
      pre_checkout_query_id: s.payInvoice(id(ids, 0), int(body.message_id, 'message_id')),
    }),
  },
  {
    method: 'GET',
    pattern: /^\/users\/(\d+)\/chat$/,
    handle: (s, ids) => ({
      messages: s.messages(id(ids, 0)),
      reply_keyboard: s.replyKeyboard(id(ids, 0)) ?? null,
    }),
  },
  {
    method: 'POST',
    pattern: /^\/users\/(\d+)\/wait-message$/,
    handle: (s, ids, body) => {
      const includes = typeof body.text_includes === 'string' ? body.text_includes : '';
      return s.waitForMessage(
        id(ids, 0),
        (m) => (m.text ?? m.caption ?? '').includes(includes),
        optionalInt(body.timeout_ms, 'timeout_ms') ?? 5000,
        { includeExisting: body.include_existing === true },
      );
    },
  },
  {
    method: 'GET',
    pattern: /^\/callback-queries\/(\d+)$/,
    handle: (s, ids) => ({ answer: s.callbackAnswer(String(id(ids, 0))) ?? null }),
  },
  {
    method: 'GET',
    pattern: /^\/pre-checkout-queries\/(\d+)$/,
    handle: (s, ids) => ({ answer: s.preCheckoutAnswer(String(id(ids, 0))) ?? null }),
  },
  { method: 'GET', pattern: /^\/chats$/, handle: (s) => s.channels() },
  { method: 'GET', pattern: /^\/chats\/(-?\d+)\/members$/, handle: (s, ids) => s.members(id(ids, 0)) },
  { method: 'GET', pattern: /^\/chats\/(-?\d+)\/messages$/, handle: (s, ids) => s.messages(id(ids, 0)) },
  {
    method: 'GET',
    pattern: /^\/chats\/(-?\d+)\/invite-links$/,
    handle: (s, ids) => s.inviteLinks(id(ids, 0)),
  },
  {
    method: 'GET',
    pattern: /^\/chats\/(-?\d+)\/join-requests$/,
    handle: (s, ids) => s.joinRequests(id(ids, 0)),
  },
  {
    method: 'POST',
    pattern: /^\/chats\/(-?\d+)\/posts$/,
    handle: (s, ids, body) => s.postToChannel(id(ids, 0), str(body.text, 'text')),
  },
  {
    method: 'POST',
    pattern: /^\/chats\/(-?\d+)\/bot-status$/,
    handle: (s, ids, body) =>
      s.setBotStatus(
        id(ids, 0),
        str(body.status, 'status') as BotChannelStatus,
        (body.rights ?? {}) as Partial<ChatAdministratorRights>,
      ),
  },
  {
    method: 'GET',
    pattern: /^\/calls$/,
    handle: (s, _ids, _body, url) => {
      const method = url.searchParams.get('method');
      const since = url.searchParams.get('since_seq');
      const key = url.searchParams.get('idempotency_key');
      return s.calls({
        ...(method ? { method } : {}),
        ...(since ? { sinceSeq: Number(since) } : {}),
        ...(key ? { idempotencyKey: key } : {}),
      });
    },
  },
  { method: 'POST', pattern: /^\/faults$/, handle: failNext },
  { method: 'DELETE', pattern: /^\/faults$/, handle: (s) => s.clearFaults() },
];

export interface ClientRouteResult {
  status: number;
  body: unknown;
}

/** Serves `path` (relative to `<basePath>/client`) or answers 404 for unknown routes. */
export async function handleClientRoute(
  sandbox: Sandbox,
  request: Request,
  path: string,
): Promise<ClientRouteResult> {
  const route = ROUTES.find((r) => r.method === request.method && r.pattern.test(path));
  if (!route)
    return { status: 404, body: { ok: false, error: 'NOT_FOUND', description: 'no such client route' } };
  const ids = (route.pattern.exec(path) ?? []).slice(1).map(Number);
  let body: Body = {};
  if (request.method === 'POST') {
    const text = await request.text();
    try {
      body = text.trim() === '' ? {} : (JSON.parse(text) as Body);
    } catch {
      return {
        status: 400,
        body: { ok: false, error: 'JSON_INVALID', description: 'the body must be JSON' },
      };
    }
  }
  try {
    const result = await route.handle(sandbox, ids, body, new URL(request.url));
    return { status: 200, body: { ok: true, result: result ?? true } };
  } catch (error) {
    if (error instanceof SandboxClientError) {
      return { status: 400, body: { ok: false, error: error.code, description: error.message } };
    }
    if (error instanceof SandboxTimeoutError) {
      return { status: 408, body: { ok: false, error: 'TIMEOUT', description: error.message } };
    }
    throw error;
  }
}
