import { BotApiError, methodNotFound, unauthorized } from '../errors.ts';
import type { Sandbox } from '../sandbox.ts';
import { handleClientRoute } from './client-routes.ts';
import { readRequestParams } from './request-params.ts';

/** The header a bot sends with each Bot API call made by one outbound effect (its outbox key). */
export const IDEMPOTENCY_HEADER = 'x-lucien-idempotency-key';

export type FetchHandler = (request: Request) => Promise<Response>;

export interface BotApiHandlerOptions {
  /** A prefix before `/bot<token>/<method>` and `/client/...`, e.g. `/sandbox`. */
  basePath?: string;
}

/** Browsers (the dev console) may drive the client API from another origin. */
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-allow-headers': 'content-type',
};

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const errorResponse = (error: BotApiError): Response => json(error.errorCode, error.toJSON());

/**
 * The Bot API at `<basePath>/bot<token>/<method>` and the client API at `<basePath>/client/...`,
 * as a web-standard fetch handler (serve it with `serveFetchHandler`, or mount it in any
 * server that speaks Request/Response).
 */
export function createBotApiHandler(sandbox: Sandbox, options: BotApiHandlerOptions = {}): FetchHandler {
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  return async (request) => {
    const url = new URL(request.url);
    if (basePath !== '' && url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`)) {
      return errorResponse(methodNotFound());
    }
    const path = url.pathname.slice(basePath.length);
    if (path === '/client' || path.startsWith('/client/')) {
      if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: CORS_HEADERS });
      const { status, body } = await handleClientRoute(sandbox, request, path.slice('/client'.length));
      return json(status, body, CORS_HEADERS);
    }
    const match = /^\/bot([^/]*)\/([^/]*)$/.exec(path);
    if (!match) return errorResponse(methodNotFound());
    const [, token, method] = match as unknown as [string, string, string];
    if (token !== sandbox.token) return errorResponse(unauthorized());
    try {
      const params = await readRequestParams(request);
      const idempotencyKey =
        request.headers.get(IDEMPOTENCY_HEADER) ?? request.headers.get('x-idempotency-key') ?? undefined;
      const outcome = await sandbox.callBotApiWithDescription(method, params, {
        ...(idempotencyKey ? { idempotencyKey } : {}),
        signal: request.signal,
      });
      return json(200, {
        ok: true,
        result: outcome.result,
        ...(outcome.description ? { description: outcome.description } : {}),
      });
    } catch (error) {
      if (error instanceof BotApiError) return errorResponse(error);
      // The client went away (a long poll it aborted); nobody reads this response.
      if (request.signal.aborted) return new Response(null, { status: 499 });
      throw error;
    }
  };
}
