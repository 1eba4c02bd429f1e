export * from './es/commands.ts';
export * from './es/greetings.ts';
export * from './es/menu.ts';
export * from './es/problems.ts';
export { escapeHtml, HEADER, spoken } from './html.ts';
export { chooseVariant, type Message, renderMessage } from './message.ts';
export { greetingWord, type PartOfDay, partOfDay } from './time.ts';
