import type { EffectHandler } from '../../runtime/types.ts';
import { type ScreenEffectDeps, showScreenEffect } from './screen-effect.ts';
import { vipEffects } from './vip-effects.ts';

/** The outbound effects machines may ask for, by action name. */
export function telegramEffects(deps: ScreenEffectDeps): Record<string, EffectHandler> {
  return { 'telegram.showScreen': showScreenEffect(deps), ...vipEffects(deps) };
}
