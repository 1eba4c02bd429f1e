import type {
  InterestFilter,
  PackageCategory,
  PackageDraft,
  PackageField,
} from '../../machines/conversation/admin-view.ts';
import { escapeHtml, spoken } from '../html.ts';
import { fixed } from '../message.ts';
import { clip, expectedPhrase, LABEL_MAX, problemSentence } from './admin-common.ts';
import { categoryIcons, categoryNames, categoryPhrase, packagePrice } from './content.ts';

/** A package as the admin screens describe it; `name` and `description` are what the custodian typed. */
export interface PackageFacts {
  name: string;
  category: PackageCategory;
  /** "25.00", or null: no price, "acceso gratuito". */
  price: string | null;
  currency: string;
  description: string | null;
  hasPhoto: boolean;
  active: boolean;
}

/** What an answer to a package prompt must be; prompts and refusals both say it. */
export type PackageExpected =
  | { kind: 'name'; max: number }
  | { kind: 'category' }
  | { kind: 'price'; max: string; currency: string | null }
  | { kind: 'description'; max: number }
  | { kind: 'photo' };

const samplePackage: PackageFacts = {
  name: '<b>Velada & "privada"</b>',
  category: 'VIP_PREMIUM',
  price: '25.00',
  currency: 'USD',
  description: 'Una noche <solo> para el círculo.\nCon dos líneas.',
  hasPhoto: true,
  active: true,
};
const LIST_NAME_MAX = 40;
/** How many characters of a description (once escaped) the admin screens show; the member's side shows it whole. */
const DESCRIPTION_SHOWN = 1500;
const sampleZone = 'America/Mexico_City';
const sampleNow = Date.UTC(2026, 10, 27, 15);

/**
 * Text a person typed, escaped, and cut (with "…") so that the escaped form stays within
 * `budget` characters: "&" and quotes grow when escaped, and a message has 4096 characters.
 */
function escapedWithin(text: string, budget: number): string {
  let out = '';
  for (const ch of text) {
    const escaped = escapeHtml(ch);
    if (out.length + escaped.length > budget - 1) return `${out}…`;
    out += escaped;
  }
  return out;
}

/** "Muestras del jardín". */
const capitalized = (text: string) => `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}`;

export function packageExpectedPhrase(e: PackageExpected): string {
  switch (e.kind) {
    case 'name':
      return expectedPhrase(e);
    case 'category':
      return 'una de las tres categorías, con los botones de abajo';
    case 'price':
      return `${expectedPhrase({ kind: 'price', max: e.max })}${e.currency ? `, en ${e.currency}` : ''}`;
    case 'description':
      return `un texto de hasta ${e.max} caracteres; puede ocupar varias líneas`;
    case 'photo':
      return 'una foto (como imagen, no como archivo)';
  }
}

/** "Le ruego que escriba…", "…que envíe…", "…que elija…": the verb follows what is expected. */
function askFor(e: PackageExpected): string {
  if (e.kind === 'category') return 'Le ruego que elija la categoría con uno de los botones de abajo.';
  if (e.kind === 'photo') return `Le ruego que envíe ${packageExpectedPhrase(e)}.`;
  return `Le ruego que escriba ${packageExpectedPhrase(e)}.`;
}

const packageProblemWords: Record<string, string> = {
  not_a_photo: 'Eso no es una foto…',
  use_buttons: 'Aquí no me sirve un texto…',
};

/** One line, placed under the header of a package prompt asked again. */
export const adminPackageProblem = fixed(
  'admin.package.problem',
  { problem: 'not_a_photo', expected: { kind: 'photo' } as PackageExpected },
  (p: { problem: string; expected: PackageExpected }) =>
    `⚠️ ${Object.hasOwn(packageProblemWords, p.problem) ? packageProblemWords[p.problem] : problemSentence(p.problem)} ${askFor(p.expected)}`,
);

const fieldNames: Record<PackageField, string> = {
  name: 'Nombre',
  category: 'Categoría',
  price: 'Precio',
  description: 'Descripción',
  photo: 'Imagen',
};

const priceWords = (price: string | null, currency: string | null) =>
  escapeHtml(packagePrice(price, currency));

const photoWords = (has: boolean) => (has ? '🖼 adjunta' : 'sin imagen');

export const adminPackagesList = fixed(
  'admin.packages',
  {
    lines: ['• 💎 <b>Velada</b> · tesoros del sanctum · 25.00 USD'],
    total: 1,
    pageLine: '',
  },
  (p: { lines: string[]; total: number; pageLine: string }) =>
    spoken(
      `💎 <b>Paquetes de contenido</b> · ${p.total} en total`,
      '',
      ...p.lines,
      '',
      ...(p.pageLine ? [p.pageLine] : []),
      'Elija un paquete para verlo o ajustarlo, o prepare uno nuevo.',
    ),
);

export const adminPackageLine = fixed('admin.package.line', samplePackage, (p: PackageFacts) =>
  [
    `${p.active ? '•' : '⏸'} ${categoryIcons[p.category]} <b>${escapeHtml(clip(p.name, LIST_NAME_MAX))}</b>`,
    categoryNames[p.category],
    priceWords(p.price, p.currency),
    ...(p.active ? [] : ['en pausa']),
  ].join(' · '),
);

export const adminPackagesEmpty = fixed('admin.packages.empty', {}, () =>
  spoken(
    '💎 La vitrina de Diana está vacía todavía…',
    'Un paquete es lo que ella ofrece a los suyos: muestras del jardín para el vestíbulo, contenido del Diván o tesoros del sanctum. Quien lo vea puede decirle «me interesa».',
    '',
    '¿Preparamos el primero?',
  ),
);

export const adminPackageDetail = fixed(
  'admin.package',
  { ...samplePackage, interests: { pending: 3, total: 10 } as { pending: number; total: number } | null },
  (p: PackageFacts & { interests: { pending: number; total: number } | null }) =>
    spoken(
      `${categoryIcons[p.category]} <b>${escapeHtml(p.name)}</b>`,
      '',
      `Categoría: ${categoryPhrase(p.category)}`,
      `Precio: ${priceWords(p.price, p.currency)}`,
      `Imagen: ${photoWords(p.hasPhoto)}`,
      p.active ? 'Estado: a la vista en la vitrina' : 'Estado: ⏸ en pausa, fuera de la vitrina',
      ...(p.interests
        ? [`Intereses: ${p.interests.pending} por atender, ${p.interests.total} en total`]
        : []),
      '',
      ...(p.description
        ? ['<i>Descripción:</i>', escapedWithin(p.description, DESCRIPTION_SHOWN)]
        : ['<i>Sin descripción.</i>']),
      '',
      'Elija qué desea ajustar.',
    ),
);

export const adminPackageMissing = fixed(
  'admin.package.missing',
  {},
  () => '💎 Ese paquete ya no figura en mis registros… Quizá se retiró hace un momento.',
);

const questions: Record<PackageField, string> = {
  name: '¿Cómo se llamará este paquete? Es lo primero que leerán quienes se asomen a la vitrina.',
  category: '¿Para quién lo reserva Diana?',
  price: '¿Cuál es su precio?',
  description: '¿Cómo lo describiría? Unas líneas que despierten la curiosidad.',
  photo: '¿Lo acompaña una imagen?',
};

const categoryHints: string[] = [
  `${categoryIcons.FREE_CONTENT} <b>${capitalized(categoryNames.FREE_CONTENT)}</b>: a la vista de todo el vestíbulo.`,
  `${categoryIcons.VIP_CONTENT} <b>${capitalized(categoryNames.VIP_CONTENT)}</b>: para quienes ocupan un lugar en el Diván.`,
  `${categoryIcons.VIP_PREMIUM} <b>${capitalized(categoryNames.VIP_PREMIUM)}</b>: lo más selecto del círculo exclusivo.`,
];

/** How a step is answered: typed, sent, or chosen; and what ⏭ Omitir leaves behind. */
function stepAsk(step: PackageField, expected: PackageExpected): string[] {
  switch (step) {
    case 'name':
      return [`Escriba ${packageExpectedPhrase(expected)}.`];
    case 'category':
      return [...categoryHints, '', 'Elija con los botones.'];
    case 'price':
      return [`Escriba ${packageExpectedPhrase(expected)}, o pulse ⏭ Omitir si será de acceso gratuito.`];
    case 'description':
      return [`Escriba ${packageExpectedPhrase(expected)}, o pulse ⏭ Omitir para dejarlo sin descripción.`];
    case 'photo':
      return [`Envíe ${packageExpectedPhrase(expected)}, o pulse ⏭ Omitir para dejarlo sin imagen.`];
  }
}

const stepNumber: Record<PackageField, number> = { name: 1, category: 2, price: 3, description: 4, photo: 5 };

function draftLines(d: PackageDraft, currency: string | null): string[] {
  return [
    ...(d.name === undefined ? [] : [`${fieldNames.name}: <b>${escapeHtml(d.name)}</b>`]),
    ...(d.category === undefined ? [] : [`${fieldNames.category}: ${categoryPhrase(d.category)}`]),
    ...(d.price === undefined ? [] : [`${fieldNames.price}: ${priceWords(d.price, currency)}`]),
    ...(d.description === undefined
      ? []
      : [
          `${fieldNames.description}: ${d.description === null ? 'sin descripción' : `<i>${escapedWithin(d.description, DESCRIPTION_SHOWN)}</i>`}`,
        ]),
    ...(d.photoFileId === undefined ? [] : [`${fieldNames.photo}: ${photoWords(d.photoFileId !== null)}`]),
  ];
}

const sampleDraft: PackageDraft = {
  name: 'Velada <privada>',
  category: 'VIP_PREMIUM',
  price: null,
  description: 'Una noche <solo> para el círculo.',
};

/** One step of the creation wizard, with what was written so far. */
export const adminPackageWizardStep = fixed(
  'admin.package.wizard',
  {
    step: 'photo' as PackageField,
    draft: sampleDraft,
    expected: { kind: 'photo' } as PackageExpected,
    currency: 'USD' as string | null,
  },
  (p: { step: PackageField; draft: PackageDraft; expected: PackageExpected; currency: string | null }) => {
    const sofar = draftLines(p.draft, p.currency);
    return spoken(
      `💎 <b>Nuevo paquete</b> · paso ${stepNumber[p.step]} de 5`,
      '',
      ...(sofar.length > 0 ? ['<i>Hasta ahora:</i>', ...sofar, ''] : []),
      questions[p.step],
      ...stepAsk(p.step, p.expected),
    );
  },
);

export const adminPackageWizardConfirm = fixed(
  'admin.package.wizard.confirm',
  { draft: { ...sampleDraft, photoFileId: 'AgAC' } as PackageDraft, currency: 'USD' as string | null },
  (p: { draft: PackageDraft; currency: string | null }) =>
    spoken(
      '💎 <b>Nuevo paquete</b> · listo para la vitrina',
      '',
      ...draftLines(p.draft, p.currency),
      '',
      '¿Lo creo tal como está? Quedará a la vista de inmediato, y podrá ajustarlo o pausarlo después.',
    ),
);

/** How a field's current value reads in the edit prompt (HTML, escaped). */
export function packageFieldValue(p: PackageFacts, field: PackageField): string {
  switch (field) {
    case 'name':
      return `<b>${escapeHtml(p.name)}</b>`;
    case 'category':
      return categoryPhrase(p.category);
    case 'price':
      return priceWords(p.price, p.currency);
    case 'description':
      return p.description === null
        ? 'sin descripción'
        : `<i>${escapedWithin(p.description, DESCRIPTION_SHOWN)}</i>`;
    case 'photo':
      return photoWords(p.hasPhoto);
  }
}

const editAsk = (field: PackageField, expected: PackageExpected): string[] => {
  switch (field) {
    case 'name':
      return [`Escriba el nuevo valor: ${packageExpectedPhrase(expected)}.`];
    case 'category':
      return ['Elija la nueva categoría con los botones; la actual lleva la marca ✓.'];
    case 'price':
      return [
        `Escriba el nuevo valor: ${packageExpectedPhrase(expected)}.`,
        'Con ⏭ Quitar pasa a ser de acceso gratuito.',
      ];
    case 'description':
      return [
        `Escriba el nuevo texto: ${packageExpectedPhrase(expected)}.`,
        'Con ⏭ Quitar se queda sin descripción.',
      ];
    case 'photo':
      return [`Envíe ${packageExpectedPhrase(expected)}.`, 'Con ⏭ Quitar se queda sin imagen.'];
  }
};

export const adminPackageEdit = fixed(
  'admin.package.edit',
  {
    name: 'Velada <privada>',
    field: 'price' as PackageField,
    current: '25.00 USD',
    expected: { kind: 'price', max: '99999.99', currency: 'USD' } as PackageExpected,
  },
  (p: { name: string; field: PackageField; current: string; expected: PackageExpected }) =>
    spoken(
      `✏️ <b>${escapeHtml(p.name)}</b> · ${fieldNames[p.field]}`,
      '',
      `Valor actual: ${p.current}`,
      '',
      ...editAsk(p.field, p.expected),
    ),
);

export const adminPackageConfirmToggle = fixed(
  'admin.package.confirmToggle',
  { name: 'Velada <privada>', active: true },
  (p: { name: string; active: boolean }) =>
    p.active
      ? spoken(
          `⏸ ¿Retiro <b>${escapeHtml(p.name)}</b> de la vitrina?`,
          'Mientras esté en pausa, nadie lo verá ni podrá pedirlo. Los intereses ya recibidos se conservan.',
        )
      : spoken(
          `▶️ ¿Devuelvo <b>${escapeHtml(p.name)}</b> a la vitrina?`,
          'Volverá a verse para quienes su categoría alcanza.',
        ),
);

/** Button labels of the package screens; every one fits `LABEL_MAX`. */
export const adminPackageButtons = {
  packages: '💎 Paquetes',
  newPackage: '➕ Nuevo paquete',
  editName: '✏️ Nombre',
  editCategory: '✏️ Categoría',
  editPrice: '✏️ Precio',
  editDescription: '✏️ Descripción',
  editPhoto: '✏️ Imagen',
  deactivate: '⏸ Pausar',
  reactivate: '▶️ Reactivar',
  confirmDeactivate: '✅ Sí, pausarlo',
  confirmReactivate: '✅ Sí, reactivarlo',
  skip: '⏭ Omitir',
  remove: '⏭ Quitar',
  create: '✅ Crear',
  backToPackages: '⬅️ Paquetes',
  categories: {
    FREE_CONTENT: `${categoryIcons.FREE_CONTENT} ${capitalized(categoryNames.FREE_CONTENT)}`,
    VIP_CONTENT: `${categoryIcons.VIP_CONTENT} ${capitalized(categoryNames.VIP_CONTENT)}`,
    VIP_PREMIUM: `${categoryIcons.VIP_PREMIUM} ${capitalized(categoryNames.VIP_PREMIUM)}`,
  } satisfies Record<PackageCategory, string>,
} as const;

/** "⏸ 💎 Velada privada", the name shortened so the whole fits on a phone. */
export function packageButtonLabel(p: Pick<PackageFacts, 'name' | 'category' | 'active'>): string {
  const head = `${p.active ? '' : '⏸ '}${categoryIcons[p.category]} `;
  return `${head}${clip(p.name, LABEL_MAX - [...head].length)}`;
}

// ---------------------------------------------------------------------------------------------
// Interests: who pressed "💌 Me interesa", on what, and whether the custodian answered.

const filterNames: Record<InterestFilter, string> = {
  pending: 'Pendientes',
  attended: 'Atendidos',
  all: 'Todos',
};

export interface InterestCounts {
  pending: number;
  attended: number;
  total: number;
}

const sampleCounts: InterestCounts = { pending: 3, attended: 10, total: 13 };

const categoryTitle = (category: PackageCategory | 'any') =>
  category === 'any' ? 'todas las categorías' : categoryPhrase(category);

const countLine = (c: InterestCounts) =>
  `En todo el reino: 🙋 ${c.pending} por atender · ✅ ${c.attended} ${c.attended === 1 ? 'atendido' : 'atendidos'} · ${c.total} en total`;

const attendHint = 'Con ✅ anoto como atendido a quien ya recibió respuesta.';

export const adminInterestsList = fixed(
  'admin.interests',
  {
    filter: 'pending' as InterestFilter,
    category: 'any' as PackageCategory | 'any',
    counts: sampleCounts,
    total: 3,
    lines: ['🙋 <b>Ana (@ana)</b> · 💎 Velada · 27 nov, 09:05'],
    pageLine: 'Página 1 de 2',
    attendable: true,
  },
  (p: {
    filter: InterestFilter;
    category: PackageCategory | 'any';
    counts: InterestCounts;
    total: number;
    lines: string[];
    pageLine: string;
    attendable: boolean;
  }) =>
    spoken(
      `🙋 <b>Intereses</b> · ${filterNames[p.filter]} · ${categoryTitle(p.category)} · ${p.total}`,
      countLine(p.counts),
      '',
      ...p.lines,
      ...(p.pageLine ? ['', p.pageLine] : []),
      ...(p.attendable ? ['', attendHint] : []),
    ),
);

const emptyWords: Record<InterestFilter, string> = {
  pending: 'Nadie aguarda respuesta: cada interés ha sido atendido.',
  attended: 'Aún no ha marcado ningún interés como atendido.',
  all: 'Todavía nadie ha pulsado «💌 Me interesa»… La vitrina espera su primera mirada.',
};

const emptyInCategory: Record<InterestFilter, string> = {
  pending: 'por atender',
  attended: 'atendido aún',
  all: 'todavía',
};

export const adminInterestsEmpty = fixed(
  'admin.interests.empty',
  {
    filter: 'pending' as InterestFilter,
    category: 'VIP_PREMIUM' as PackageCategory | 'any',
    counts: sampleCounts,
  },
  (p: { filter: InterestFilter; category: PackageCategory | 'any'; counts: InterestCounts }) =>
    spoken(
      `🙋 <b>Intereses</b> · ${filterNames[p.filter]} · ${categoryTitle(p.category)}`,
      countLine(p.counts),
      '',
      p.category === 'any'
        ? emptyWords[p.filter]
        : `Ningún interés ${emptyInCategory[p.filter]} en ${categoryPhrase(p.category)}.`,
    ),
);

/** "27 nov, 09:05" in the creator's time zone. */
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

export interface InterestLine {
  /** As `interestPersonName` says it (plain text). */
  person: string;
  packageName: string;
  category: PackageCategory;
  attended: boolean;
  /** Epoch ms: the last press of "me interesa", and when it was marked attended. */
  lastInterestAt: number;
  attendedAt: number | null;
  timeZone: string;
}

const LINE_PERSON_MAX = 32;
const LINE_PACKAGE_MAX = 32;

export const adminInterestLine = fixed<InterestLine>(
  'admin.interest.line',
  {
    person: 'Ana <i> (@ana)',
    packageName: 'Velada <privada>',
    category: 'VIP_PREMIUM',
    attended: true,
    lastInterestAt: sampleNow - 86_400_000,
    attendedAt: sampleNow,
    timeZone: sampleZone,
  },
  (p) =>
    [
      `${p.attended ? '✅' : '🙋'} <b>${escapeHtml(clip(p.person, LINE_PERSON_MAX))}</b>`,
      `${categoryIcons[p.category]} ${escapeHtml(clip(p.packageName, LINE_PACKAGE_MAX))}`,
      shortWhen(p.lastInterestAt, p.timeZone),
      ...(p.attended && p.attendedAt !== null ? [`atendido el ${shortWhen(p.attendedAt, p.timeZone)}`] : []),
    ].join(' · '),
);

/** "Ana (@ana)", "Ana (#123)", "@ana" or "#123" (plain text: escape it for a message). */
export function interestPersonName(p: {
  firstName: string | null;
  username: string | null;
  userId: number;
}): string {
  const name = p.firstName?.trim() ?? '';
  const handle = p.username ? `@${p.username}` : `#${p.userId}`;
  return name ? `${name} (${handle})` : handle;
}

/** "✅ Ana · Velada", both shortened so the whole fits on a phone. */
export function interestButtonLabel(person: string, packageName: string): string {
  const head = '✅ ';
  const sep = ' · ';
  const room = LABEL_MAX - [...head].length - [...sep].length;
  const who = clip(person, Math.min([...person.trim()].length, Math.ceil(room / 2)));
  const what = clip(packageName, room - [...who].length);
  return `${head}${who}${sep}${what}`;
}

export const adminInterestButtons = {
  interests: '🙋 Intereses',
  filters: filterNames,
  categories: { any: 'Todas', ...categoryIcons } satisfies Record<PackageCategory | 'any', string>,
} as const;
