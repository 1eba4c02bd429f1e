import { H3 } from 'h3';
import type { Logger } from '../log.ts';
import { checkHealth, type HealthDeps } from './health.ts';

export interface HttpAppOptions {
  health: HealthDeps;
  webhook: (request: Request) => Promise<Response>;
  /** GET /metrics (it guards itself: see observability/metrics-endpoint). */
  metrics?: (request: Request) => Promise<Response>;
  /** The developer console: every path under /dev (it guards itself). */
  dev?: (request: Request) => Promise<Response>;
  /** Extra fetch handlers mounted under a base path (the sandbox in sandbox mode). */
  mounts?: Record<string, (request: Request) => Promise<Response>>;
  log: Logger;
}

/**
 * The h3 app: /health, /metrics, the Telegram webhook, the /dev console and mounted handlers.
 * Errors are hidden from clients.
 */
export function createHttpApp(options: HttpAppOptions): H3 {
  const app = new H3({
    onError: (error, event) => {
      options.log.error({ err: error, path: event.url.pathname }, 'unhandled HTTP error');
    },
  });
  app.get('/health', async () => {
    const { code, report } = await checkHealth(options.health);
    return new Response(JSON.stringify(report), {
      status: code,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    });
  });
  const metrics = options.metrics;
  if (metrics) app.get('/metrics', (event) => metrics(event.req));
  app.post('/telegram/webhook', (event) => options.webhook(event.req));
  const dev = options.dev;
  if (dev) {
    // The console routes on the full path itself, so it is given the request as it came.
    app.all('/dev', (event) => dev(event.req));
    app.all('/dev/**', (event) => dev(event.req));
  }
  for (const [base, handler] of Object.entries(options.mounts ?? {})) {
    app.mount(base, { fetch: handler });
  }
  return app;
}
