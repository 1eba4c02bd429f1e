import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { moduleLogger } from '../../log.ts';
import type { FetchHandler } from './bot-api-handler.ts';

export interface ServeOptions {
  /** 0 picks a free port (tests). */
  port: number;
  hostname?: string;
  log?: Logger;
}

export interface ServedHandler {
  /** e.g. `http://127.0.0.1:41234`, without a trailing slash (grammY's apiRoot form). */
  url: string;
  close(): Promise<void>;
}

function toRequest(req: IncomingMessage, origin: string, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(new URL(req.url ?? '/', origin), {
    method: req.method ?? 'GET',
    headers,
    signal,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  } as RequestInit);
}

async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
  res.end();
}

/**
 * Serves a web-standard fetch handler with node:http. Closing also drops idle keep-alive
 * connections (grammY keeps them), so tests leave no open handles behind.
 */
export function serveFetchHandler(handler: FetchHandler, options: ServeOptions): Promise<ServedHandler> {
  const log = options.log ?? moduleLogger('sandbox-http');
  const hostname = options.hostname ?? '127.0.0.1';
  const server = createServer((req, res) => {
    const aborter = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) aborter.abort(new Error('client closed the connection'));
    });
    const origin = `http://${req.headers.host ?? hostname}`;
    handler(toRequest(req, origin, aborter.signal))
      .then((response) => writeResponse(response, res))
      .catch((error: unknown) => {
        log.error({ err: error, url: req.url?.replace(/bot[^/]+/, 'bot<token>') }, 'sandbox request failed');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error_code: 500, description: 'Internal Server Error' }));
      });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, hostname, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const host = hostname.includes(':') ? `[${hostname}]` : hostname;
      resolve({
        url: `http://${host}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
