import type { MemberFilter } from '../../machines/conversation/admin-view.ts';
import { days, daysLeft, formatDate } from '../format.ts';
import { escapeHtml, spoken } from '../html.ts';
import { fixed } from '../message.ts';
import { clip, type Expected, expectedPhrase, LABEL_MAX } from './admin-common.ts';

type MembershipStatus = 'ritual' | 'active' | 'expired' | 'revoked';
type Role = 'FREE' | 'VIP' | 'ADMIN';

const LIST_NAME_MAX = 32;
const REASON_MAX = 80;
const sampleZone = 'America/Mexico_City';
const sampleNow = Date.UTC(2026, 11, 15, 12);
const sampleEnd = Date.UTC(2026, 11, 27, 12);
const when = (at: number, timeZone: string) => formatDate(at, timeZone);

const filterNames: Record<MemberFilter, string> = {
  active: 'Activos',
  expiring: 'Por vencer',
  expired: 'Vencidos',
  all: 'Todos',
};

const filterTitles = (filter: MemberFilter, expiringDays: number): string =>
  filter === 'expiring' ? `por vencer en ${days(expiringDays)}` : filterNames[filter].toLowerCase();

export const adminMembersList = fixed(
  'admin.members',
  { filter: 'expiring' as MemberFilter, expiringDays: 7, total: 1, lines: ['👑 <b>Ana</b>'], pageLine: '' },
  (p: { filter: MemberFilter; expiringDays: number; total: number; lines: string[]; pageLine: string }) =>
    spoken(
      `👑 <b>Miembros del Diván</b> · ${filterTitles(p.filter, p.expiringDays)} · ${p.total}`,
      '',
      ...p.lines,
      ...(p.pageLine ? ['', p.pageLine] : []),
      '',
      'Elija un nombre para ver su ficha.',
    ),
);

const emptyWords: Record<MemberFilter, string> = {
  active: 'Nadie ocupa ahora un lugar en el Diván… La puerta espera a su primera invitación.',
  expiring: 'Ninguna membresía vence en los próximos días. El reino está en calma.',
  expired: 'Ninguna membresía ha terminado todavía.',
  all: 'El Diván aún no ha recibido a nadie.',
};

export const adminMembersEmpty = fixed(
  'admin.members.empty',
  { filter: 'active' as MemberFilter, expiringDays: 7 },
  (p: { filter: MemberFilter; expiringDays: number }) =>
    spoken(
      `👑 <b>Miembros del Diván</b> · ${filterTitles(p.filter, p.expiringDays)}`,
      '',
      emptyWords[p.filter],
    ),
);

interface Standing {
  status: MembershipStatus;
  expiresAt: number;
  now: number;
  timeZone: string;
}

/** An active membership whose end has passed reads as over, even before its timer fires. */
const isOver = (m: Standing) => m.status === 'active' && m.expiresAt <= m.now;

function standing(m: Standing): string {
  if (isOver(m) || m.status === 'expired') return `vencida el ${when(m.expiresAt, m.timeZone)}`;
  switch (m.status) {
    case 'active':
      return `activa · ⏳ ${days(daysLeft(m.expiresAt, m.now))}`;
    case 'ritual':
      return 'en el ritual de entrada';
    default:
      return 'acceso retirado por el custodio';
  }
}

const statusIcon = (m: Standing) =>
  isOver(m) ? '⌛' : ({ active: '👑', ritual: '🕯', expired: '⌛', revoked: '⛔' } as const)[m.status];

export const adminMemberLine = fixed<Standing & { name: string; planName: string | null }>(
  'admin.members.line',
  {
    name: 'Ana <i> (@ana)',
    planName: 'Oro & VIP',
    status: 'active',
    expiresAt: sampleEnd,
    now: sampleNow,
    timeZone: sampleZone,
  },
  (p) =>
    [
      `${statusIcon(p)} <b>${escapeHtml(clip(p.name, LIST_NAME_MAX))}</b>`,
      ...(p.planName ? [`<i>${escapeHtml(clip(p.planName, LIST_NAME_MAX))}</i>`] : []),
      standing(p),
    ].join(' · '),
);

const roleWords: Record<Role, string> = { FREE: 'vestíbulo', VIP: 'Diván', ADMIN: 'custodio' };
const statusWords: Record<MembershipStatus, string> = {
  active: 'activa',
  ritual: 'en el ritual de entrada',
  expired: 'vencida',
  revoked: 'retirada por el custodio',
};

export interface RoleChangeLine {
  at: number;
  from: Role | null;
  to: Role;
  reason: string;
}

export interface MemberProfileParams {
  name: string;
  username: string | null;
  userId: number;
  role: Role | null;
  membership: {
    planName: string | null;
    status: MembershipStatus;
    startedAt: number;
    expiresAt: number;
  } | null;
  changes: RoleChangeLine[];
  now: number;
  timeZone: string;
}

function membershipLines(p: MemberProfileParams): string[] {
  const m = p.membership;
  if (!m) return ['Sin membresía en el Diván.'];
  const over = isOver({ ...m, now: p.now, timeZone: p.timeZone });
  return [
    `Plan: ${m.planName ? `<i>${escapeHtml(m.planName)}</i>` : 'sin plan'} · ${over ? 'vencida' : statusWords[m.status]}`,
    `Desde el ${when(m.startedAt, p.timeZone)} · ${m.expiresAt > p.now ? 'vence' : 'venció'} el ${when(m.expiresAt, p.timeZone)}`,
    ...(m.status === 'active' && !over ? [`⏳ Le quedan ${days(daysLeft(m.expiresAt, p.now))}`] : []),
  ];
}

const changeLine = (c: RoleChangeLine, timeZone: string) =>
  `• ${when(c.at, timeZone)}: ${c.from ? roleWords[c.from] : 'recién llegado'} → ${roleWords[c.to]}${c.reason ? ` · <i>${escapeHtml(clip(c.reason, REASON_MAX))}</i>` : ''}`;

export const adminMemberProfile = fixed<MemberProfileParams>(
  'admin.member',
  {
    name: 'Ana <b>',
    username: 'ana',
    userId: 12345,
    role: 'VIP',
    membership: { planName: 'Oro & VIP', status: 'active', startedAt: sampleNow, expiresAt: sampleEnd },
    changes: [{ at: sampleNow, from: 'FREE', to: 'VIP', reason: 'Invitación <aceptada>' }],
    now: sampleNow,
    timeZone: sampleZone,
  },
  (p) =>
    spoken(
      `👑 <b>${escapeHtml(p.name)}</b>${p.username ? ` (@${escapeHtml(p.username)})` : ''}`,
      `Id ${p.userId} · rol: ${p.role ? roleWords[p.role] : 'sin registrar'}`,
      '',
      '<b>Membresía</b>',
      ...membershipLines(p),
      '',
      '<b>Últimos cambios de rol</b>',
      ...(p.changes.length > 0 ? p.changes.map((c) => changeLine(c, p.timeZone)) : ['Ninguno registrado.']),
    ),
);

export const adminMemberMissing = fixed(
  'admin.member.missing',
  {},
  () => '👑 No encuentro a esa persona en mis registros… Quizá nunca cruzó el vestíbulo.',
);

export const adminMemberExtend = fixed(
  'admin.member.extend',
  {
    name: 'Ana <b>',
    expiresAt: sampleEnd as number | null,
    timeZone: sampleZone,
    expected: { kind: 'whole', min: 1, max: 3650 } as Expected,
  },
  (p: { name: string; expiresAt: number | null; timeZone: string; expected: Expected }) =>
    spoken(
      `➕ <b>Extender la membresía de ${escapeHtml(p.name)}</b>`,
      p.expiresAt === null
        ? 'Ahora mismo no tiene membresía registrada.'
        : `Fin actual de su membresía: ${when(p.expiresAt, p.timeZone)}.`,
      '',
      `¿Cuántos días más le concedo? Escriba ${expectedPhrase(p.expected)}.`,
    ),
);

export const adminMemberConfirmRevoke = fixed(
  'admin.member.confirmRevoke',
  { name: 'Ana <b>' },
  (p: { name: string }) =>
    spoken(
      `⛔ ¿Retiro a <b>${escapeHtml(p.name)}</b> su acceso al Diván?`,
      'Su membresía terminará en este instante y la puerta del Diván se cerrará. Una nueva invitación podría devolverle su lugar.',
    ),
);

export const adminMemberButtons = {
  extend: '➕ Extender',
  revoke: '⛔ Revocar acceso',
  confirmRevoke: '✅ Sí, retirar acceso',
  backToMembers: '⬅️ Miembros',
  backToMember: '⬅️ Volver a la ficha',
  filters: filterNames,
} as const;

/** A member's button: the name as `personName` says it, shortened for a phone. */
export const memberButtonLabel = (name: string): string => clip(name, LABEL_MAX);
