import { type ImportKind, importKinds, importProgress } from '../voice/es/import.ts';
import { renderMessage } from '../voice/message.ts';

/** How the importer tells how far it got; the CLI draws it on stderr, tests pass a silent one. */
export interface Progress {
  start(kind: ImportKind, total: number): void;
  advance(count: number): void;
  finish(): void;
}

export const silentProgress: Progress = { start() {}, advance() {}, finish() {} };

const BAR_WIDTH = 30;
const LINE_EVERY_MS = 2_000;
const number = new Intl.NumberFormat('es');

interface Stream {
  isTTY?: boolean;
  write(chunk: string): unknown;
}

/**
 * On a terminal, a bar redrawn in place; elsewhere (a log file, CI) a line at most every two
 * seconds and one when a kind is done.
 */
export function streamProgress(stream: Stream, now: () => number = Date.now): Progress {
  let kind: ImportKind = 'users';
  let total = 0;
  let done = 0;
  let lastLineAt = 0;
  const line = () => {
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
    return renderMessage(importProgress, {
      kind: importKinds[kind],
      done: number.format(done),
      total: number.format(total),
      percent,
    }).text;
  };
  const draw = () => {
    const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
    stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${line()}\u001b[K`);
  };
  return {
    start(next, count) {
      kind = next;
      total = count;
      done = 0;
      lastLineAt = now();
      if (stream.isTTY) draw();
    },
    advance(count) {
      done = Math.min(total, done + count);
      if (stream.isTTY) draw();
      else if (now() - lastLineAt >= LINE_EVERY_MS) {
        lastLineAt = now();
        stream.write(`${line()}\n`);
      }
    },
    finish() {
      done = total;
      stream.write(stream.isTTY ? `\r[${'#'.repeat(BAR_WIDTH)}] ${line()}\u001b[K\n` : `${line()}\n`);
    },
  };
}
