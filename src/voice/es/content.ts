import type { PackageCategory } from '../../machines/conversation/admin-view.ts';
import { escapeHtml, spoken } from '../html.ts';
import { fixed, message } from '../message.ts';

/** Who is looking at the content: the free side sees the garden, the Diván the sanctum. */
export type ContentRole = 'FREE' | 'VIP' | 'ADMIN';

/** The emoji of each kind of content (VOICE.md: 🌸 the free side, 👑 VIP, 💎 premium). */
export const categoryIcons: Record<PackageCategory, string> = {
  FREE_CONTENT: '🌸',
  VIP_CONTENT: '👑',
  VIP_PREMIUM: '💎',
};

/** The world's name of each kind of content, in lower case to sit inside a sentence. */
export const categoryNames: Record<PackageCategory, string> = {
  FREE_CONTENT: 'muestras del jardín',
  VIP_CONTENT: 'contenido del Diván',
  VIP_PREMIUM: 'tesoros del sanctum',
};

/** "💎 tesoros del sanctum". */
export const categoryPhrase = (category: PackageCategory): string =>
  `${categoryIcons[category]} ${categoryNames[category]}`;

/** "10.00 USD", or "acceso gratuito" for a package without a price (plain text). */
export function packagePrice(price: string | null, currency?: string | null): string {
  if (price === null) return 'acceso gratuito';
  return currency ? `${price} ${currency}` : price;
}

/** One package as a list line of the member's side. */
export interface ContentLine {
  name: string;
  category: PackageCategory;
  price: string | null;
  currency: string;
}

const sampleLines = [
  '• 💎 <b>Velada &lt;privada&gt;</b> · 25.00 USD',
  '• 👑 <b>Cartas del Diván</b> · acceso gratuito',
];

/** How many characters of a package name a list line keeps. */
const LINE_NAME_MAX = 60;

function clipName(text: string, max: number): string {
  const chars = [...text.trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

export const contentLine = fixed<ContentLine>(
  'content.line',
  { name: 'Velada <privada>', category: 'VIP_PREMIUM', price: '25.00', currency: 'USD' },
  (p) =>
    `• ${categoryIcons[p.category]} <b>${escapeHtml(clipName(p.name, LINE_NAME_MAX))}</b> · ${escapeHtml(packagePrice(p.price, p.currency))}`,
);

const isGarden = (role: ContentRole) => role === 'FREE';

interface ListParams {
  role: ContentRole;
  lines: string[];
  total: number;
  pageLine: string;
}

const tail = (p: ListParams) => [...p.lines, ...(p.pageLine ? ['', p.pageLine] : [])];

/** The packages a person's role opens to them, one page of them. */
export const contentList = message<ListParams>(
  'content.list',
  { role: 'VIP', lines: sampleLines, total: 2, pageLine: 'Página 1 de 2' },
  [
    {
      weight: 2,
      render: (p) =>
        isGarden(p.role)
          ? spoken(
              '🌸 <b>Las muestras del jardín</b>',
              '',
              'Diana ha dejado aquí, al alcance de quien se asoma al vestíbulo, algunas muestras de lo que prepara…',
              '',
              ...tail(p),
              '',
              'Elija una y le contaré de qué se trata.',
            )
          : spoken(
              '💎 <b>Los tesoros del sanctum</b>',
              '',
              'Lo que Diana reserva para el círculo exclusivo, dispuesto para su mirada…',
              '',
              ...tail(p),
              '',
              'Elija uno y le revelaré sus detalles.',
            ),
    },
    {
      weight: 1,
      render: (p) =>
        isGarden(p.role)
          ? spoken(
              '🌸 <b>Las muestras del jardín</b>',
              '',
              'Pase usted: estas son las flores que Diana deja ver desde el camino.',
              '',
              ...tail(p),
              '',
              'Si alguna le llama la atención, basta con elegirla.',
            )
          : spoken(
              '💎 <b>Los tesoros del sanctum</b>',
              '',
              'He abierto la vitrina para usted… Cada pieza lleva la firma de Diana.',
              '',
              ...tail(p),
              '',
              'Elija la que desee conocer de cerca.',
            ),
    },
  ],
);

/** No package open to this role yet. */
export const contentEmpty = message<{ role: ContentRole }>('content.empty', { role: 'FREE' }, [
  {
    weight: 2,
    render: (p) =>
      isGarden(p.role)
        ? spoken(
            '🌸 El jardín descansa por ahora… Diana aún no ha dejado muestras a la vista.',
            'Cuando florezca algo nuevo, lo encontrará aquí antes que nadie.',
          )
        : spoken(
            '💎 La vitrina del sanctum aguarda sus próximos tesoros…',
            'Diana los prepara con calma; en cuanto los coloque, aquí estarán esperándole.',
          ),
  },
  {
    weight: 1,
    render: (p) =>
      isGarden(p.role)
        ? spoken(
            '🌸 Ni una flor a la vista todavía… El jardín se está preparando.',
            'Vuelva dentro de poco: Diana siempre tiene algo entre manos.',
          )
        : spoken(
            '💎 El sanctum guarda silencio esta vez… nada nuevo reposa aún en la vitrina.',
            'Le avisaré con gusto cuando Diana descubra la próxima pieza.',
          ),
  },
]);

/** One package, as its detail (a photo's caption when it has one). */
export interface ContentDetail {
  name: string;
  category: PackageCategory;
  description: string | null;
  price: string | null;
  currency: string;
}

const detailBody = (p: ContentDetail): string[] => [
  `${categoryIcons[p.category]} <b>${escapeHtml(p.name)}</b>`,
  `<i>${categoryNames[p.category][0]?.toUpperCase()}${categoryNames[p.category].slice(1)}</i>`,
  '',
  ...(p.description ? [escapeHtml(p.description), ''] : []),
  p.price === null
    ? '✨ <b>Acceso gratuito</b>, por deseo de Diana.'
    : `Precio: <b>${escapeHtml(packagePrice(p.price, p.currency))}</b>`,
];

export const contentDetail = message<ContentDetail>(
  'content.detail',
  {
    name: 'Velada <privada> & "más"',
    category: 'VIP_PREMIUM',
    description: 'Una noche <solo> para el círculo.',
    price: '25.00',
    currency: 'USD',
  },
  [
    {
      weight: 2,
      render: (p) =>
        spoken(
          ...detailBody(p),
          '',
          'Si desea hacerlo suyo, pulse «💌 Me interesa» y se lo haré saber a Diana en persona.',
        ),
    },
    {
      weight: 1,
      render: (p) =>
        spoken(
          ...detailBody(p),
          '',
          '¿Le tienta? Con «💌 Me interesa» llevo su deseo hasta Diana, con toda discreción.',
        ),
    },
  ],
);

/** A package that is no longer offered (an old button). */
export const contentMissing = fixed('content.missing', {}, () =>
  spoken(
    'Esa pieza ya no está en la vitrina… Quizá Diana la ha retirado hace un momento.',
    'Le dejo el camino de vuelta a lo que sí está disponible.',
  ),
);

/** The thanks after "💌 Me interesa"; the admins hear of it separately. */
export const interestThanks = message<Record<string, never>>('content.interestThanks', {}, [
  {
    weight: 3,
    render: () =>
      spoken(
        '💌 Anotado, con la discreción de siempre.',
        'He hecho llegar su interés a Diana; ella, o yo en su nombre, le escribirá muy pronto.',
      ),
  },
  {
    weight: 2,
    render: () =>
      spoken(
        '💌 Su deseo ya viaja hacia Diana…',
        'No necesita hacer nada más: en breve alguien de su confianza se pondrá en contacto con usted.',
      ),
  },
  {
    weight: 1,
    render: () =>
      spoken(
        '💌 Excelente elección, si me permite decirlo.',
        'Diana ya sabe de su interés. Le ruego un poco de paciencia: pronto tendrá noticias.',
      ),
  },
]);

export interface InterestNoticeParams {
  firstName: string | null;
  username: string | null;
  userId: number;
  packageName: string;
  category: PackageCategory;
  price: string | null;
  /** Shown after the price when given. */
  currency?: string | null;
}

/** What the admins receive when someone presses "💌 Me interesa": who, what, and a way to reach them. */
export const interestNotice = fixed<InterestNoticeParams>(
  'content.interestNotice',
  {
    firstName: 'Ana <la "curiosa">',
    username: 'ana_99',
    userId: 123456789,
    packageName: 'Velada <privada>',
    category: 'VIP_PREMIUM',
    price: '25.00',
    currency: 'USD',
  },
  (p) => {
    const name = p.firstName?.trim() || (p.username ? `@${p.username}` : `#${p.userId}`);
    const link = `<a href="tg://user?id=${p.userId}">${escapeHtml(name)}</a>`;
    const handle = p.username && name !== `@${p.username}` ? ` (@${escapeHtml(p.username)})` : '';
    return spoken(
      '💌 <b>Un nuevo interés</b>',
      '',
      `${link}${handle} desea <b>${escapeHtml(p.packageName)}</b>.`,
      `${categoryPhrase(p.category)} · ${escapeHtml(packagePrice(p.price, p.currency))}`,
      `Identificador: ${p.userId}`,
      '',
      'Pulse su nombre para escribirle; cuando lo haya atendido, márquelo aquí abajo.',
    );
  },
);

/** Button labels of the member's side; every one fits on a phone. */
export const contentButtons = {
  interested: '💌 Me interesa',
  backToList: '⬅️ Volver a la vitrina',
  mainMenu: '⬅️ Menú principal',
  previous: '◀ Anterior',
  next: 'Siguiente ▶',
} as const;

/** The button under an interest notice: marks the interest attended. */
export const interestNoticeButton = '✅ Marcar atendido';

/** A list button: the category's emoji and the name, shortened to fit a phone. */
export function contentButtonLabel(p: { name: string; category: PackageCategory }): string {
  return `${categoryIcons[p.category]} ${clipName(p.name, 21)}`;
}
