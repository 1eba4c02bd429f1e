/**
 * The baseline bot: the same menu a person meets in Lucien (greeting with a four-button
 * keyboard on /start, the menu message edited on a button press, an answer to free text),
 * written the plain grammY way, with the screen kept in a grammY session.
 */
import { Bot, type Context, InlineKeyboard, type SessionFlavor, type StorageAdapter, session } from 'grammy';

interface MenuSession {
  screen: string;
  presses: number;
}
type MenuContext = Context & SessionFlavor<MenuSession>;

const SCREENS: Record<string, string> = {
  home: 'Bienvenido de nuevo. Soy Lucien, a su servicio. ¿En qué puedo asistirle hoy?',
  about: 'Permítame presentarme: custodio de este jardín, atiendo a sus visitantes con discreción.',
};
const NAV = /^1:nav:(\w+)$/;

const menu = () =>
  new InlineKeyboard()
    .text('Acerca de', '1:nav:about')
    .text('Inicio', '1:nav:home')
    .row()
    .text('Contenido', '1:nav:content')
    .text('Ayuda', '1:nav:help');

export function createMenuBot(options: {
  token: string;
  apiRoot: string;
  storage?: StorageAdapter<MenuSession>;
}): Bot<MenuContext> {
  const bot = new Bot<MenuContext>(options.token, { client: { apiRoot: options.apiRoot } });
  bot.use(session({ initial: () => ({ screen: 'home', presses: 0 }), storage: options.storage }));
  bot.command('start', async (ctx) => {
    ctx.session.screen = 'home';
    await ctx.reply(`Buenas noches, ${ctx.from?.first_name ?? ''}. ${SCREENS.home}`, {
      reply_markup: menu(),
    });
  });
  bot.callbackQuery(NAV, async (ctx) => {
    const screen = ctx.match[1] ?? 'home';
    ctx.session.screen = screen;
    ctx.session.presses++;
    const text = SCREENS[screen] ?? SCREENS.home ?? '';
    await ctx.editMessageText(text, { reply_markup: menu() }).catch(() => {});
    await ctx.answerCallbackQuery().catch(() => {});
  });
  bot.on('message:text', async (ctx) => {
    await ctx.reply('Tomo nota de sus palabras. Si desea algo más, el menú sigue a su disposición.');
  });
  bot.catch(() => {});
  return bot;
}
