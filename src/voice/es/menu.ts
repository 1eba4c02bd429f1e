import { spoken } from '../html.ts';
import { fixed, message } from '../message.ts';

/** The body of the main menu, under the greeting. */
export const homeBody = message<Record<string, never>>('menu.home', {}, [
  {
    weight: 2,
    render: () => 'Desde aquí puede conocer a Diana, saber quién soy y descubrir cómo servirme de guía.',
  },
  { weight: 1, render: () => 'Elija usted por dónde empezar… Yo me ocupo del resto.' },
]);

export const aboutDiana = fixed('menu.about', {}, () =>
  spoken(
    '🌸 Diana ha preparado dos espacios para quienes la siguen…',
    '',
    '<b>El vestíbulo</b>, su jardín público, abierto a quien desee asomarse y probar las muestras del jardín.',
    '',
    '👑 <b>El Diván</b>, el círculo exclusivo, donde guarda los tesoros del sanctum. Su puerta se abre solo con una invitación personal.',
  ),
);

export const aboutLucien = fixed('menu.lucien', {}, () =>
  spoken(
    'Soy Lucien, mayordomo de Diana y guardián de sus secretos.',
    '',
    'Observo, anoto y me aseguro de que cada visitante reciba la atención que merece. Si algo le inquieta, basta con decírmelo… aunque confieso que me entiendo mejor con los botones.',
  ),
);

export const helpGuide = fixed('menu.help', {}, () =>
  spoken(
    'Para servirle mejor, le dejo estas indicaciones:',
    '',
    '• /start abre el menú principal.',
    '• /help muestra esta guía.',
    '',
    'Si Diana le ha confiado una invitación, abra el enlace y yo me encargaré del resto.',
  ),
);

export const buttons = {
  aboutDiana: '🌸 Sobre Diana',
  aboutLucien: '🎩 ¿Quién es Lucien?',
  help: '📜 Cómo le sirvo',
  back: '⬅️ Volver',
  custodian: '🎩 Custodia del reino',
  showcase: '💎 La vitrina de Diana',
} as const;
