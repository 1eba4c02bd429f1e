import { days as dayCount, formatDate } from '../format.ts';
import { escapeHtml, spoken } from '../html.ts';
import { fixed, message } from '../message.ts';

export const invitationUsed = message<Record<string, never>>('invitation.used', {}, [
  {
    weight: 1,
    render: () =>
      spoken(
        'Esta llave ya abrió la puerta una vez… y solo sirve para una.',
        'Si Diana le envió una invitación nueva, ábrala y con gusto le atiendo.',
      ),
  },
  {
    weight: 1,
    render: () =>
      spoken(
        'Lamento decirle que esta invitación ya fue utilizada.',
        'Cada llave del Diván es personal y de un solo uso.',
      ),
  },
]);

export const invitationExpired = fixed('invitation.expired', {}, () =>
  spoken(
    'Esta invitación ha caducado… Las llaves de Diana no esperan para siempre.',
    'Pídale una nueva y yo mismo le abriré la puerta.',
  ),
);

export const invitationRevoked = fixed('invitation.revoked', {}, () =>
  spoken(
    'Esta invitación fue retirada por el custodio y ya no abre ninguna puerta.',
    'Si cree que se trata de un malentendido, Diana sabrá orientarle.',
  ),
);

export const invitationUnknown = fixed('invitation.unknown', {}, () =>
  spoken(
    'No reconozco esta invitación… Quizá el enlace llegó incompleto.',
    'Le sugiero abrirlo de nuevo tal como Diana se lo envió.',
  ),
);

export const invitationPlanInactive = fixed('invitation.planInactive', {}, () =>
  spoken(
    'La membresía a la que corresponde esta invitación ya no se ofrece.',
    'Diana podrá indicarle las opciones vigentes.',
  ),
);

/** An admin opened an invitation link: they are told what it is; it is not consumed. */
interface InvitationInfo {
  planName: string;
  days: number;
  state: 'available' | 'used' | 'expired' | 'revoked';
  expiresAt: number;
  timeZone: string;
}

export const invitationForCustodian = fixed<InvitationInfo>(
  'invitation.forCustodian',
  {
    planName: 'Mensual <b>',
    days: 30,
    state: 'available',
    expiresAt: Date.UTC(2026, 11, 27),
    timeZone: 'America/Mexico_City',
  },
  (p) =>
    spoken(
      `Custodio, esta es una invitación al Diván: <i>${escapeHtml(p.planName)}</i>, ${dayCount(p.days)}.`,
      `Estado: <b>${{ available: 'disponible', used: 'utilizada', expired: 'caducada', revoked: 'retirada' }[p.state]}</b> · válida hasta el ${formatDate(p.expiresAt, p.timeZone)}.`,
      '',
      'No la he consumido: está reservada para quien usted se la entregue.',
    ),
);
