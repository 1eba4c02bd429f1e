import type { Logger } from '../../log.ts';
import type { ActorEvent, EffectHandler } from '../../runtime/types.ts';
import { channelEffects } from './channel-effects.ts';
import { freeEffects } from './free-effects.ts';
import { peopleEffects } from './people-effects.ts';
import { postEffects } from './post-effects.ts';
import { type ScreenEffectDeps, showScreenEffect } from './screen-effect.ts';
import { vipEffects } from './vip-effects.ts';

export interface TelegramEffectDeps extends ScreenEffectDeps {
  botId: () => number;
  adminIds: readonly number[];
  log: Logger;
  /** Sends an event to an actor (the host, once it exists). */
  sendToActor: (actorId: string, event: ActorEvent) => Promise<unknown>;
}

/** The outbound effects machines may ask for, by action name. */
export function telegramEffects(deps: TelegramEffectDeps): Record<string, EffectHandler> {
  return {
    'telegram.showScreen': showScreenEffect(deps),
    ...vipEffects(deps),
    ...freeEffects(deps),
    ...channelEffects(deps),
    ...postEffects(deps),
    ...peopleEffects(deps),
  };
}
