import type { AdminNotice, InputProblem } from '../../machines/conversation/admin-view.ts';
import { HEADER, spoken } from '../html.ts';
import { fixed } from '../message.ts';

/** Telegram shows about this many characters of a button on a phone. */
export const LABEL_MAX = 24;

/** Shortens text a person typed to `max` characters (code points), ending in "…" when cut. */
export function clip(text: string, max: number): string {
  const chars = [...text.trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** What an admin's typed answer must look like; prompts and refusals both say it. */
export type Expected =
  | { kind: 'name'; max: number }
  | { kind: 'whole'; min: number; max: number }
  | { kind: 'price'; max: string }
  | { kind: 'currency' }
  | { kind: 'handle' }
  | { kind: 'minutes'; min: number; max: number }
  | { kind: 'reactions'; min: number; max: number };

/** "1 minuto", "15 minutos". */
export const minutes = (n: number): string => (n === 1 ? '1 minuto' : `${n} minutos`);

export function expectedPhrase(e: Expected): string {
  switch (e.kind) {
    case 'name':
      return `un nombre de hasta ${e.max} caracteres, en una sola línea`;
    case 'whole':
      return `un número entero de ${e.min} a ${e.max}`;
    case 'price':
      return `un importe de 0 a ${e.max}, con dos decimales como máximo (por ejemplo, 10 o 10,50)`;
    case 'currency':
      return 'el código de tres letras de la moneda, como USD, MXN o EUR';
    case 'handle':
      return 'el nombre de usuario con @ (por ejemplo, @diana) o el enlace completo del perfil; un guion (-) lo borra';
    case 'minutes':
      return `una cifra de minutos entre ${e.min} y ${e.max}${e.max % 60 === 0 && e.max >= 120 ? ` (${e.max / 60} horas)` : ''}`;
    case 'reactions':
      return `de ${e.min} a ${e.max} emoji separados por espacios, por ejemplo: ❤️ 🔥 😍`;
  }
}

const problemWords: Record<InputProblem, string> = {
  empty: 'No he recibido nada que anotar…',
  too_long: 'Eso es más largo de lo que cabe en mis registros…',
  too_many: 'Son más de los que puedo anotar…',
  not_a_number: 'Eso no parece un número…',
  not_whole: 'Aquí solo caben números enteros…',
  out_of_range: 'Esa cifra queda fuera de los límites…',
  bad_currency: 'No reconozco esa moneda…',
  too_many_decimals: 'Un importe admite dos decimales como máximo…',
  bad_handle: 'Eso no parece un nombre de usuario de esa red ni el enlace de un perfil…',
  not_an_emoji: 'Ahí hay algo que no es un emoji…',
};

const isInputProblem = (code: string): code is InputProblem => Object.hasOwn(problemWords, code);

/** What was wrong with a typed answer, in a few words; a code Lucien does not know reads as a plain refusal. */
export function problemSentence(code: string): string {
  return isInputProblem(code) ? problemWords[code] : 'No he sabido anotar eso…';
}

/** One line, placed under the header of the prompt that asks again. */
export const adminInputProblem = fixed<{ problem: InputProblem; expected: Expected }>(
  'admin.inputProblem',
  { problem: 'out_of_range', expected: { kind: 'whole', min: 1, max: 3650 } },
  (p) => `⚠️ ${problemWords[p.problem]} Le ruego que escriba ${expectedPhrase(p.expected)}.`,
);

const noticeWords: Record<AdminNotice, string> = {
  planCreated: '✅ Plan creado. Ya figura en mis registros.',
  planUpdated: '✅ Plan actualizado.',
  planDeactivated: '⏸ Plan en pausa: sus invitaciones no abrirán la puerta hasta que lo reactive.',
  planReactivated: '▶️ Plan reactivado: sus invitaciones vuelven a abrir la puerta.',
  planDeleted: '🗑 Plan eliminado.',
  invitationRevoked: '⛔ Invitación retirada: ya no abre ninguna puerta.',
  memberExtended: '✅ Membresía extendida.',
  memberRevoked: '⛔ Acceso retirado. La puerta del Diván se ha cerrado para esa persona.',
  settingSaved: '✅ Anotado: la calibración del reino queda ajustada.',
  freeApprovedReady:
    '🌸 Hecho: he abierto la puerta del vestíbulo a todas las solicitudes que ya habían esperado su turno.',
  published: '📣 Publicado. Sus palabras ya están a la vista.',
  packageCreated: '💎 Paquete creado: ya está a la vista en la vitrina de Diana.',
  packageUpdated: '✅ Paquete actualizado.',
  interestAttended: '✅ Interés atendido: lo he anotado en mis registros.',
  roleChanged: '🎭 Rol cambiado. El cambio queda anotado en su historial.',
  expelled: '🚪 Expulsión hecha: esa persona ya no está ni en el Diván ni en el vestíbulo.',
  cancelled: '✖️ Como usted diga: no he cambiado nada.',
};

/** A short confirmation shown as one line above a screen. */
export const adminNotice = fixed<{ notice: AdminNotice }>(
  'admin.notice',
  { notice: 'planCreated' },
  (p) => noticeWords[p.notice],
);

/** Places one line (a notice, a refused answer) right under the header of a screen. */
export function withLead(screen: string, lead: string | undefined): string {
  if (!lead) return screen;
  const top = `${HEADER}\n\n`;
  return screen.startsWith(top) ? `${top}${lead}\n\n${screen.slice(top.length)}` : spoken(lead, '', screen);
}

export const adminHome = fixed('admin.home', {}, () =>
  spoken(
    '<b>El despacho del custodio</b>',
    '',
    'Todo el reino cabe en estos cajones: los planes y sus precios, las invitaciones al Diván, quienes ya ocupan un lugar en él, la calibración del reino, las solicitudes del vestíbulo y las publicaciones en los canales.',
    '',
    '¿Cuál desea abrir?',
  ),
);

export const adminDenied = fixed('admin.denied', {}, () =>
  spoken(
    'Esa puerta está reservada al custodio… y me temo que no puedo abrirla para usted.',
    'Si buscaba otra cosa, /start le devuelve al menú principal.',
  ),
);

/** "Página 2 de 5", only worth saying when there is more than one. */
export const adminPageOf = fixed('admin.page', { page: 2, pages: 5 }, (p: { page: number; pages: number }) =>
  p.pages > 1 ? `Página ${p.page} de ${p.pages}` : '',
);

/** The last line of a list cut to fit one message. */
export const adminListMore = fixed(
  'admin.listMore',
  { more: 3 },
  (p: { more: number }) => `…y ${p.more} más que no caben en este mensaje.`,
);

export const adminButtons = {
  plans: '📋 Planes',
  invitations: '🗝️ Invitaciones',
  members: '👑 Miembros del Diván',
  settings: '⚙️ Calibración',
  freeQueue: '🌸 Vestíbulo',
  publish: '📣 Publicar',
  mainMenu: '⬅️ Menú principal',
  back: '⬅️ Volver',
  cancel: '✖️ Cancelar',
  no: '✖️ No',
  previous: '◀ Anterior',
  next: 'Siguiente ▶',
} as const;

/** The current choice among filter or option buttons. */
export const marked = (label: string): string => `✓ ${label}`;

/** How a person is named on admin screens (plain text: escape it for a message). */
export function personName(p: {
  name?: string | null;
  username?: string | null;
  id?: number | null;
}): string {
  const name = p.name?.trim();
  if (name && p.username) return `${name} (@${p.username})`;
  if (name) return name;
  if (p.username) return `@${p.username}`;
  return p.id === undefined || p.id === null ? 'alguien sin nombre' : `#${p.id}`;
}
