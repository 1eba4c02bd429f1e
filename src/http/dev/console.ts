import type { ConnectionPool } from '@databases/pg';
import type { Logger } from '../../log.ts';
import type { Clock } from '../../runtime/clock.ts';
import type { ActorHost } from '../../runtime/host.ts';
import type { MachineRegistry } from '../../runtime/registry.ts';
import { actorDetail, actorEvents, actorExists, isActorId, searchActors } from './actors.ts';
import { serveAsset, serveConsolePage } from './assets.ts';
import { checkDevAccess, type GuardConfig } from './guard.ts';
import { listMachines, machineDiagram } from './machines.ts';
import { fail, json } from './responses.ts';
import { actorStream, closeActorStreams } from './stream.ts';

export interface DevConsoleOptions {
  db: ConnectionPool;
  registry: MachineRegistry;
  config: GuardConfig;
  clock: Clock;
  /** Whether the app runs against the sandbox (the console then offers its chat). */
  sandbox: boolean;
  log: Logger;
}

export interface DevConsole {
  /** The fetch handler for every path under /dev. */
  handle(request: Request): Promise<Response>;
  /** The actor host, once it exists (it comes up after the HTTP server); until then, 503. */
  attach(host: ActorHost): void;
  /** Ends the live streams, so that the server can stop. */
  close(): void;
}

type Route = (request: Request, url: URL, parts: string[], host: ActorHost) => Promise<Response | undefined>;

const decode = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
};

/** A whole number in [min, max], undefined when absent, NaN when present and invalid. */
function intParam(url: URL, name: string, min: number, max: number): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return undefined;
  const value = /^\d{1,16}$/.test(raw) ? Number(raw) : Number.NaN;
  return value >= min && value <= max ? value : Number.NaN;
}

/**
 * The developer console's server: its page and assets, and a read-only JSON API over the
 * machines and actors (plus a live stream of one actor). Nothing here writes.
 */
export function createDevConsole(options: DevConsoleOptions): DevConsole {
  const { db, registry, clock, log } = options;
  let host: ActorHost | undefined;
  const streams = new Set<() => void>();

  const actorRoute: Route = async (request, url, parts, h) => {
    const id = decode(parts[0] ?? '');
    if (id === undefined || !isActorId(id)) return fail(400, 'malformed actor id');
    if (parts.length === 1) {
      const detail = await actorDetail(db, id);
      return detail ? json(200, detail) : fail(404, 'unknown actor');
    }
    if (parts.length === 2 && parts[1] === 'events') {
      const limit = intParam(url, 'limit', 1, 100) ?? 20;
      const before = intParam(url, 'before', 1, Number.MAX_SAFE_INTEGER);
      if (Number.isNaN(limit)) return fail(400, 'limit must be a whole number from 1 to 100');
      if (Number.isNaN(before)) return fail(400, 'before must be a positive version');
      if (!(await actorExists(db, id))) return fail(404, 'unknown actor');
      return json(200, await actorEvents(db, id, { before, limit }));
    }
    if (parts.length === 2 && parts[1] === 'stream') {
      return (await actorStream(h, id, request.signal, streams)) ?? fail(404, 'unknown actor');
    }
    return undefined;
  };

  const apiRoute: Route = async (request, url, parts, h) => {
    const [resource, ...rest] = parts;
    if (resource === 'mode' && rest.length === 0) {
      return json(200, {
        sandbox: options.sandbox,
        now: clock.date().toISOString(),
        machines: registry.all().length,
      });
    }
    if (resource === 'machines' && rest.length === 0) return json(200, listMachines(registry));
    if (resource === 'machines' && rest.length === 2 && rest[1] === 'diagram') {
      const name = decode(rest[0] ?? '');
      if (name === undefined) return fail(400, 'malformed machine name');
      return machineDiagram(registry, name, url.searchParams.get('active'));
    }
    if (resource === 'actors' && rest.length === 0) {
      const q = url.searchParams.get('q') ?? '';
      if (q.length > 200) return fail(400, 'query too long');
      return json(200, await searchActors(db, q));
    }
    if (resource === 'actors' && rest.length > 0) return actorRoute(request, url, rest, h);
    return undefined;
  };

  const route = async (request: Request, url: URL): Promise<Response> => {
    const parts = url.pathname.split('/').slice(2);
    if (parts.length === 0 || (parts.length === 1 && parts[0] === '')) {
      return (await serveConsolePage(request)) ?? fail(404, 'the console page is missing');
    }
    if (parts[0] === 'assets' && parts.length === 2) {
      const name = decode(parts[1] ?? '');
      return (name !== undefined && (await serveAsset(request, name))) || fail(404, 'no such asset');
    }
    if (parts[0] === 'api') {
      if (!host) return fail(503, 'starting');
      return (await apiRoute(request, url, parts.slice(1), host)) ?? fail(404, 'no such route');
    }
    return fail(404, 'no such route');
  };

  return {
    async handle(request) {
      const url = new URL(request.url);
      const verdict = checkDevAccess(request, url, options.config);
      if (!verdict.allowed) {
        log.warn({ path: url.pathname }, 'dev console request without a valid token');
        return json(401, { ok: false, error: 'unauthorized' }, { 'www-authenticate': 'Bearer' });
      }
      let response: Response;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response = fail(405, 'the console is read-only: GET only');
      } else {
        try {
          response = await route(request, url);
        } catch (error) {
          log.error({ err: error, path: url.pathname }, 'dev console request failed');
          response = fail(500, 'internal error');
        }
      }
      if (verdict.setCookie) response.headers.append('set-cookie', verdict.setCookie);
      return response;
    },
    attach(h) {
      host = h;
    },
    close() {
      closeActorStreams(streams);
    },
  };
}
