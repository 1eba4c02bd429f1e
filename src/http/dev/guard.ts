import { secretMatches } from '../webhook.ts';

export const TOKEN_COOKIE = 'dev_token';
const COOKIE_MAX_AGE_SECONDS = 8 * 3600;

export interface GuardConfig {
  production: boolean;
  /** DEV_CONSOLE_TOKEN; in production the console is closed without one. */
  devConsoleToken: string | undefined;
}

export type GuardVerdict =
  | {
      allowed: true /** Set when the token came in the query: the page's own requests then carry it. */;
      setCookie?: string;
    }
  | { allowed: false };

function cookieValue(request: Request, name: string): string | null {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

function bearer(request: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
  return match?.[1] ?? null;
}

const isHttps = (request: Request, url: URL) =>
  url.protocol === 'https:' || request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';

/**
 * Outside production the console is open. In production it needs DEV_CONSOLE_TOKEN, presented
 * as a Bearer header, a `?token=` query (which also sets an HttpOnly cookie for the page's own
 * fetches and EventSource) or that cookie. Every candidate is compared in constant time.
 */
export function checkDevAccess(request: Request, url: URL, config: GuardConfig): GuardVerdict {
  if (!config.production) return { allowed: true };
  const secret = config.devConsoleToken;
  if (!secret) return { allowed: false };
  if (secretMatches(bearer(request), secret) || secretMatches(cookieValue(request, TOKEN_COOKIE), secret)) {
    return { allowed: true };
  }
  if (secretMatches(url.searchParams.get('token'), secret)) {
    const attributes = [
      `${TOKEN_COOKIE}=${encodeURIComponent(secret)}`,
      'Path=/dev',
      'HttpOnly',
      'SameSite=Strict',
      `Max-Age=${COOKIE_MAX_AGE_SECONDS}`,
    ];
    if (isHttps(request, url)) attributes.push('Secure');
    return { allowed: true, setCookie: attributes.join('; ') };
  }
  return { allowed: false };
}
