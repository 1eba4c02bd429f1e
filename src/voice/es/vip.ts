import { days as dayCount, daysLeft, formatDate } from '../format.ts';
import { escapeHtml, spoken } from '../html.ts';
import { fixed, message } from '../message.ts';

/** Times are epoch ms; dates are shown in the creator's time zone. */
interface Dated {
  expiresAt: number;
  timeZone: string;
}

const sampleDated: Dated = { expiresAt: Date.UTC(2026, 11, 27, 12), timeZone: 'America/Mexico_City' };
const on = (p: Dated) => `<b>${formatDate(p.expiresAt, p.timeZone)}</b>`;

export const vipRedeemed = message<Dated & { planName: string; days: number }>(
  'vip.redeemed',
  { ...sampleDated, planName: 'Mensual <VIP>', days: 30 },
  [
    {
      weight: 2,
      render: (p) =>
        spoken(
          `👑 Su invitación ha sido aceptada… <i>${escapeHtml(p.planName)}</i>, ${dayCount(p.days)} en el círculo exclusivo.`,
          `Su lugar en el Diván queda reservado hasta el ${on(p)}. Antes de abrirle la puerta, Diana pide un pequeño ritual de entrada.`,
        ),
    },
    {
      weight: 1,
      render: (p) =>
        spoken(
          `👑 Diana ha aceptado su invitación: <i>${escapeHtml(p.planName)}</i>, ${dayCount(p.days)}.`,
          `El Diván le espera hasta el ${on(p)}… pero toda puerta importante tiene su ceremonia. Permítame guiarle.`,
        ),
    },
  ],
);

export const ritualStep1 = fixed('vip.ritual.step1', {}, () =>
  spoken(
    '<b>Primer paso.</b> Quien entra al Diván hace una sola promesa: discreción…',
    'Lo que Diana comparte allí, allí se queda.',
  ),
);

export const ritualStep2 = fixed('vip.ritual.step2', {}, () =>
  spoken(
    '<b>Segundo paso.</b> El círculo exclusivo tiene sus costumbres.',
    'Respeto hacia Diana y hacia los demás miembros; nada se reenvía ni se captura fuera de sus paredes.',
  ),
);

export const ritualStep3 = fixed('vip.ritual.step3', {}, () =>
  spoken(
    '<b>Último paso.</b> Cuando usted lo indique, prepararé su llave personal…',
    'Un enlace de un solo uso, válido durante 24 horas. No lo comparta: la puerta solo se abre para usted.',
  ),
);

export const vipInviteLink = message<Dated>('vip.inviteLink', sampleDated, [
  {
    weight: 2,
    render: (p) =>
      spoken(
        '🗝️ Su llave está lista. Es solo suya y caduca en 24 horas.',
        `👑 Bienvenido al Diván. Su membresía sigue vigente hasta el ${on(p)}.`,
      ),
  },
  {
    weight: 1,
    render: (p) =>
      spoken(
        '🗝️ Aquí tiene su llave personal… Úsela en las próximas 24 horas; después dejará de abrir.',
        `👑 El círculo exclusivo le espera. Su lugar está asegurado hasta el ${on(p)}.`,
      ),
  },
]);

export const vipInviteFailed = fixed('vip.inviteFailed', {}, () =>
  spoken(
    'La cerradura se ha resistido esta vez… Un inconveniente me impide preparar su llave.',
    'Le ruego que vuelva a intentarlo en unos minutos; su membresía no corre peligro.',
  ),
);

export const vipReminder = message<Dated & { now: number }>(
  'vip.reminder',
  { ...sampleDated, now: Date.UTC(2026, 11, 24, 12) },
  [
    {
      weight: 2,
      render: (p) =>
        spoken(
          `⏳ Una discreta advertencia: a su membresía en el Diván le quedan ${dayCount(daysLeft(p.expiresAt, p.now))}.`,
          `Vence el ${on(p)}. Si desea continuar, basta con una nueva invitación de Diana.`,
        ),
    },
    {
      weight: 1,
      render: (p) =>
        spoken(
          `⏳ El tiempo corre, aunque con elegancia… ${dayCount(daysLeft(p.expiresAt, p.now))} y su lugar en el círculo exclusivo llegará a su fin.`,
          `La fecha es el ${on(p)}. Diana siempre recibe con gusto a quienes renuevan.`,
        ),
    },
  ],
);

export const vipExpired = message<Record<string, never>>('vip.expired', {}, [
  {
    weight: 2,
    render: () =>
      spoken(
        'Su tiempo en el Diván ha concluido… He cerrado la puerta tras usted, con la delicadeza de siempre.',
        'Si algún día desea volver, una nueva invitación de Diana bastará. Ha sido un honor servirle.',
      ),
  },
  {
    weight: 1,
    render: () =>
      spoken(
        'Toda velada tiene su final, y la suya en el círculo exclusivo ha llegado.',
        'Guardo su nombre en mis notas: cuando regrese con una invitación, la puerta se abrirá de nuevo.',
      ),
  },
]);

export const vipRenewed = message<Dated & { days: number }>('vip.renewed', { ...sampleDated, days: 30 }, [
  {
    weight: 1,
    render: (p) =>
      spoken(
        `👑 Renovación registrada: ${dayCount(p.days)} más en el Diván.`,
        `Su membresía se extiende ahora hasta el ${on(p)}.`,
      ),
  },
  {
    weight: 1,
    render: (p) =>
      spoken(
        `👑 Diana estará encantada… Suma usted ${dayCount(p.days)} a su estancia.`,
        `Nueva fecha de vencimiento: ${on(p)}.`,
      ),
  },
]);

export const vipExtended = fixed('vip.extended', { ...sampleDated, days: 5 }, (p: Dated & { days: number }) =>
  spoken(`👑 Por deseo de Diana, su membresía suma ${dayCount(p.days)}.`, `Ahora vence el ${on(p)}.`),
);

export const vipRevoked = fixed('vip.revoked', {}, () =>
  spoken(
    'Por decisión del custodio, su acceso al Diván ha sido retirado.',
    'Si cree que se trata de un malentendido, Diana sabrá escucharle.',
  ),
);

export const vipFreshLinkTooSoon = fixed(
  'vip.freshLinkTooSoon',
  { retryAt: Date.UTC(2026, 11, 24, 12, 10), now: Date.UTC(2026, 11, 24, 12) },
  (p: { retryAt: number; now: number }) =>
    `🗝️ Le preparé una llave hace muy poco… Podré forjar otra en ${Math.max(1, Math.ceil((p.retryAt - p.now) / 60_000))} minutos.`,
);

export const vipButtons = {
  ritual1: '🤝 Prometo discreción',
  ritual2: '🎩 Acepto las costumbres',
  ritual3: '🗝️ Recibir mi llave',
  join: '👑 Entrar al Diván',
} as const;

/** The VIP menu (👑 El Diván) for a member whose membership is running. */
export const vipStatusActive = fixed<Dated & { planName: string | null; now: number }>(
  'vip.status.active',
  { ...sampleDated, planName: 'Mensual', now: Date.UTC(2026, 11, 20, 12) },
  (p) =>
    spoken(
      `👑 <b>Su lugar en el Diván</b>${p.planName ? ` · <i>${escapeHtml(p.planName)}</i>` : ''}`,
      `⏳ Le quedan ${dayCount(daysLeft(p.expiresAt, p.now))}: su membresía vence el ${on(p)}.`,
      '',
      '💎 Los tesoros del sanctum se revelan dentro del círculo exclusivo; Diana prepara aquí una vitrina para ellos.',
      '',
      'Para renovar, basta con abrir una nueva invitación de Diana: los días se suman a los que ya tiene.',
      'Si su llave se extravió, puedo forjarle otra.',
    ),
);

export const vipStatusRitual = fixed('vip.status.ritual', {}, () =>
  spoken(
    '👑 Su ritual de entrada quedó a medio camino…',
    'Escriba /start y lo retomaremos exactamente donde lo dejó.',
  ),
);

export const vipStatusNone = fixed('vip.status.none', {}, () =>
  spoken(
    '👑 El Diván es el círculo exclusivo de Diana, donde guarda los tesoros del sanctum.',
    '',
    'Su puerta se abre con una invitación personal. Cuando Diana le confíe una, ábrala y yo me ocuparé del resto.',
  ),
);

export const vipMenuButtons = {
  menu: '👑 El Diván',
  freshLink: '🗝️ Pedir una llave nueva',
} as const;
