import { assign } from 'xstate';
import { POST_CAPTION_MAX, POST_TEXT_MAX, parseSetting } from './admin-input.ts';
import { type Args, action, adminId, byAdmin, does, show, text } from './admin-kit.ts';
import type { PostDraft } from './admin-view.ts';
import { conversationSetup } from './setup.ts';
import type { ConversationEvent } from './types.ts';

type Media = Extract<ConversationEvent, { type: 'MEDIA' }>;
type Forwarded = Extract<ConversationEvent, { type: 'CHANNEL_FORWARDED' }>;
type Checked = Extract<ConversationEvent, { type: 'CHANNEL_CHECKED' }>;

const toSettings = {
  guard: does('cancel'),
  target: 'browsing',
  actions: show(() => ({ kind: 'settings', notice: 'cancelled' })),
} as const;

/** The draft a message makes, or why it cannot be a post. */
function draftOf(event: ConversationEvent): PostDraft | 'unsupported' | 'too_long' {
  if (event.type === 'TEXT') {
    if (event.text.length > POST_TEXT_MAX) return 'too_long';
    return { kind: 'text', text: event.html ?? event.text };
  }
  const media = event as Media;
  if (media.kind === 'other' || !media.fileId) return 'unsupported';
  if (media.caption.length > POST_CAPTION_MAX) return 'too_long';
  return { kind: media.kind, text: media.captionHtml, fileId: media.fileId };
}

const composed = {
  guard: ({ event }: Args) => byAdmin(event) && typeof draftOf(event) === 'object',
  target: 'publishPreview',
  actions: [
    assign({ post: ({ context, event }: Args) => ({ ...context.post, draft: draftOf(event) as PostDraft }) }),
    show(({ context, event }) => ({
      kind: 'publishPreview',
      draft: draftOf(event) as PostDraft,
      reactions: context.post.reactions,
    })),
  ],
};
const refused = {
  guard: 'isAdmin' as const,
  actions: show(({ event }) => ({
    kind: 'publishCompose',
    problem: draftOf(event) as 'unsupported' | 'too_long',
  })),
};

/**
 * La calibración del reino and publishing: pointing the bot at a channel by forwarding one of
 * its posts, typed settings, and composing a post with a preview before it goes out.
 */
export const channelStates = {
  channelSetup: conversationSetup.createStateConfig({
    on: {
      ADMIN: toSettings,
      CHANNEL_FORWARDED: {
        guard: 'isAdmin',
        actions: {
          type: 'telegram.checkChannel',
          params: ({ context, event }) => ({
            channelId: (event as Forwarded).channelId,
            title: (event as Forwarded).title,
            role: context.setupRole ?? 'free',
            replyEvent: 'CHANNEL_CHECKED',
          }),
        },
      },
      CHANNEL_CHECKED: [
        {
          guard: ({ event }) => (event as Checked).ok && (event as Checked).result?.ok === true,
          target: 'browsing',
          actions: show(({ context, event }) => ({
            kind: 'channelSetup',
            role: context.setupRole ?? 'free',
            check: (event as Checked).result ?? { ok: true },
          })),
        },
        {
          actions: show(({ context, event }) => ({
            kind: 'channelSetup',
            role: context.setupRole ?? 'free',
            check: (event as Checked).result ?? { ok: false, missing: ['unreachable'] },
          })),
        },
      ],
    },
  }),
  settingEdit: conversationSetup.createStateConfig({
    on: {
      ADMIN: toSettings,
      TEXT: [
        {
          guard: ({ context, event }) =>
            byAdmin(event) &&
            context.settingField !== null &&
            parseSetting(context.settingField, text(event)).ok,
          target: 'browsing',
          actions: [
            {
              type: 'db.setting.update',
              params: ({ context, event }) => {
                const field = context.settingField ?? 'waitMinutes';
                const parsed = parseSetting(field, text(event));
                return { field, value: parsed.ok ? parsed.value : null };
              },
            },
            show(() => ({ kind: 'settings', notice: 'settingSaved' })),
          ],
        },
        {
          guard: 'isAdmin',
          actions: show(({ context, event }) => {
            const field = context.settingField ?? 'waitMinutes';
            const parsed = parseSetting(field, text(event));
            return { kind: 'settingEdit', field, ...(parsed.ok ? {} : { problem: parsed.problem }) };
          }),
        },
      ],
    },
  }),
  publishCompose: conversationSetup.createStateConfig({
    on: {
      ADMIN: {
        guard: does('cancel'),
        target: 'browsing',
        actions: show(() => ({ kind: 'home', notice: 'cancelled' })),
      },
      // One pair of transitions serves both kinds of message (typed where they are built).
      TEXT: [composed, refused] as never,
      MEDIA: [composed, refused] as never,
    },
  }),
  publishPreview: conversationSetup.createStateConfig({
    on: {
      ADMIN: [
        {
          guard: does('publishReactions'),
          actions: [
            assign({ post: ({ context }) => ({ ...context.post, reactions: !context.post.reactions }) }),
            // Params are read after the assign above: `reactions` is already the new choice.
            show(({ context }) => ({
              kind: 'publishPreview',
              draft: context.post.draft as PostDraft,
              reactions: context.post.reactions,
            })),
          ],
        },
        {
          guard: ({ context, event }) =>
            event.type === 'ADMIN' &&
            event.admin &&
            event.action.do === 'publishTo' &&
            context.post.draft !== null,
          target: 'browsing',
          actions: [
            {
              type: 'telegram.publishPost',
              params: ({ context, event }) => ({
                channel: action<'publishTo'>(event).channel,
                draft: context.post.draft as PostDraft,
                reactions: context.post.reactions,
                adminId: adminId(event),
              }),
            },
            assign({ post: ({ context }) => ({ ...context.post, draft: null }) }),
            show(({ event }) => ({ kind: 'published', channel: action<'publishTo'>(event).channel })),
          ],
        },
        {
          guard: does('publishChange'),
          target: 'publishCompose',
          actions: show(() => ({ kind: 'publishCompose' })),
        },
        {
          guard: does('cancel'),
          target: 'browsing',
          actions: [
            assign({ post: ({ context }) => ({ ...context.post, draft: null }) }),
            show(() => ({ kind: 'home', notice: 'cancelled' })),
          ],
        },
      ],
    },
  }),
};

/** Buttons that enter the states above, valid from any admin screen. */
export const channelTransitions = [
  {
    guard: does('channelSetup'),
    target: '.admin.channelSetup',
    actions: [
      assign({ setupRole: ({ event }: Args) => action<'channelSetup'>(event).role }),
      show(({ event }) => ({ kind: 'channelSetup', role: action<'channelSetup'>(event).role })),
    ],
  },
  {
    guard: does('settingEdit'),
    target: '.admin.settingEdit',
    actions: [
      assign({ settingField: ({ event }: Args) => action<'settingEdit'>(event).field }),
      show(({ event }) => ({ kind: 'settingEdit', field: action<'settingEdit'>(event).field })),
    ],
  },
  {
    guard: does('freeApproveReady'),
    target: '.admin.browsing',
    actions: [
      { type: 'free.approveReady' as const, params: ({ event }: Args) => ({ adminId: adminId(event) }) },
      show(() => ({ kind: 'freeQueue', filter: 'ready', page: 0, notice: 'freeApprovedReady' })),
    ],
  },
  {
    guard: does('publish'),
    target: '.admin.publishCompose',
    actions: show(() => ({ kind: 'publishCompose' })),
  },
];
