import type { Update } from 'grammy/types';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { JOURNEY_WEBHOOK_SECRET } from './journey.ts';

/**
 * Telegram may deliver a bot's updates over up to 40 connections at once; the emulator delivers
 * one at a time. To race updates as Telegram can, a test stops the emulator's webhook delivery,
 * collects the updates the emulator queued (real ones: it knows their callback queries), and
 * posts them to the app's webhook together.
 */
export class ConcurrentWebhook {
  #offset = 0;

  constructor(
    readonly sandbox: Sandbox,
    readonly appUrl: string,
    readonly secret: string = JOURNEY_WEBHOOK_SECRET,
  ) {}

  /** Stops the emulator delivering by itself; updates wait for `take`. */
  async hold(): Promise<void> {
    await this.sandbox.callBotApi('deleteWebhook');
  }

  /** The emulator delivers by itself again. */
  async release(): Promise<void> {
    await this.sandbox.callBotApi('setWebhook', {
      url: `${this.appUrl}/telegram/webhook`,
      secret_token: this.secret,
    });
  }

  /** Every update queued since the last call, confirmed so that it is not handed out again. */
  async take(): Promise<Update[]> {
    const taken: Update[] = [];
    for (;;) {
      const batch = (await this.sandbox.callBotApi('getUpdates', {
        offset: this.#offset,
        limit: 100,
        timeout: 0,
      })) as Update[];
      if (batch.length === 0) return taken;
      taken.push(...batch);
      this.#offset = (batch.at(-1)?.update_id ?? 0) + 1;
    }
  }

  /** Posts one update as Telegram would; resolves with the HTTP status. */
  async post(update: unknown): Promise<number> {
    const response = await fetch(`${this.appUrl}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': this.secret },
      body: JSON.stringify(update),
    });
    await response.arrayBuffer();
    return response.status;
  }
}
