import { createHash, timingSafeEqual } from 'node:crypto';

export interface MetricsEndpointOptions {
  render: () => Promise<{ contentType: string; body: string }>;
  /** METRICS_TOKEN: when set, a scrape must present `Authorization: Bearer <token>`. */
  token: string | undefined;
  /** In production without a token the endpoint does not exist (404). */
  production: boolean;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time check of the `Authorization: Bearer` header (hashes make the lengths equal). */
function bearerMatches(header: string | null, token: string): boolean {
  const given = header?.match(/^Bearer\s+(.+)$/i)?.[1];
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}

/**
 * GET /metrics in Prometheus text format. With METRICS_TOKEN it answers 401 to a scrape
 * without the right bearer token; in production without METRICS_TOKEN it answers 404, so
 * figures about members never go out unasked; in development it is open.
 */
export function createMetricsEndpoint(
  options: MetricsEndpointOptions,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (options.token === undefined && options.production) return new Response('Not Found', { status: 404 });
    if (options.token !== undefined && !bearerMatches(request.headers.get('authorization'), options.token)) {
      return new Response('Unauthorized', {
        status: 401,
        headers: { 'www-authenticate': 'Bearer realm="metrics"' },
      });
    }
    const { contentType, body } = await options.render();
    return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
  };
}
