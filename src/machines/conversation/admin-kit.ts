import type { AdminAction } from './admin-actions.ts';
import { adminScreen } from './admin-screens.ts';
import type { AdminView } from './admin-view.ts';
import type { ConversationContext, ConversationEvent } from './types.ts';

/** Small pieces every admin state uses: reading the event, showing a screen, guarding a verb. */
type Admin<V extends AdminAction['do']> = Extract<ConversationEvent, { type: 'ADMIN' }> & {
  action: Extract<AdminAction, { do: V }>;
};
type Text = Extract<ConversationEvent, { type: 'TEXT' }>;
export type Args = { context: ConversationContext; event: ConversationEvent };

export const show = (view: (args: Args) => AdminView) => ({
  type: 'telegram.showScreen' as const,
  params: (args: Args) => adminScreen(args.event, view(args), args.context),
});
export const does = (verb: AdminAction['do']) => ({ type: 'adminDoes' as const, params: verb });
export const action = <V extends AdminAction['do']>(event: ConversationEvent) => (event as Admin<V>).action;
export const text = (event: ConversationEvent) => (event as Text).text ?? '';
export const adminId = (event: ConversationEvent) => (event as { userId: number }).userId;
export const byAdmin = (event: ConversationEvent) => (event as { admin?: boolean }).admin === true;
