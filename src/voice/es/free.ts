import { spoken } from '../html.ts';
import { message } from '../message.ts';

/** "en un instante", "en un minuto", "en unos 5 minutos". */
function soon(waitMinutes: number): string {
  if (waitMinutes < 1) return 'en un instante';
  return waitMinutes === 1 ? 'en un minuto' : `en unos ${waitMinutes} minutos`;
}

/** A request to join the vestíbulo arrived; Diana's profiles follow as buttons. */
export const freeWelcome = message<{ waitMinutes: number }>('free.welcome', { waitMinutes: 5 }, [
  {
    weight: 3,
    render: (p) =>
      spoken(
        '🌸 Su solicitud para entrar al vestíbulo ha llegado a mis manos.',
        `Diana abre su jardín público a quien sabe esperar un momento: le abriré la puerta ${soon(p.waitMinutes)}.`,
        '',
        'Mientras tanto, quizá desee conocerla un poco más en sus perfiles…',
      ),
  },
  {
    weight: 2,
    render: (p) =>
      spoken(
        '🌸 He anotado su nombre en la lista del vestíbulo.',
        `La puerta se abrirá para usted ${soon(p.waitMinutes)}; yo mismo me encargo de ello.`,
        '',
        'Si la espera le parece larga, Diana también se deja ver en sus perfiles…',
      ),
  },
  {
    weight: 1,
    render: (p) =>
      spoken(
        '🌸 Le doy la bienvenida a las puertas del jardín público de Diana.',
        `Su solicitud está en orden y la atenderé ${soon(p.waitMinutes)}.`,
        '',
        'Entretanto, le dejo el camino hacia sus perfiles…',
      ),
  },
]);

/** The request was approved; a button into the channel follows. */
export const freeApproved = message<Record<string, never>>('free.approved', {}, [
  {
    weight: 2,
    render: () =>
      spoken(
        '🌸 La puerta del vestíbulo está abierta para usted.',
        'Diana le da la bienvenida a su jardín público. El botón de abajo le conduce dentro.',
      ),
  },
  {
    weight: 1,
    render: () =>
      spoken(
        '🌸 Ha llegado su momento: el vestíbulo le espera.',
        'Pase cuando guste; el botón de abajo le lleva directamente a las muestras del jardín.',
      ),
  },
]);

/** "en un momento", "en un minuto", "en unos 4 minutos": how long until another request counts. */
function retryWords(retryAt: number, now: number): string {
  const left = Math.ceil((retryAt - now) / 60_000);
  if (left < 1) return 'en un momento';
  return left === 1 ? 'en un minuto' : `en unos ${left} minutos`;
}

/** A second request within the anti-spam window. Times are epoch ms. */
export const freeDuplicate = message<{ retryAt: number; now: number }>(
  'free.duplicate',
  { retryAt: Date.UTC(2026, 10, 27, 15, 10), now: Date.UTC(2026, 10, 27, 15, 3) },
  [
    {
      weight: 2,
      render: (p) =>
        spoken(
          '🌸 Su solicitud ya está en mis manos… no hace falta repetirla.',
          `Le ruego un poco de paciencia: la puerta se abrirá a su debido tiempo. Si aun así desea insistir, podrá hacerlo ${retryWords(p.retryAt, p.now)}.`,
        ),
    },
    {
      weight: 1,
      render: (p) =>
        spoken(
          '🌸 Acabo de recibir su solicitud, y no la he olvidado.',
          `Las buenas puertas se abren sin prisa… Una nueva solicitud contará ${retryWords(p.retryAt, p.now)}.`,
        ),
    },
  ],
);

export const freeButtons = {
  instagram: '📸 Instagram',
  tiktok: '🎵 TikTok',
  x: '𝕏 X',
  enter: '🌸 Entrar al vestíbulo',
} as const;

/** The name of the free channel's join-request link, as admins see it in the channel's links. */
export const freeInviteLinkName = 'Lucien · vestíbulo';
