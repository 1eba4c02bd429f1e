import { dateTimeFormat } from './formatters.ts';

export type PartOfDay = 'morning' | 'afternoon' | 'night';

/** The part of the day at `at` in the creator's time zone: greetings follow it. */
export function partOfDay(at: Date, timeZone: string): PartOfDay {
  const hour = Number(dateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone }).format(at));
  if (hour >= 6 && hour < 12) return 'morning';
  if (hour >= 12 && hour < 20) return 'afternoon';
  return 'night';
}

export function greetingWord(part: PartOfDay): string {
  return { morning: 'Buenos días', afternoon: 'Buenas tardes', night: 'Buenas noches' }[part];
}
