import type { ActorHost } from '../../runtime/host.ts';
import { SECURITY_HEADERS } from './responses.ts';

const PING_MS = 15_000;
const encoder = new TextEncoder();

/** The live actor streams of this process; each holds one commit listener. */
const open = new Set<() => void>();

/** How many actor streams (and so commit listeners) are open; tests check it drops on disconnect. */
export function openActorStreams(): number {
  return open.size;
}

/** Ends the given streams: a server that is stopping must not wait for a console tab. */
export function closeActorStreams(streams: Set<() => void>): void {
  for (const close of [...streams]) close();
}

const frame = (event: string, data: unknown) =>
  encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

/**
 * GET /dev/api/actors/:id/stream — Server-Sent Events: `actor` with `{ version, state }` now,
 * then one per commit of that actor in this process, and a `: ping` comment every 15 s. The
 * listener is removed when the client goes away (the request's signal) or the stream is
 * cancelled. Undefined when the actor does not exist.
 */
export async function actorStream(
  host: ActorHost,
  actorId: string,
  signal: AbortSignal,
  /** The streams of one console, which it ends when the app stops. */
  streams: Set<() => void>,
): Promise<Response | undefined> {
  let lastVersion = 0;
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  // Commits that arrive while the initial state is read wait here, so the first event is that state.
  const early: { version: number; state: string; eventType?: string }[] = [];
  const push = (data: { version: number; state: string; eventType?: string }) => {
    if (data.version <= lastVersion || !controller) return;
    lastVersion = data.version;
    controller.enqueue(frame('actor', data));
  };
  const unsubscribe = host.onCommit((commit) => {
    if (commit.actorId !== actorId) return;
    const data = { version: commit.version, state: commit.state, eventType: commit.eventType };
    if (controller) push(data);
    else early.push(data);
  });
  let ping: NodeJS.Timeout | undefined;
  const close = () => {
    if (!open.delete(close)) return;
    streams.delete(close);
    unsubscribe();
    clearInterval(ping);
    signal.removeEventListener('abort', close);
    try {
      controller?.close();
    } catch {
      // Already closed or errored by the client going away.
    }
  };
  open.add(close);
  streams.add(close);

  let initial: Awaited<ReturnType<ActorHost['read']>>;
  try {
    initial = await host.read(actorId);
  } catch (error) {
    close();
    throw error;
  }
  if (!initial || signal.aborted) {
    close();
    return undefined;
  }
  const first = { version: initial.version, state: initial.state };
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      push(first);
      for (const data of early) push(data);
      ping = setInterval(() => {
        try {
          c.enqueue(encoder.encode(': ping\n\n'));
        } catch {
          close();
        }
      }, PING_MS);
      ping.unref();
    },
    cancel: close,
  });
  signal.addEventListener('abort', close, { once: true });
  return new Response(body, {
    status: 200,
    headers: {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      'x-accel-buffering': 'no',
    },
  });
}
