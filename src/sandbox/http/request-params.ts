import { badRequest } from '../errors.ts';
import type { RawParams } from '../method-params.ts';
import { parseMultipart } from './multipart.ts';

/**
 * A Bot API request's parameters from wherever the client put them, as Telegram reads them:
 * the query string, then a JSON, urlencoded or multipart body on top.
 */
export async function readRequestParams(request: Request): Promise<RawParams> {
  const url = new URL(request.url);
  const params: RawParams = Object.fromEntries(url.searchParams);
  if (request.method === 'GET' || request.method === 'HEAD') return params;
  const contentType = request.headers.get('content-type') ?? '';
  if (contentType.includes('multipart/form-data')) {
    const body = new Uint8Array(await request.arrayBuffer());
    if (body.byteLength === 0) return params;
    try {
      return { ...params, ...parseMultipart(body, contentType) };
    } catch {
      throw badRequest("can't parse multipart/form-data request");
    }
  }
  // Text bodies are read as text: a server that reads Node's stream directly (srvx) then builds
  // no web stream for them.
  const text = await request.text();
  if (text.length === 0) return params;
  if (contentType.includes('application/x-www-form-urlencoded')) {
    return { ...params, ...Object.fromEntries(new URLSearchParams(text)) };
  }
  if (contentType.includes('application/json') || /^\s*\{/.test(text)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw badRequest("can't parse JSON object");
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw badRequest("can't parse JSON object");
    }
    return { ...params, ...(parsed as RawParams) };
  }
  return params;
}
