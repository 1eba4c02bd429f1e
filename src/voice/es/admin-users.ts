import type { ManagedRole, RoleRefusal, UserFilter } from '../../machines/conversation/admin-view.ts';
import { days, daysLeft, formatDate } from '../format.ts';
import { escapeHtml, spoken } from '../html.ts';
import { fixed } from '../message.ts';
import { clip, LABEL_MAX } from './admin-common.ts';

type MembershipStatus = 'ritual' | 'active' | 'expired' | 'revoked';

const LIST_NAME_MAX = 32;
const PACKAGE_NAME_MAX = 40;
const REASON_MAX = 80;
const sampleZone = 'America/Mexico_City';
const sampleNow = Date.UTC(2026, 10, 27, 15);
const sampleEnd = Date.UTC(2026, 11, 9, 15);
const when = (at: number, timeZone: string) => formatDate(at, timeZone);

const filterNames: Record<UserFilter, string> = { all: 'Todos', vip: '👑 VIP', free: '🌸 Gratuitos' };
const filterTitles: Record<UserFilter, string> = {
  all: 'todas',
  vip: 'del Diván',
  free: 'del vestíbulo',
};

/** How a role reads in a sentence ("de gratuito a VIP"). */
const roleWords: Record<ManagedRole, string> = { FREE: 'gratuito', VIP: 'VIP', ADMIN: 'custodio' };
const roleIcons: Record<ManagedRole, string> = { FREE: '🌸', VIP: '👑', ADMIN: '🛡️' };

/** "Ana (@ana)", "Ana (#12345)", "@ana": a person on the list of people. */
export function userListName(p: { name?: string | null; username?: string | null; id: number }): string {
  const name = p.name?.trim();
  const handle = p.username ? `@${p.username}` : `#${p.id}`;
  return name ? `${name} (${handle})` : handle;
}

/** What a person holds in the Diván, in a few words. */
export interface UserMembershipFacts {
  status: MembershipStatus;
  planName: string | null;
  expiresAt: number;
}

/** An active membership whose end has passed reads as over, even before its timer fires. */
const isOver = (m: UserMembershipFacts, now: number) => m.status === 'active' && m.expiresAt <= now;

function summaryWords(m: UserMembershipFacts | null, now: number, timeZone: string): string {
  if (!m) return 'sin membresía';
  if (isOver(m, now) || m.status === 'expired') return `venció el ${when(m.expiresAt, timeZone)}`;
  switch (m.status) {
    case 'active':
      return `⏳ ${days(daysLeft(m.expiresAt, now))}`;
    case 'ritual':
      return 'en el ritual de entrada';
    default:
      return 'acceso retirado';
  }
}

export interface UserLineParams {
  /** As `userListName` says it (plain text). */
  name: string;
  role: ManagedRole;
  membership: UserMembershipFacts | null;
  now: number;
  timeZone: string;
}

export const adminUserLine = fixed<UserLineParams>(
  'admin.users.line',
  {
    name: 'Ana <i> (@ana)',
    role: 'VIP',
    membership: { status: 'active', planName: 'Oro & VIP', expiresAt: sampleEnd },
    now: sampleNow,
    timeZone: sampleZone,
  },
  (p) =>
    [
      `${roleIcons[p.role]} <b>${escapeHtml(clip(p.name, LIST_NAME_MAX))}</b>`,
      roleWords[p.role],
      ...(p.membership?.planName ? [`<i>${escapeHtml(clip(p.membership.planName, LIST_NAME_MAX))}</i>`] : []),
      summaryWords(p.membership, p.now, p.timeZone),
    ].join(' · '),
);

export const adminUsersList = fixed(
  'admin.users',
  { filter: 'all' as UserFilter, total: 1, lines: ['👑 <b>Ana (@ana)</b> · VIP · ⏳ 12 días'], pageLine: '' },
  (p: { filter: UserFilter; total: number; lines: string[]; pageLine: string }) =>
    spoken(
      `👥 <b>Las personas del reino</b> · ${filterTitles[p.filter]} · ${p.total}`,
      '',
      ...p.lines,
      ...(p.pageLine ? ['', p.pageLine] : []),
      '',
      'Elija un nombre para ver su ficha, o pídame que busque a alguien en concreto.',
    ),
);

const emptyWords: Record<UserFilter, string> = {
  all: 'Aún no ha cruzado nadie la puerta del reino… Mis registros esperan su primer nombre.',
  vip: 'Nadie ocupa ahora un lugar en el Diván.',
  free: 'Nadie aguarda ahora en el vestíbulo sin otro lugar en el reino.',
};

export const adminUsersEmpty = fixed(
  'admin.users.empty',
  { filter: 'vip' as UserFilter },
  (p: { filter: UserFilter }) =>
    spoken(`👥 <b>Las personas del reino</b> · ${filterTitles[p.filter]}`, '', emptyWords[p.filter]),
);

export const adminUserFind = fixed('admin.users.find', {}, () =>
  spoken(
    '🔎 <b>Buscar a una persona</b>',
    '',
    'Dígame a quién busca: escriba su número de Telegram (por ejemplo, 123456789) o su nombre de usuario con @ (por ejemplo, @diana).',
  ),
);

const findProblemWords: Record<'not_found' | 'empty', string> = {
  not_found:
    '⚠️ No encuentro a nadie con ese número ni con ese nombre de usuario… Quizá nunca cruzó la puerta del reino. Puede intentarlo con otro dato.',
  empty: '⚠️ No he recibido nada que buscar… Le ruego que escriba un número o un nombre de usuario con @.',
};

/** One line, under the header of the search prompt. */
export const adminUserFindProblem = fixed(
  'admin.users.find.problem',
  { problem: 'not_found' as 'not_found' | 'empty' },
  (p: { problem: 'not_found' | 'empty' }) => findProblemWords[p.problem],
);

const refusalWords: Record<RoleRefusal, string> = {
  self: '⚠️ Usted no puede cambiar su propio rol: ni siquiera un custodio se nombra ni se destituye a sí mismo.',
  super_admin_only:
    '⚠️ Solo el custodio principal —el primero de la lista de custodios— puede cambiar el rol de otro custodio.',
};

/** Why a role change was not made: one line under the header of the profile. */
export const adminUserRefused = fixed(
  'admin.user.refused',
  { refusal: 'super_admin_only' as RoleRefusal },
  (p: { refusal: RoleRefusal }) => refusalWords[p.refusal],
);

const statusWords: Record<MembershipStatus, string> = {
  active: 'activa',
  ritual: 'en el ritual de entrada',
  expired: 'vencida',
  revoked: 'retirada por el custodio',
};

export interface UserRoleChangeLine {
  at: number;
  from: ManagedRole | null;
  to: ManagedRole;
  reason: string;
}

export interface UserInterestLine {
  at: number;
  packageName: string;
  attended: boolean;
}

export interface UserProfileParams {
  name: string;
  username: string | null;
  userId: number;
  role: ManagedRole;
  membership: (UserMembershipFacts & { startedAt: number }) | null;
  changes: UserRoleChangeLine[];
  interests: UserInterestLine[];
  now: number;
  timeZone: string;
}

function membershipLines(p: UserProfileParams): string[] {
  const m = p.membership;
  if (!m) return ['Sin membresía en el Diván.'];
  const over = isOver(m, p.now);
  return [
    `Plan: ${m.planName ? `<i>${escapeHtml(m.planName)}</i>` : 'sin plan'} · ${over ? 'vencida' : statusWords[m.status]}`,
    `Desde el ${when(m.startedAt, p.timeZone)} · ${m.expiresAt > p.now ? 'vence' : 'venció'} el ${when(m.expiresAt, p.timeZone)}`,
    ...(m.status === 'active' && !over ? [`⏳ Le quedan ${days(daysLeft(m.expiresAt, p.now))}`] : []),
  ];
}

const changeLine = (c: UserRoleChangeLine, timeZone: string) =>
  `• ${when(c.at, timeZone)}: ${c.from ? roleWords[c.from] : 'recién llegado'} → ${roleWords[c.to]}${c.reason ? ` · <i>${escapeHtml(clip(c.reason, REASON_MAX))}</i>` : ''}`;

const interestLine = (i: UserInterestLine, timeZone: string) =>
  `• ${when(i.at, timeZone)}: <i>${escapeHtml(clip(i.packageName, PACKAGE_NAME_MAX))}</i> · ${i.attended ? '✅ atendido' : '🕯 pendiente'}`;

export const adminUserProfile = fixed<UserProfileParams>(
  'admin.user',
  {
    name: 'Ana <b>',
    username: 'ana',
    userId: 12345,
    role: 'VIP',
    membership: { planName: 'Oro & VIP', status: 'active', startedAt: sampleNow, expiresAt: sampleEnd },
    changes: [{ at: sampleNow, from: 'FREE', to: 'VIP', reason: 'Invitación <aceptada>' }],
    interests: [{ at: sampleNow, packageName: 'Sesión <privada>', attended: false }],
    now: sampleNow,
    timeZone: sampleZone,
  },
  (p) =>
    spoken(
      `${roleIcons[p.role]} <b>${escapeHtml(p.name)}</b>${p.username ? ` (@${escapeHtml(p.username)})` : ''}`,
      `Id ${p.userId} · rol: ${roleWords[p.role]}`,
      '',
      '<b>Membresía</b>',
      ...membershipLines(p),
      '',
      '<b>Últimos cambios de rol</b>',
      ...(p.changes.length > 0 ? p.changes.map((c) => changeLine(c, p.timeZone)) : ['Ninguno registrado.']),
      '',
      '<b>Últimos intereses</b>',
      ...(p.interests.length > 0
        ? p.interests.map((i) => interestLine(i, p.timeZone))
        : ['Aún no ha mostrado interés por ningún paquete.']),
    ),
);

export const adminUserMissing = fixed(
  'admin.user.missing',
  {},
  () => '👥 No encuentro a esa persona en mis registros… Quizá nunca cruzó la puerta del reino.',
);

export const adminUserRole = fixed(
  'admin.user.role',
  { name: 'Ana <b>', role: 'FREE' as ManagedRole },
  (p: { name: string; role: ManagedRole }) =>
    spoken(
      `🎭 <b>El rol de ${escapeHtml(p.name)}</b>`,
      `Ahora mismo: ${roleIcons[p.role]} ${roleWords[p.role]}.`,
      '',
      '¿Qué lugar desea darle en el reino?',
    ),
);

export const adminUserRoleConfirm = fixed(
  'admin.user.roleConfirm',
  { name: 'Ana <b>', from: 'FREE' as ManagedRole, to: 'ADMIN' as ManagedRole },
  (p: { name: string; from: ManagedRole; to: ManagedRole }) =>
    p.from === p.to
      ? `🎭 <b>${escapeHtml(p.name)}</b> ya es ${roleWords[p.to]}: no hay nada que cambiar.`
      : spoken(
          `🎭 ¿Cambiar el rol de <b>${escapeHtml(p.name)}</b> de ${roleWords[p.from]} a ${roleWords[p.to]}?`,
          'El cambio quedará anotado en su historial, junto con quién lo decidió.',
        ),
);

export const adminUserExpelConfirm = fixed(
  'admin.user.expelConfirm',
  { name: 'Ana <b>' },
  (p: { name: string }) =>
    spoken(
      `🚪 ¿Expulso a <b>${escapeHtml(p.name)}</b> del reino?`,
      '',
      'Retiraré a esa persona de los dos canales a la vez, del Diván y del vestíbulo. Es todo o nada: si una de las dos salidas no pudiera hacerse, desharía la otra y todo quedaría como está.',
      'Si tenía un lugar en el Diván, su membresía terminará en ese mismo instante.',
    ),
);

export const adminUserExpelResult = fixed(
  'admin.user.expelResult',
  { name: 'Ana <b>', ok: false },
  (p: { name: string; ok: boolean }) =>
    p.ok
      ? spoken(
          `🚪 Hecho: <b>${escapeHtml(p.name)}</b> ha salido del Diván y del vestíbulo.`,
          'Ninguna de las dos puertas sigue abierta para esa persona.',
        )
      : spoken(
          `⚠️ No he podido completar la expulsión de <b>${escapeHtml(p.name)}</b>…`,
          'La primera salida se hizo, pero la segunda no; así que deshice la primera. Nada ha cambiado: sigue donde estaba.',
          '',
          'Puede intentarlo de nuevo más tarde; yo investigaré el inconveniente.',
        ),
);

export const adminUserButtons = {
  users: '👥 Personas',
  find: '🔎 Buscar',
  changeRole: '🎭 Cambiar rol',
  expel: '🚪 Expulsar',
  confirmRole: '✅ Sí, cambiar',
  confirmExpel: '✅ Sí, expulsar',
  backToUsers: '⬅️ Personas',
  backToUser: '⬅️ Volver a la ficha',
  filters: filterNames,
  roles: { FREE: '🌸 Gratuito', VIP: '👑 VIP', ADMIN: '🛡️ Custodio' } satisfies Record<ManagedRole, string>,
} as const;

/** A person's button: the name as `userListName` says it, shortened for a phone. */
export const userButtonLabel = (name: string): string => clip(name, LABEL_MAX);
