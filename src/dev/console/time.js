/*
 * Times as the app sees them. The app has its own clock (the sandbox moves it), so "in 3 h" is
 * measured against it, and the top bar shows it.
 */

import { $ } from './dom.js';

let offsetMs = 0;
export const appNow = () => Date.now() + offsetMs;

/** The date, or null when `value` is not a time. */
function toDate(value) {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Sets the app's clock from the server's `now`. */
export function setAppNow(now) {
  const date = toDate(now);
  if (!date) return;
  offsetMs = date.getTime() - Date.now();
  showAppClock();
}

export function showAppClock() {
  $('clock-now').textContent = `app clock ${formatTime(appNow())}`;
}

export function formatTime(value) {
  const date = toDate(value);
  return date ? `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC` : String(value);
}

/** The time of day when it is the app's today, else month, day and minutes. */
export function shortTime(value) {
  const date = toDate(value);
  if (!date) return String(value);
  const iso = date.toISOString();
  const today = iso.slice(0, 10) === new Date(appNow()).toISOString().slice(0, 10);
  return today ? iso.slice(11, 19) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

const UNITS = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
  ['s', 1000],
];

/** "in 3 h", "5 min ago": against the app's clock. */
export function relativeTime(value) {
  const date = toDate(value);
  if (!date) return '';
  const diff = date.getTime() - appNow();
  const abs = Math.abs(diff);
  const [unit, size] = UNITS.find(([, ms]) => abs >= ms) ?? ['s', 1000];
  const amount = Math.round(abs / size);
  return diff >= 0 ? `in ${amount} ${unit}` : `${amount} ${unit} ago`;
}

export const looksLikeTime = (key, value) =>
  (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) ||
  (typeof value === 'number' && /(At|_at|date)$/i.test(key) && value > 1e12);
