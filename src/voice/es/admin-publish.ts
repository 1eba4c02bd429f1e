import type { ChannelRole, PostDraft } from '../../machines/conversation/admin-view.ts';
import { escapeHtml, spoken } from '../html.ts';
import { fixed } from '../message.ts';
import { type ChannelFacts, channelWords, reactionWords } from './admin-settings.ts';

/** Telegram's limits on what one post carries. */
export const POST_LIMITS = { textMax: 4096, captionMax: 1024 } as const;

type ComposeProblem = 'unsupported' | 'too_long';

const composeProblemWords: Record<ComposeProblem, string> = {
  unsupported:
    '⚠️ Eso no sé publicarlo… Acepto un texto, o una foto o un vídeo con su pie; los stickers, audios, documentos y encuestas se quedan fuera.',
  too_long: `⚠️ Es demasiado extenso para una sola publicación: un texto admite hasta ${POST_LIMITS.textMax} caracteres, y el pie de una foto o un vídeo, hasta ${POST_LIMITS.captionMax}.`,
};

/** One line, placed under the header of the compose prompt when the last post was refused. */
export const adminPublishProblem = fixed(
  'admin.publish.problem',
  { problem: 'too_long' as ComposeProblem },
  (p: { problem: ComposeProblem }) => composeProblemWords[p.problem],
);

export const adminPublishCompose = fixed('admin.publish.compose', {}, () =>
  spoken(
    '📣 <b>Nueva publicación</b>',
    '',
    'Envíeme lo que desea publicar: un texto, o una foto o un vídeo con su pie.',
    'Antes de que llegue a ningún canal, se lo mostraré tal como se verá.',
  ),
);

const draftWords: Record<PostDraft['kind'], string> = {
  text: 'un texto',
  photo: 'una foto con su pie',
  video: 'un vídeo con su pie',
};

export interface PublishTargets {
  vip: ChannelFacts;
  free: ChannelFacts;
  vipReactions: string[];
  freeReactions: string[];
}

const sampleTargets: PublishTargets = {
  vip: { id: -1001234567890, title: 'El Diván <de Diana>' },
  free: { id: null, title: null },
  vipReactions: ['❤️', '🔥'],
  freeReactions: [],
};

/** The draft is shown just above; this asks where it goes. `targets` is undefined when unknown. */
export const adminPublishPreview = fixed(
  'admin.publish.preview',
  {
    kind: 'photo' as PostDraft['kind'],
    reactions: true,
    targets: sampleTargets as PublishTargets | undefined,
  },
  (p: { kind: PostDraft['kind']; reactions: boolean; targets: PublishTargets | undefined }) => {
    const t = p.targets;
    const reactions = p.reactions
      ? [
          '💬 Botones de reacción: <b>sí</b>',
          ...(t
            ? [`👑 Diván: ${reactionWords(t.vipReactions)} · 🌸 Vestíbulo: ${reactionWords(t.freeReactions)}`]
            : []),
        ]
      : ['💬 Botones de reacción: <b>no</b>, la publicación irá sin ellos'];
    const unset = t
      ? [
          ...(t.vip.id === null ? ['👑 El Diván aún no tiene canal: puede señalarlo en ⚙️ Calibración.'] : []),
          ...(t.free.id === null
            ? ['🌸 El vestíbulo aún no tiene canal: puede señalarlo en ⚙️ Calibración.']
            : []),
        ]
      : [];
    return spoken(
      '📣 <b>Vista previa</b>',
      `Arriba tiene ${draftWords[p.kind]}, tal como se verá en el canal.`,
      '',
      ...reactions,
      '',
      ...(t ? [`👑 Diván: ${channelWords(t.vip)}`, `🌸 Vestíbulo: ${channelWords(t.free)}`, ''] : []),
      ...(unset.length > 0 ? [...unset, ''] : []),
      '¿Dónde la publico?',
    );
  },
);

const placeWords: Record<ChannelRole, string> = { vip: '👑 el Diván', free: '🌸 el vestíbulo' };

export const adminPublished = fixed(
  'admin.published',
  { channel: 'free' as ChannelRole, title: 'Jardín <público>' as string | null },
  (p: { channel: ChannelRole; title: string | null }) =>
    spoken(
      `📣 Hecho: su publicación ya está en ${placeWords[p.channel]}${p.title ? ` (<b>${escapeHtml(p.title)}</b>)` : ''}.`,
      '¿Prepara otra?',
    ),
);

export const adminPublishButtons = {
  toVip: '👑 Publicar en el Diván',
  toFree: '🌸 Publicar en vestíbulo',
  reactionsOn: '✅ Reacciones: sí',
  reactionsOff: '⬜ Reacciones: no',
  change: '✏️ Cambiar',
  another: '📣 Otra publicación',
} as const;
