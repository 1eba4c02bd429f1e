/** The bot's command menu, as Telegram shows it beside the text field. */
export const commandMenu = [
  { command: 'start', description: 'Abrir el menú principal' },
  { command: 'help', description: 'Cómo le sirve Lucien' },
] as const;
