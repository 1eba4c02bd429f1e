/** The bot's command menu, as Telegram shows it beside the text field. */
export const commandMenu = [
  { command: 'start', description: 'Abrir el menú principal' },
  { command: 'help', description: 'Cómo le sirve Lucien' },
] as const;

/** The fuller menu each admin sees in their own chat with the bot. */
export const custodianCommandMenu = [
  ...commandMenu,
  { command: 'admin', description: 'La custodia del reino' },
] as const;
