import type { InvitationFilter } from '../../machines/conversation/admin-view.ts';
import { days, formatDate } from '../format.ts';
import { escapeHtml, spoken } from '../html.ts';
import { fixed } from '../message.ts';
import { clip, type Expected, expectedPhrase } from './admin-common.ts';

type InvitationState = Exclude<InvitationFilter, 'all'>;

const LIST_NAME_MAX = 32;
const sampleZone = 'America/Mexico_City';
const sampleEnd = Date.UTC(2026, 11, 27, 12);
const when = (at: number, timeZone: string) => formatDate(at, timeZone);

export const adminInvitationsHome = fixed('admin.invitations', {}, () =>
  spoken(
    '🗝️ <b>Las llaves del Diván</b>',
    '',
    'Cada invitación abre la puerta una sola vez, para el plan que usted elija y durante el tiempo que usted fije.',
    '',
    '¿Forjamos llaves nuevas o revisamos las que ya circulan?',
  ),
);

export const adminInvitationPlanPick = fixed(
  'admin.invitations.plan',
  { pageLine: 'Página 1 de 2' },
  (p: { pageLine: string }) =>
    spoken(
      '🗝️ <b>Crear invitaciones</b> · paso 1 de 3',
      '',
      '¿Para qué plan serán? Solo le muestro los planes activos.',
      ...(p.pageLine ? ['', p.pageLine] : []),
    ),
);

export const adminInvitationPlanEmpty = fixed('admin.invitations.plan.empty', {}, () =>
  spoken(
    '🗝️ No hay ningún plan activo para el que emitir invitaciones…',
    'Cree uno en 📋 Planes, o reactive uno en pausa, y vuelva aquí: las llaves estarán listas en un instante.',
  ),
);

const planLine = (name: string, planDays: number) =>
  `Plan: <b>${escapeHtml(name)}</b> · ${days(planDays)} de Diván`;

export const adminInvitationValidity = fixed(
  'admin.invitations.validity',
  {
    planName: 'Oro <VIP>',
    planDays: 30,
    defaultDays: 7,
    expected: { kind: 'whole', min: 1, max: 365 } as Expected,
  },
  (p: { planName: string; planDays: number; defaultDays: number; expected: Expected }) =>
    spoken(
      '🗝️ <b>Crear invitaciones</b> · paso 2 de 3',
      planLine(p.planName, p.planDays),
      '',
      '¿Durante cuánto tiempo podrán usarse? Pasado ese plazo, la llave deja de abrir.',
      `Elija una opción (lo habitual son ${days(p.defaultDays)}) o escriba ${expectedPhrase(p.expected)}.`,
    ),
);

export const adminInvitationCount = fixed(
  'admin.invitations.count',
  {
    planName: 'Oro <VIP>',
    planDays: 30,
    validDays: 7,
    expected: { kind: 'whole', min: 1, max: 500 } as Expected,
  },
  (p: { planName: string; planDays: number; validDays: number; expected: Expected }) =>
    spoken(
      '🗝️ <b>Crear invitaciones</b> · paso 3 de 3',
      planLine(p.planName, p.planDays),
      `Válidas durante ${days(p.validDays)}`,
      '',
      `¿Cuántas forjo? Elija una cifra o escriba ${expectedPhrase(p.expected)}.`,
    ),
);

interface Batch {
  planName: string;
  expiresAt: number;
  timeZone: string;
}

const sampleBatch: Batch = { planName: 'Oro <VIP>', expiresAt: sampleEnd, timeZone: sampleZone };

export const adminInvitationCreatedOne = fixed(
  'admin.invitations.createdOne',
  { ...sampleBatch, link: 'https://t.me/LucienBot?start=Zq3xL0mN8pR2sT4vW6yA1c' },
  (p: Batch & { link: string }) =>
    spoken(
      '🗝️ <b>Su invitación está lista</b>',
      `Plan: <b>${escapeHtml(p.planName)}</b>`,
      `Válida hasta el <b>${when(p.expiresAt, p.timeZone)}</b>`,
      '',
      escapeHtml(p.link),
      '',
      'Entréguela solo a quien Diana desee recibir: abre la puerta una única vez.',
    ),
);

export const adminInvitationCreatedMany = fixed(
  'admin.invitations.createdMany',
  { ...sampleBatch, count: 50 },
  (p: Batch & { count: number }) =>
    spoken(
      `🗝️ <b>${p.count} invitaciones listas</b>`,
      `Plan: <b>${escapeHtml(p.planName)}</b>`,
      `Válidas hasta el <b>${when(p.expiresAt, p.timeZone)}</b>`,
      '',
      'Le entrego el archivo con todos los enlaces, uno por línea. Cada uno abre la puerta una única vez.',
    ),
);

/** The first line of the file of links. Plain text, not HTML: the name goes in as typed. */
export const adminInvitationFileHeader = fixed(
  'admin.invitations.fileHeader',
  { planName: 'Oro', count: 50, expiresAt: sampleEnd, timeZone: sampleZone },
  (p: Batch & { count: number }) =>
    `Invitaciones al Diván · ${p.planName} · ${p.count} enlaces de un solo uso · válidas hasta el ${when(p.expiresAt, p.timeZone)}`,
);

export const adminInvitationBatchMissing = fixed(
  'admin.invitations.batchMissing',
  {},
  () => '🗝️ No encuentro ese lote de invitaciones en mis registros… Puede consultarlas todas en la lista.',
);

const filterNames: Record<InvitationFilter, string> = {
  available: 'Disponibles',
  used: 'Usadas',
  expired: 'Caducadas',
  revoked: 'Retiradas',
  all: 'Todas',
};

export const adminInvitationList = fixed(
  'admin.invitations.list',
  {
    filter: 'available' as InvitationFilter,
    total: 1,
    lines: ['🗝️ <b>Zq3xL0…</b>'],
    pageLine: '',
    revocable: true,
  },
  (p: { filter: InvitationFilter; total: number; lines: string[]; pageLine: string; revocable: boolean }) =>
    spoken(
      `🗝️ <b>Invitaciones</b> · ${filterNames[p.filter]} · ${p.total}`,
      '',
      ...p.lines,
      ...(p.pageLine ? ['', p.pageLine] : []),
      ...(p.revocable ? ['', 'Con ⛔ retiro una invitación que aún nadie ha usado.'] : []),
    ),
);

const emptyWords: Record<InvitationFilter, string> = {
  available: 'Ninguna invitación espera a ser usada en este momento.',
  used: 'Aún nadie ha cruzado la puerta con una de sus invitaciones.',
  expired: 'Ninguna invitación ha caducado sin usarse.',
  revoked: 'No ha retirado ninguna invitación.',
  all: 'Todavía no se ha emitido ninguna invitación.',
};

export const adminInvitationListEmpty = fixed(
  'admin.invitations.list.empty',
  { filter: 'used' as InvitationFilter },
  (p: { filter: InvitationFilter }) =>
    spoken(`🗝️ <b>Invitaciones</b> · ${filterNames[p.filter]}`, '', emptyWords[p.filter]),
);

export interface InvitationLineParams {
  prefix: string;
  planName: string;
  state: InvitationState;
  /** Who used it, as `personName` says it (plain text). */
  usedBy: string | null;
  usedAt: number | null;
  revokedAt: number | null;
  expiresAt: number;
  timeZone: string;
}

const stateIcons: Record<InvitationState, string> = {
  available: '🗝️',
  used: '✅',
  expired: '⌛',
  revoked: '⛔',
};

function stateWords(p: InvitationLineParams): string {
  switch (p.state) {
    case 'available':
      return `disponible hasta el ${when(p.expiresAt, p.timeZone)}`;
    case 'used':
      return `usada por ${escapeHtml(clip(p.usedBy ?? 'alguien', LIST_NAME_MAX))}${p.usedAt === null ? '' : ` el ${when(p.usedAt, p.timeZone)}`}`;
    case 'expired':
      return `caducó el ${when(p.expiresAt, p.timeZone)}`;
    case 'revoked':
      return `retirada${p.revokedAt === null ? '' : ` el ${when(p.revokedAt, p.timeZone)}`}`;
  }
}

export const adminInvitationLine = fixed<InvitationLineParams>(
  'admin.invitations.line',
  {
    prefix: 'Zq3xL0…',
    planName: 'Oro & <VIP>',
    state: 'used',
    usedBy: 'Ana <i> (@ana)',
    usedAt: Date.UTC(2026, 11, 20, 12),
    revokedAt: null,
    expiresAt: sampleEnd,
    timeZone: sampleZone,
  },
  (p) =>
    `${stateIcons[p.state]} <b>${escapeHtml(p.prefix)}</b> · <i>${escapeHtml(clip(p.planName, LIST_NAME_MAX))}</i> · ${stateWords(p)}`,
);

export const adminInvitationConfirmRevoke = fixed(
  'admin.invitations.confirmRevoke',
  { prefix: 'Zq3xL0…', ...sampleBatch },
  (p: Batch & { prefix: string }) =>
    spoken(
      `⛔ ¿Retiro la invitación <b>${escapeHtml(p.prefix)}</b>?`,
      `Plan <b>${escapeHtml(p.planName)}</b>, disponible hasta el ${when(p.expiresAt, p.timeZone)}.`,
      '',
      'Quien la tenga ya no podrá usarla, y la decisión no tiene vuelta atrás.',
    ),
);

const gone: Record<Exclude<InvitationState, 'available'>, string> = {
  used: 'ya fue usada',
  expired: 'ya caducó',
  revoked: 'ya fue retirada',
};

export const adminInvitationNotRevocable = fixed(
  'admin.invitations.notRevocable',
  { prefix: 'Zq3xL0…', state: 'used' as Exclude<InvitationState, 'available'> },
  (p: { prefix: string; state: Exclude<InvitationState, 'available'> }) =>
    `🗝️ La invitación <b>${escapeHtml(p.prefix)}</b> ${gone[p.state]}: no queda nada que retirar.`,
);

export const adminInvitationMissing = fixed(
  'admin.invitations.missing',
  {},
  () => '🗝️ Esa invitación ya no figura en mis registros…',
);

export const adminInvitationButtons = {
  create: '➕ Crear invitaciones',
  list: '📜 Ver invitaciones',
  more: '🗝️ Más para este plan',
  confirmRevoke: '✅ Sí, retirarla',
  backToInvitations: '⬅️ Invitaciones',
  backToList: '⬅️ Volver a la lista',
  filters: filterNames,
} as const;

export const invitationValidityLabel = (n: number): string => days(n);
export const invitationCountLabel = (n: number): string => String(n);
export const invitationRevokeLabel = (prefix: string): string => `⛔ ${prefix}`;
