import type { LegacyValue } from './schema.ts';

/**
 * Readers of the previous bot's values, whichever source they come from: SQLite gives numbers
 * and strings, the Postgres source gives text. Each returns null for what it cannot read.
 */

/** A non-empty string, or null. */
export function text(value: LegacyValue): string | null {
  if (value === null) return null;
  const s = String(value);
  return s === '' ? null : s;
}

/** A whole number (Telegram ids included: they fit in a double exactly). */
export function whole(value: LegacyValue): number | null {
  if (value === null || value === '') return null;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  return Number.isSafeInteger(n) ? n : null;
}

/** A decimal, as the exact two-place string Lucien stores ("9.99"). */
export function money(value: LegacyValue): string | null {
  if (value === null || value === '') return null;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  return Number.isFinite(n) ? n.toFixed(2) : null;
}

/** 0/1 (SQLite) or true/false, t/f (Postgres text). */
export function flag(value: LegacyValue): boolean {
  if (typeof value === 'number') return value !== 0;
  return ['1', 't', 'true', 'yes'].includes(String(value ?? '').toLowerCase());
}

const NAIVE_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;

/**
 * A naive UTC timestamp ("2026-01-24 06:12:57.558853") as epoch ms; microseconds are dropped,
 * as everywhere in Lucien's clock. An explicit offset, if a Postgres source has one, is honoured.
 */
export function instant(value: LegacyValue): number | null {
  const s = text(value)?.trim();
  if (!s) return null;
  const naive = NAIVE_TIME.exec(s);
  const iso = naive ? `${naive[1]}T${naive[2]}Z` : s.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00');
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}

/** A JSON column (text in both sources); null when empty or unreadable. */
export function json(value: LegacyValue): unknown {
  const s = text(value);
  if (s === null) return null;
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}
