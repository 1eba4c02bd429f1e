import type { ConnectionPool } from '@databases/pg';
import { type Api, InputFile } from 'grammy';
import { describeInvitation } from '../../domain/invitations.ts';
import { getMembership } from '../../domain/memberships.ts';
import { getPackage, packagesForRole } from '../../domain/packages.ts';
import { getPlan } from '../../domain/plans.ts';
import { lastVariants, rememberVariants } from '../../domain/voice-memory.ts';
import type { ShowScreenParams } from '../../machines/conversation.ts';
import type { Clock } from '../../runtime/clock.ts';
import type { EffectHandler } from '../../runtime/types.ts';
import { contentDetail, contentEmpty, contentList, partOfDay } from '../../voice/index.ts';
import { type AdminLoadContext, loadAdminViewData, renderAdminView } from './admin-screens/index.ts';
import type { ApiForEffect } from './bot.ts';
import { contentRole, roleSees } from './content-access.ts';
import { CONTENT_PAGE_SIZE, renderContentList, renderPackageDetail } from './content-screens.ts';
import { callTelegram, classifyTelegramError, isTelegramError } from './errors.ts';
import { sendContent } from './post-effects.ts';
import { messageKeysOf, type RenderedScreen, renderScreen, type ScreenData } from './screens.ts';

export interface ScreenEffectDeps {
  api: ApiForEffect;
  db: ConnectionPool;
  clock: Clock;
  timeZone: string;
  /** The bot's @username, for deep links (known once the bot has called getMe). */
  botUsername: () => string;
  /** ADMIN_IDS: admins see every package. */
  adminIds: readonly number[];
  /** The snapshot cache, also holding the statistics for five minutes. */
  cache?: AdminLoadContext['cache'];
}

/** Reads what a screen shows: the person's membership, the inspected invitation. */
async function loadScreenData(deps: ScreenEffectDeps, params: ShowScreenParams): Promise<ScreenData> {
  const now = deps.clock.now();
  const data: ScreenData = {
    now,
    timeZone: deps.timeZone,
    partOfDay: partOfDay(new Date(now), deps.timeZone),
  };
  if (params.screen === 'vip') {
    const membership = await getMembership(deps.db, params.userId);
    const plan = membership?.planId ? await getPlan(deps.db, membership.planId) : undefined;
    data.membership = membership && { ...membership, planName: plan?.name ?? null };
  }
  if (params.screen === 'invitationInfo' && params.detail) {
    const found = await describeInvitation(deps.db, params.detail, new Date(now));
    data.invitation = found && {
      planName: found.plan.name,
      days: found.plan.durationDays,
      state: found.state,
      expiresAt: found.invitation.expiresAt.getTime(),
    };
  }
  return data;
}

/**
 * `telegram.showScreen`: draws the screen the conversation chose and sends it, or edits the
 * message the button was on. A message that cannot be edited any more is sent anew.
 */
export function showScreenEffect(deps: ScreenEffectDeps): EffectHandler {
  return async (raw, context) => {
    const params = raw as unknown as ShowScreenParams;
    const api = deps.api(context);
    // The admin sees the post as it will look, above the question of where to publish it.
    if (params.view?.kind === 'publishPreview' && params.mode === 'send') {
      const draft = params.view.draft;
      await callTelegram(() => sendContent(api, params.chatId, draft));
    }
    const screen =
      params.screen === 'admin'
        ? await drawAdminScreen(deps, params, api)
        : params.screen === 'content' || params.screen === 'package'
          ? await drawContent(deps, params)
          : await drawScreen(deps, params);
    const options = { parse_mode: 'HTML' as const, reply_markup: screen.keyboard };
    let messageId: number | undefined;
    if (params.mode === 'edit' && params.messageId !== undefined) {
      const editedId = params.messageId;
      try {
        await api.editMessageText(params.chatId, editedId, screen.text, options);
        messageId = editedId;
      } catch (error) {
        if (isTelegramError(error, 400, 'message is not modified')) messageId = editedId;
        else if (
          !isTelegramError(error, 400, 'message to edit not found') &&
          !isTelegramError(error, 400, "message can't be edited")
        ) {
          throw classifyTelegramError(error);
        }
      }
    }
    if (messageId === undefined) {
      messageId = (await callTelegram(() => api.sendMessage(params.chatId, screen.text, options))).message_id;
    }
    if (screen.document) {
      const { filename, content } = screen.document;
      await callTelegram(() =>
        api.sendDocument(params.chatId, new InputFile(Buffer.from(content, 'utf8'), filename)),
      );
    }
    rememberVariants(deps.db, params.userId, screen.shown);
    return { messageId };
  };
}

type Drawn = RenderedScreen & { document?: { filename: string; content: string }; photoFileId?: string };

/** What a person's role opens to them: the list, or one package (with its photo, if any). */
async function drawContent(deps: ScreenEffectDeps, params: ShowScreenParams): Promise<Drawn> {
  const now = deps.clock.date();
  const role = await contentRole(deps.db, params.userId, deps.adminIds.includes(params.userId), now);
  const keys = [contentList.key, contentEmpty.key, contentDetail.key];
  const lastShown = await lastVariants(deps.db, params.userId, keys);
  if (params.screen === 'package') {
    const pkg = await getPackage(deps.db, params.packageId ?? 0);
    return renderPackageDetail(pkg && roleSees(role, pkg) ? pkg : undefined, { lastShown });
  }
  const page = params.page ?? 0;
  const { items, total } = await packagesForRole(deps.db, role, {
    offset: page * CONTENT_PAGE_SIZE,
    limit: CONTENT_PAGE_SIZE,
  });
  return renderContentList(items, page, total, role, { lastShown });
}

async function drawScreen(deps: ScreenEffectDeps, params: ShowScreenParams): Promise<Drawn> {
  const [data, last] = await Promise.all([
    loadScreenData(deps, params),
    lastVariants(deps.db, params.userId, messageKeysOf(params)),
  ]);
  return renderScreen(params, data, last);
}

/** The custodian's screens: read what the view needs, then draw it (maybe with a file). */
async function drawAdminScreen(deps: ScreenEffectDeps, params: ShowScreenParams, api: Api): Promise<Drawn> {
  const view = params.view ?? { kind: 'home' };
  const now = deps.clock.now();
  const botUsername = deps.botUsername();
  const data = await loadAdminViewData(deps.db, view, {
    adminId: params.userId,
    now: new Date(now),
    botUsername,
    cache: deps.cache,
    timeZone: deps.timeZone,
    channelTitle: (chatId) =>
      api.getChat(chatId).then(
        (chat) => ('title' in chat ? chat.title : undefined),
        () => undefined,
      ),
  });
  return { ...renderAdminView(view, data, { timeZone: deps.timeZone, now, botUsername }), shown: new Map() };
}
