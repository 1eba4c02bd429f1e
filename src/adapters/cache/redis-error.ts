/**
 * A short, stable reason for /health and the logs. Raw ioredis messages name hosts and ports and
 * vary by failure; the reason must never carry a URL or a password, so it is picked from a fixed set.
 */
export function describeRedisError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const message = error instanceof Error ? error.message : '';
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ETIMEDOUT':
      return 'connect timed out';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'connection lost';
  }
  if (message === 'Command timed out') return 'command timed out';
  if (message.startsWith('Socket timeout')) return 'no reply from server';
  if (/WRONGPASS|NOAUTH|invalid password|invalid username/i.test(message)) return 'authentication failed';
  if (message.startsWith('OOM')) return 'server out of memory';
  if (message.startsWith('LOADING')) return 'server loading its data';
  if (/Connection is closed|Stream isn't writeable|MaxRetriesPerRequest/i.test(message))
    return 'connection lost';
  return 'request failed';
}
