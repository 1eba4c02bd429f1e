import { dateTimeFormat } from './formatters.ts';

/** "27 de noviembre de 2026" in the creator's time zone. */
export function formatDate(at: number, timeZone: string): string {
  return dateTimeFormat('es-MX', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone,
  }).format(at);
}

/** "27 de noviembre de 2026, 18:30" in the creator's time zone. */
export function formatDateTime(at: number, timeZone: string): string {
  return dateTimeFormat('es-MX', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(at);
}

/** "1 día", "3 días". */
export function days(n: number): string {
  return n === 1 ? '1 día' : `${n} días`;
}

/** Whole days left until `until`, rounded to the nearest day, never below zero. */
export function daysLeft(until: number, now: number): number {
  return Math.max(0, Math.round((until - now) / 86_400_000));
}
