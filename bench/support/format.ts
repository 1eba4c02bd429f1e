/** Shared printing for the benchmarks: aligned tables and target lines. */

/** Prints a table: the first column left-aligned, the others right-aligned, each as wide as needed. */
export function printTable(headers: string[], rows: string[][]): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(`\n${line(headers)}`);
  for (const row of rows) console.log(line(row));
}

/** One target: what was measured, against what, met or not. */
export function printTarget(what: string, value: string, target: string, met: boolean): void {
  console.log(
    `${what.padEnd(52)} ${value.padStart(10)}   target ${target.padEnd(24)} ${met ? 'met' : 'NOT met'}`,
  );
}

export const mib = (bytes: number): string => (bytes / 1048576).toFixed(0);
export const fixed = (n: number, digits = 1): string => n.toFixed(digits);
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
