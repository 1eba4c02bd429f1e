import { escapeHtml } from '../html.ts';
import { message } from '../message.ts';
import { greetingWord, type PartOfDay } from '../time.ts';

interface GreetingParams {
  name: string;
  partOfDay: PartOfDay;
}

const sample: GreetingParams = { name: 'Ana <i>', partOfDay: 'afternoon' };
const hello = (p: GreetingParams) => `${greetingWord(p.partOfDay)}, <b>${escapeHtml(p.name)}</b>.`;

export const greetingNewcomer = message<GreetingParams>('greeting.newcomer', sample, [
  {
    weight: 3,
    render: (p) =>
      `${hello(p)} Sea usted bienvenido… Soy Lucien, mayordomo de Diana y guardián de sus secretos. Permítame mostrarle lo que ella ha dispuesto.`,
  },
  {
    weight: 2,
    render: (p) =>
      `${hello(p)} Un rostro nuevo en la casa de Diana… Me llamo Lucien y, si usted lo permite, seré quien le guíe por sus dominios.`,
  },
  {
    weight: 1,
    render: (p) =>
      `${hello(p)} Diana me pidió que recibiera en persona a quienes llegan por primera vez. Soy Lucien, a su servicio.`,
  },
]);

export const greetingReturning = message<GreetingParams>('greeting.returning', sample, [
  {
    weight: 3,
    render: (p) => `${hello(p)} Qué grato verle de nuevo… Todo sigue en su sitio, tal como Diana lo dejó.`,
  },
  { weight: 2, render: (p) => `${hello(p)} Su regreso no pasa inadvertido. ¿En qué puedo servirle hoy?` },
  {
    weight: 1,
    render: (p) => `${hello(p)} Le esperaba… Diana siempre dice que quien vuelve, por algo vuelve.`,
  },
]);

export const greetingCustodian = message<GreetingParams>('greeting.custodian', sample, [
  { weight: 2, render: (p) => `${hello(p)} El reino está en calma, custodio. Quedo a sus órdenes.` },
  { weight: 1, render: (p) => `${hello(p)} Bienvenido, custodio… Nada se ha movido sin que yo lo note.` },
]);
