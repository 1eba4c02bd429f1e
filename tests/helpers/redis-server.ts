import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import type { Callback, Test } from 'uvu';
import { skipReason } from './skip.ts';

/** A redis-server child process owned by one test file. */
export interface RedisServer {
  url: string;
  port: number;
  /** SIGKILL, as a crash would; resolves once the process is gone. Idempotent. */
  kill(): Promise<void>;
  /** Starts a fresh, empty server on the same port (after kill()). */
  restart(): Promise<void>;
}

const READY_TIMEOUT_MS = 5_000;

/** Why redis-server cannot run here, or undefined when it can. */
export function redisServerMissingReason(): string | undefined {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined) return `redis-server is not on PATH (${probe.error.message})`;
  if (probe.status !== 0) return `redis-server --version exited with ${probe.status}`;
  return undefined;
}

/**
 * Registers tests that need redis-server. When it cannot run here they are left out and reported with
 * one "SKIPPED: <reason>" line (see skip.ts); under CI that situation throws instead, failing the file.
 */
export function redisServerTests(test: Test): {
  available: boolean;
  test: (name: string, callback: Callback) => void;
} {
  if (!skipReason(redisServerMissingReason())) return { available: true, test };
  return { available: false, test: () => undefined };
}

export async function startRedisServer(port?: number): Promise<RedisServer> {
  const chosenPort = port ?? (await freePort());
  let child: ChildProcess | undefined = await spawnRedis(chosenPort);

  const kill = async () => {
    const current = child;
    child = undefined;
    if (current === undefined || current.exitCode !== null || current.signalCode !== null) return;
    const exited = once(current, 'exit');
    current.kill('SIGKILL');
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${chosenPort}`,
    port: chosenPort,
    kill,
    restart: async () => {
      await kill();
      child = await spawnRedis(chosenPort);
    },
  };
}

async function spawnRedis(port: number): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawn('redis-server', [...args, '--daemonize', 'no', '--dir', tmpdir()], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  // A test that dies half-way must not leave a server behind holding the port.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await answersPing(port))) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `redis-server on port ${port} did not answer PING within ${READY_TIMEOUT_MS} ms:\n${output}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return child;
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => finish(data.toString().startsWith('+PONG')));
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('could not read the free port');
  return address.port;
}
