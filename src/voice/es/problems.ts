import { spoken } from '../html.ts';
import { fixed, message } from '../message.ts';

export const textNotUnderstood = message<Record<string, never>>('problem.text', {}, [
  {
    weight: 2,
    render: () =>
      'Le escucho con atención… aunque me entiendo mejor con los botones del menú. Escriba /start cuando desee verlo.',
  },
  {
    weight: 1,
    render: () =>
      'Anoto sus palabras, pero para servirle mejor le ruego que use el menú: /start lo trae de vuelta.',
  },
]);

/** Answer to a button that is no longer valid or was never ours (shown as a short notice). */
export const staleButton = fixed(
  'problem.button',
  {},
  () => 'Ese botón ya no conduce a ninguna parte… Le traigo el menú de nuevo.',
);

export const unexpectedProblem = message<Record<string, never>>('problem.unexpected', {}, [
  {
    weight: 1,
    render: () =>
      spoken(
        'Ha surgido un inconveniente inesperado… Ya lo estoy investigando.',
        'Le ruego que lo intente de nuevo en unos instantes.',
      ),
  },
  {
    weight: 1,
    render: () =>
      spoken(
        'Algo no ha salido como Diana lo habría querido… Permítame un momento para ponerlo en orden.',
        'Vuelva a intentarlo en breve, por favor.',
      ),
  },
]);
