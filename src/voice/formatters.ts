/**
 * Intl formatters are costly to build (tens of microseconds each) and cheap to reuse: one per
 * locale, options and time zone, kept for the life of the process.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** A shared DateTimeFormat for these locale and options. */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, formatter);
  }
  return formatter;
}
