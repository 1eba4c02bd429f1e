import { formatDateTime } from '../format.ts';
import { escapeHtml, spoken } from '../html.ts';
import { fixed } from '../message.ts';
import { minutes } from './admin-common.ts';

/** Something in the kingdom worth the custodian's attention. */
export type StatsWarningCode =
  | 'few_codes'
  | 'many_expiring'
  | 'long_queue'
  | 'vip_channel_missing'
  | 'free_channel_missing';

/** The figures of the observations, as plain numbers. */
export interface StatsFacts {
  vip: {
    active: number;
    expired: number;
    expiringIn7Days: number;
    newToday: number;
    newThisWeek: number;
    newThisMonth: number;
  };
  free: { pending: number; approved: number; averageWaitSeconds: number | null };
  codes: {
    created: number;
    used: number;
    expired: number;
    available: number;
    revoked: number;
    /** Used over created, 0 to 1; null while none was created. */
    conversion: number | null;
  };
  /** The projected monthly revenue, one amount per currency. */
  revenue: { amount: string; currency: string }[];
  warnings: StatsWarningCode[];
  computedAt: number;
  timeZone: string;
  /** Computed right now at the custodian's request. */
  fresh: boolean;
  /** How long the figures are kept before they are computed again. */
  renewMinutes: number;
}

/** "menos de un minuto", "12 minutos", "95 minutos": the free queue is measured in minutes. */
export function waitMinutes(seconds: number): string {
  const whole = Math.round(seconds / 60);
  return whole < 1 ? 'menos de un minuto' : minutes(whole);
}

/** "37 %", "12,5 %": at most one decimal, only when it says something. */
export function percent(ratio: number): string {
  const value = Math.round(ratio * 1000) / 10;
  return `${String(value).replace('.', ',')} %`;
}

const warningWords: Record<StatsWarningCode, string> = {
  few_codes:
    'Quedan pocas invitaciones disponibles… Quizá convenga preparar algunas más antes de que alguien llame a la puerta.',
  many_expiring:
    'Muchas membresías del Diván vencen en los próximos 7 días. Un recordatorio a tiempo podría retener a más de uno.',
  long_queue: 'La fila del vestíbulo se alarga: muchas solicitudes aguardan su turno.',
  vip_channel_missing: 'El Diván aún no tiene canal asignado. Puede indicármelo en la calibración del reino.',
  free_channel_missing:
    'El vestíbulo aún no tiene canal asignado. Puede indicármelo en la calibración del reino.',
};

const revenueLine = (r: StatsFacts['revenue']): string =>
  r.length === 0
    ? 'Aún sin membresías activas que sumar.'
    : r.map((x) => `${escapeHtml(x.amount)} ${escapeHtml(x.currency)}`).join(' · ');

const sampleStats: StatsFacts = {
  vip: { active: 42, expired: 7, expiringIn7Days: 5, newToday: 1, newThisWeek: 6, newThisMonth: 19 },
  free: { pending: 12, approved: 230, averageWaitSeconds: 330 },
  codes: { created: 80, used: 30, expired: 6, available: 40, revoked: 4, conversion: 0.375 },
  revenue: [
    { amount: '420.00', currency: 'USD' },
    { amount: '1500.00', currency: 'MXN' },
  ],
  warnings: ['few_codes', 'vip_channel_missing'],
  computedAt: Date.UTC(2026, 10, 27, 15),
  timeZone: 'America/Mexico_City',
  fresh: false,
  renewMinutes: 5,
};

export const adminStats = fixed('admin.stats', sampleStats, (p: StatsFacts) =>
  spoken(
    '🔭 <b>Las observaciones del reino</b>',
    '',
    '👑 <b>El Diván</b>',
    `Activos: ${p.vip.active} · vencidos: ${p.vip.expired}`,
    `⏳ Vencen en los próximos 7 días: ${p.vip.expiringIn7Days}`,
    `Nuevos: hoy ${p.vip.newToday} · esta semana ${p.vip.newThisWeek} · este mes ${p.vip.newThisMonth}`,
    '',
    '🌸 <b>El vestíbulo</b>',
    `Esperan: ${p.free.pending} · aprobadas: ${p.free.approved}`,
    `Espera media: ${p.free.averageWaitSeconds === null ? 'aún sin datos' : waitMinutes(p.free.averageWaitSeconds)}`,
    '',
    '🗝️ <b>Invitaciones</b>',
    `Creadas: ${p.codes.created} · usadas: ${p.codes.used} · disponibles: ${p.codes.available}`,
    `Vencidas: ${p.codes.expired} · retiradas: ${p.codes.revoked}`,
    `Conversión: ${p.codes.conversion === null ? 'aún sin invitaciones' : percent(p.codes.conversion)}`,
    '',
    '💰 <b>Ingresos mensuales previstos</b>',
    revenueLine(p.revenue),
    '',
    ...(p.warnings.length > 0
      ? ['<b>Lo que merece su atención</b>', ...p.warnings.map((w) => `⚠️ ${warningWords[w]}`)]
      : ['✨ Nada inquieta al reino por ahora.']),
    '',
    `<i>Calculadas el ${formatDateTime(p.computedAt, p.timeZone)}${p.fresh ? ' (recién calculadas)' : ''}</i>`,
    ...(p.fresh
      ? []
      : [`Las renuevo cada ${minutes(p.renewMinutes)}; con 🔄 las calculo de nuevo al instante.`]),
  ),
);

/** The figures could not be read this time. */
export const adminStatsMissing = fixed(
  'admin.stats.missing',
  {},
  () =>
    '🔭 Mis instrumentos no han podido tomar las observaciones esta vez… Pruebe de nuevo con 🔄 en un momento.',
);

export const adminStatsButtons = {
  stats: '🔭 Observaciones',
  refresh: '🔄 Actualizar',
} as const;
