import type { FreeQueueFilter } from '../../machines/conversation/admin-view.ts';
import { escapeHtml, spoken } from '../html.ts';
import { fixed } from '../message.ts';
import { clip, minutes } from './admin-common.ts';

type RequestStatus = 'pending' | 'approved' | 'declined' | 'gone';

const LIST_NAME_MAX = 32;
const sampleZone = 'America/Mexico_City';
const sampleNow = Date.UTC(2026, 10, 27, 15);

/** "27 nov, 09:05" in the creator's time zone: a queue lives in hours, not years. */
function shortWhen(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('es-MX', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  })
    .format(at) // some ICU versions write "nov." for the short month
    .replace(/\.(?=,| |$)/g, '');
}

/** "menos de un minuto", "7 minutos", "2 h 05 min". */
export function waitDuration(seconds: number): string {
  const whole = Math.round(seconds / 60);
  if (whole < 1) return 'menos de un minuto';
  if (whole < 60) return minutes(whole);
  return `${Math.floor(whole / 60)} h ${String(whole % 60).padStart(2, '0')} min`;
}

const filterNames: Record<FreeQueueFilter, string> = {
  pending: 'Pendientes',
  ready: 'Listas',
  approved: 'Aprobadas',
  all: 'Todas',
};

export interface FreeCounts {
  pending: number;
  ready: number;
  approved: number;
  averageWaitSeconds: number | null;
}

const countLines = (c: FreeCounts): string[] => [
  `🕯 Esperan: ${c.pending} · 🔔 listas para entrar: ${c.ready} · ✅ aprobadas: ${c.approved}`,
  c.averageWaitSeconds === null
    ? '⏳ Espera media: aún sin datos'
    : `⏳ Espera media: ${waitDuration(c.averageWaitSeconds)}`,
];

const sampleCounts: FreeCounts = { pending: 12, ready: 3, approved: 40, averageWaitSeconds: 330 };

export const adminFreeQueue = fixed(
  'admin.free.queue',
  {
    filter: 'pending' as FreeQueueFilter,
    total: 12,
    counts: sampleCounts,
    lines: ['🔔 <b>Ana (@ana)</b> · pidió el 27 nov, 09:05 · lista desde el 27 nov, 09:10'],
    pageLine: 'Página 1 de 2',
  },
  (p: { filter: FreeQueueFilter; total: number; counts: FreeCounts; lines: string[]; pageLine: string }) =>
    spoken(
      `🌸 <b>El vestíbulo</b> · ${filterNames[p.filter]} · ${p.total}`,
      ...countLines(p.counts),
      '',
      ...p.lines,
      ...(p.pageLine ? ['', p.pageLine] : []),
      ...(p.counts.ready > 0
        ? ['', 'Con ✅ abro ya la puerta a todas las solicitudes que cumplieron su espera.']
        : []),
    ),
);

const emptyWords: Record<FreeQueueFilter, string> = {
  pending: 'Nadie aguarda ahora a la puerta del vestíbulo.',
  ready: 'Ninguna solicitud ha cumplido aún su espera.',
  approved: 'Todavía no he abierto la puerta del vestíbulo a nadie.',
  all: 'El vestíbulo aún no ha recibido ninguna solicitud.',
};

export const adminFreeQueueEmpty = fixed(
  'admin.free.queue.empty',
  { filter: 'ready' as FreeQueueFilter, counts: sampleCounts },
  (p: { filter: FreeQueueFilter; counts: FreeCounts }) =>
    spoken(
      `🌸 <b>El vestíbulo</b> · ${filterNames[p.filter]}`,
      ...countLines(p.counts),
      '',
      emptyWords[p.filter],
      ...(p.counts.ready > 0
        ? ['', 'Con ✅ abro ya la puerta a todas las solicitudes que cumplieron su espera.']
        : []),
    ),
);

export interface FreeRequestLine {
  /** As `freeRequestName` says it (plain text). */
  name: string;
  status: RequestStatus;
  requestedAt: number;
  readyAt: number;
  decidedAt: number | null;
  updatedAt: number;
  now: number;
  timeZone: string;
}

function stateWords(p: FreeRequestLine): { icon: string; words: string } {
  const when = (at: number) => shortWhen(at, p.timeZone);
  switch (p.status) {
    case 'pending':
      return p.readyAt <= p.now
        ? { icon: '🔔', words: `lista desde el ${when(p.readyAt)}` }
        : { icon: '🕯', words: `⏳ lista el ${when(p.readyAt)}` };
    case 'approved':
      return { icon: '✅', words: `aprobada el ${when(p.decidedAt ?? p.updatedAt)}` };
    case 'declined':
      return { icon: '✖️', words: `rechazada el ${when(p.decidedAt ?? p.updatedAt)}` };
    case 'gone':
      return { icon: '🚪', words: `se retiró el ${when(p.decidedAt ?? p.updatedAt)}` };
  }
}

export const adminFreeRequestLine = fixed<FreeRequestLine>(
  'admin.free.line',
  {
    name: 'Ana <i> (@ana)',
    status: 'pending',
    requestedAt: sampleNow - 600_000,
    readyAt: sampleNow + 300_000,
    decidedAt: null,
    updatedAt: sampleNow - 600_000,
    now: sampleNow,
    timeZone: sampleZone,
  },
  (p) => {
    const { icon, words } = stateWords(p);
    return `${icon} <b>${escapeHtml(clip(p.name, LIST_NAME_MAX))}</b> · pidió el ${shortWhen(p.requestedAt, p.timeZone)} · ${words}`;
  },
);

/** "Ana (@ana)", "Ana (#123)", "@ana" or "#123" (plain text: escape it for a message). */
export function freeRequestName(p: { firstName: string; username: string | null; userId: number }): string {
  const name = p.firstName.trim();
  const handle = p.username ? `@${p.username}` : `#${p.userId}`;
  return name ? `${name} (${handle})` : handle;
}

export const adminFreeButtons = {
  approveReady: '✅ Aprobar listas ahora',
  filters: filterNames,
} as const;
