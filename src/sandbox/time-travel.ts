import { z } from 'zod';
import type { App } from '../app.ts';

const advanceBody = z.object({
  seconds: z
    .number()
    .int()
    .min(1)
    .max(400 * 86_400),
});

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/**
 * Moves the app's clock forward and brings every timer with it, so that "three days later"
 * takes a second: waiting jobs move earlier by the same amount, and timers now due fire.
 */
export async function advanceClock(app: App, seconds: number): Promise<{ now: string; fired: number }> {
  app.clock.advance(seconds * 1000);
  await app.queue.bringForward(seconds * 1000);
  const fired = await app.host.fireDueTimers(10_000);
  await app.host.settle();
  return { now: app.clock.date().toISOString(), fired };
}

/**
 * `POST /clock/advance {"seconds": N}` under the sandbox mount; undefined for any other
 * path, so the caller hands the request on to the Bot API emulator.
 */
export function createTimeTravelHandler(app: () => App | undefined) {
  return (request: Request): Promise<Response> | undefined => {
    if (new URL(request.url).pathname !== '/clock/advance') return undefined;
    return (async () => {
      const current = app();
      if (request.method !== 'POST') return json(405, { ok: false, error: 'use POST' });
      if (!current) return json(503, { ok: false, error: 'the app is still starting' });
      const parsed = advanceBody.safeParse(await request.json().catch(() => undefined));
      if (!parsed.success)
        return json(400, { ok: false, error: 'expected {"seconds": a whole number from 1 to 34560000}' });
      return json(200, { ok: true, ...(await advanceClock(current, parsed.data.seconds)) });
    })();
  };
}
