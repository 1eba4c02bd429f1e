import {
  importColumns,
  importDryRunDone,
  importKinds,
  importMergedPlans,
  importSkipLine,
  importSkipReasons,
  importTimers,
  importTiming,
} from '../voice/es/import.ts';
import { type Message, renderMessage } from '../voice/message.ts';
import type { ImportReport } from './tally.ts';

const say = <P>(m: Message<P>, params: P) => renderMessage(m, params).text;
const number = new Intl.NumberFormat('es', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('es', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** Columns padded to their widest cell; the first left-aligned, the figures right-aligned. */
function layout(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, i) => {
        const pad = ' '.repeat((widths[i] ?? 0) - [...cell].length);
        return i === 0 ? cell + pad : pad + cell;
      })
      .join('  ')
      .trimEnd(),
  );
}

/**
 * The table printed at the end: per kind, read / imported / already there / skipped, then why
 * records were skipped, then the time and the rate.
 */
export function renderSummary(report: ImportReport): string {
  const header = say(importColumns, { dryRun: report.dryRun }).split('\t');
  const rows = report.tallies.map((t) => [
    importKinds[t.kind],
    number.format(t.read),
    number.format(t.imported),
    number.format(t.already),
    number.format(t.skippedTotal),
  ]);
  const lines = layout([header, ...rows]);
  const rule = '─'.repeat(Math.max(...lines.map((l) => [...l].length)));
  const out = [lines[0] as string, rule, ...lines.slice(1), rule];
  for (const t of report.tallies) {
    for (const [reason, count] of t.skipped) {
      out.push(say(importSkipLine, { count, kind: importKinds[t.kind], reason: importSkipReasons[reason] }));
    }
  }
  const plans = report.tallies.find((t) => t.kind === 'plans');
  if (plans && plans.imported + plans.already > report.plansAfterMerge && report.plansAfterMerge > 0)
    out.push(say(importMergedPlans, { rows: plans.imported + plans.already, plans: report.plansAfterMerge }));
  const seconds = Math.max(report.elapsedMs, 1) / 1000;
  const records = report.tallies.reduce((sum, t) => sum + t.read, 0);
  const users = report.tallies.find((t) => t.kind === 'users')?.read ?? 0;
  out.push(
    say(importTiming, {
      seconds: decimal.format(seconds),
      rate: number.format(records / seconds),
      users: number.format(users),
      usersRate: number.format(users / seconds),
    }),
  );
  out.push(report.dryRun ? say(importDryRunDone, {}) : say(importTimers, { timers: report.timersScheduled }));
  return out.join('\n');
}
