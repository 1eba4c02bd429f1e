import type { PlanDraft, PlanField } from '../../machines/conversation/admin-view.ts';
import { days } from '../format.ts';
import { escapeHtml, spoken } from '../html.ts';
import { fixed } from '../message.ts';
import { clip, type Expected, expectedPhrase, LABEL_MAX } from './admin-common.ts';

/** A plan as the admin screens describe it; `name` is what the custodian typed. */
export interface PlanFacts {
  name: string;
  days: number;
  /** "10.00": two decimals, as stored. */
  price: string;
  currency: string;
  active: boolean;
}

const samplePlan: PlanFacts = {
  name: '<b>Oro & "VIP"</b>',
  days: 30,
  price: '10.50',
  currency: 'USD',
  active: true,
};
const LIST_NAME_MAX = 40;

/** "10", "10.50": cents only when there are some. */
const shortPrice = (price: string) => price.replace(/\.00$/, '');

export const adminPlansList = fixed(
  'admin.plans',
  { lines: ['• <b>Mensual</b> · 30 días · 10.00 USD'], total: 1, pageLine: '' },
  (p: { lines: string[]; total: number; pageLine: string }) =>
    spoken(
      `📋 <b>Planes del Diván</b> · ${p.total} en total`,
      '',
      ...p.lines,
      '',
      ...(p.pageLine ? [p.pageLine] : []),
      'Elija un plan para verlo o ajustarlo, o cree uno nuevo.',
    ),
);

export const adminPlanLine = fixed('admin.plan.line', samplePlan, (p: PlanFacts) =>
  [
    `${p.active ? '•' : '⏸'} <b>${escapeHtml(clip(p.name, LIST_NAME_MAX))}</b>`,
    days(p.days),
    `${p.price} ${p.currency}`,
    ...(p.active ? [] : ['en pausa']),
  ].join(' · '),
);

export const adminPlansEmpty = fixed('admin.plans.empty', {}, () =>
  spoken(
    '📋 Aún no hay ningún plan…',
    'Un plan dice cuánto dura una membresía del Diván y cuánto cuesta; cada invitación se emite para uno de ellos.',
    '',
    '¿Creamos el primero?',
  ),
);

export const adminPlanDetail = fixed(
  'admin.plan',
  { ...samplePlan, codesTotal: 12, codesUsed: 5, memberships: 4 },
  (p: PlanFacts & { codesTotal: number; codesUsed: number; memberships: number }) =>
    spoken(
      `📋 <b>${escapeHtml(p.name)}</b>`,
      '',
      `Duración: ${days(p.days)}`,
      `Precio: ${p.price} ${p.currency}`,
      p.active
        ? 'Estado: activo, sus invitaciones abren la puerta'
        : 'Estado: ⏸ en pausa, sus invitaciones no abren la puerta',
      `Invitaciones: ${p.codesTotal} ${p.codesTotal === 1 ? 'emitida' : 'emitidas'}, ${p.codesUsed} ${p.codesUsed === 1 ? 'utilizada' : 'utilizadas'}`,
      `Membresías con este plan: ${p.memberships}`,
      '',
      p.codesTotal === 0 && p.memberships === 0
        ? 'Nada depende aún de este plan: puede eliminarse sin dejar huella.'
        : 'Hay invitaciones o membresías que dependen de él: puede pausarlo, no eliminarlo.',
    ),
);

export const adminPlanMissing = fixed(
  'admin.plan.missing',
  {},
  () => '📋 Ese plan ya no figura en mis registros… Quizá fue eliminado hace un momento.',
);

const fieldNames: Record<PlanField, string> = {
  name: 'Nombre',
  days: 'Duración',
  price: 'Precio',
  currency: 'Moneda',
};

const questions: Record<PlanField, string> = {
  name: '¿Cómo se llamará este plan? Así lo leerán usted y quienes reciban sus invitaciones.',
  days: '¿Cuántos días de Diván concede?',
  price: '¿Cuál es su precio?',
  currency: '¿En qué moneda se expresa el precio?',
};

const stepNumber: Record<PlanField, number> = { name: 1, days: 2, price: 3, currency: 4 };

function draftLines(d: PlanDraft): string[] {
  return [
    ...(d.name === undefined ? [] : [`${fieldNames.name}: <b>${escapeHtml(d.name)}</b>`]),
    ...(d.days === undefined ? [] : [`${fieldNames.days}: ${days(d.days)}`]),
    ...(d.price === undefined ? [] : [`${fieldNames.price}: ${d.price}`]),
    ...(d.currency === undefined ? [] : [`${fieldNames.currency}: ${d.currency}`]),
  ];
}

/** One step of the creation wizard, with what was written so far. */
export const adminPlanWizardStep = fixed(
  'admin.plan.wizard',
  {
    step: 'price' as PlanField,
    draft: { name: 'Oro <VIP>', days: 30 } as PlanDraft,
    expected: { kind: 'price', max: '99999.99' } as Expected,
  },
  (p: { step: PlanField; draft: PlanDraft; expected: Expected }) => {
    const sofar = draftLines(p.draft);
    return spoken(
      `📋 <b>Nuevo plan</b> · paso ${stepNumber[p.step]} de 4`,
      '',
      ...(sofar.length > 0 ? ['<i>Hasta ahora:</i>', ...sofar, ''] : []),
      questions[p.step],
      `Escriba ${expectedPhrase(p.expected)}.`,
    );
  },
);

export const adminPlanWizardConfirm = fixed(
  'admin.plan.wizard.confirm',
  { draft: { name: 'Oro <VIP>', days: 30, price: '10.50', currency: 'USD' } as PlanDraft },
  (p: { draft: PlanDraft }) =>
    spoken(
      '📋 <b>Nuevo plan</b> · listo para crearse',
      '',
      ...draftLines(p.draft),
      '',
      '¿Lo creo tal como está? Podrá ajustarlo después.',
    ),
);

export const adminPlanEdit = fixed(
  'admin.plan.edit',
  {
    name: 'Oro <VIP>',
    field: 'days' as PlanField,
    current: '30 días',
    expected: { kind: 'whole', min: 1, max: 3650 } as Expected,
  },
  (p: { name: string; field: PlanField; current: string; expected: Expected }) =>
    spoken(
      `✏️ <b>${escapeHtml(p.name)}</b> · ${fieldNames[p.field]}`,
      '',
      `Valor actual: <b>${escapeHtml(p.current)}</b>`,
      '',
      `Escriba el nuevo valor: ${expectedPhrase(p.expected)}.`,
      'Las invitaciones ya emitidas seguirán las nuevas condiciones cuando se usen.',
    ),
);

export const adminPlanConfirmToggle = fixed(
  'admin.plan.confirmToggle',
  { name: 'Oro <VIP>', active: true },
  (p: { name: string; active: boolean }) =>
    p.active
      ? spoken(
          `⏸ ¿Pongo en pausa <b>${escapeHtml(p.name)}</b>?`,
          'Mientras esté en pausa, sus invitaciones no abrirán la puerta ni podrán emitirse nuevas. Quienes ya están en el Diván conservan su lugar.',
        )
      : spoken(
          `▶️ ¿Reactivo <b>${escapeHtml(p.name)}</b>?`,
          'Sus invitaciones vigentes volverán a abrir la puerta y podrá emitir otras nuevas.',
        ),
);

export const adminPlanConfirmDelete = fixed(
  'admin.plan.confirmDelete',
  { name: 'Oro <VIP>' },
  (p: { name: string }) =>
    spoken(
      `🗑 ¿Elimino <b>${escapeHtml(p.name)}</b> para siempre?`,
      'Nada depende de él, pero la decisión no tiene vuelta atrás.',
    ),
);

export const adminPlanInUse = fixed('admin.plan.inUse', { name: 'Oro <VIP>' }, (p: { name: string }) =>
  spoken(
    `📋 <b>${escapeHtml(p.name)}</b> tiene invitaciones o membresías que dependen de él.`,
    'No puedo eliminarlo sin borrar su rastro; si desea que deje de usarse, basta con ponerlo en pausa.',
  ),
);

/** Button labels of the plan screens; every one fits `LABEL_MAX`. */
export const adminPlanButtons = {
  newPlan: '➕ Nuevo plan',
  editName: '✏️ Nombre',
  editDays: '✏️ Días',
  editPrice: '✏️ Precio',
  editCurrency: '✏️ Moneda',
  deactivate: '⏸ Desactivar',
  reactivate: '▶️ Reactivar',
  delete: '🗑 Eliminar',
  createInvitations: '🗝️ Crear invitaciones',
  create: '✅ Crear',
  confirmDeactivate: '✅ Sí, pausarlo',
  confirmReactivate: '✅ Sí, reactivarlo',
  confirmDelete: '✅ Sí, eliminarlo',
  backToPlans: '⬅️ Planes',
  backToPlan: '⬅️ Volver al plan',
} as const;

/** "Oro · 30d · 10 USD", the name shortened first so the whole fits on a phone. */
export function planButtonLabel(p: PlanFacts): string {
  const mark = p.active ? '' : '⏸ ';
  const name = p.name.trim();
  const room = (tail: string) => LABEL_MAX - [...mark].length - [...tail].length;
  const tails = [` · ${p.days}d · ${shortPrice(p.price)} ${p.currency}`, ` · ${p.days}d`];
  const tail = tails.find((t) => room(t) >= Math.min(8, [...name].length)) ?? '';
  return `${mark}${clip(name, room(tail))}${tail}`;
}

/** How a field's current value reads in the edit prompt. */
export function planFieldValue(p: PlanFacts, field: PlanField): string {
  return { name: p.name, days: days(p.days), price: p.price, currency: p.currency }[field];
}
