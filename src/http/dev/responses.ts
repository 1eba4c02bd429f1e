/**
 * The console's response helpers. Every /dev response forbids framing and sniffing and sends
 * no Referer onward: a page opened with `?token=` must not hand the token to another site.
 */
export const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      ...SECURITY_HEADERS,
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    },
  });
}

/** A short client error: `{ ok: false, error }`, never a stack trace or a driver message. */
export const fail = (status: 400 | 401 | 404 | 405 | 500 | 503, error: string): Response =>
  json(status, { ok: false, error });

export function text(status: number, body: string, contentType: string): Response {
  return new Response(body, {
    status,
    headers: { ...SECURITY_HEADERS, 'content-type': contentType, 'cache-control': 'no-store' },
  });
}
