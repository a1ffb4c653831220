/**
 * A real Redis for tests: the one at REDIS_URL (flushed first) or, when that is unset, a throwaway
 * `redis-server` from PATH on a free loopback port, without persistence. Tests that kill and
 * restart the server pass `{ spawn: true }`, since a shared server must not be killed.
 * redis-topologies.ts builds Clusters and Sentinel sets from the same spawning helpers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';

export interface TestRedisServer {
  url: string;
  /** Stops the server gracefully (no-op for REDIS_URL). */
  stop(): Promise<void>;
  /** SIGKILLs the server: connections drop at once, as in a crash. */
  kill(): Promise<void>;
  /** Starts the server again on the same port, empty. */
  restart(): Promise<void>;
}

const READY_TIMEOUT_MS = 5_000;

const installHint =
  'redis-server was not found on PATH. The store tests need a real Redis: install it ' +
  '(`apt-get install redis-server`, or `brew install redis` on macOS) or set REDIS_URL to a running one.';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('could not pick a free port');
  return address.port;
}

/** True when something on the port answers PING with PONG. */
export function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(200);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export async function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((resolve) => child.once('exit', resolve));
}

/**
 * Spawns redis-server on `port` and resolves once it answers; rejects if it cannot start. `args`
 * come first (a config file, `--sentinel`), then the port and loopback settings; `extra` after.
 */
export async function spawnRedis(port: number, options: { args?: string[]; extra?: string[]; dir?: string } = {}): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    [
      ...(options.args ?? []),
      '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', options.dir ?? tmpdir(),
      ...(options.extra ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-10_000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-10_000)));
  let failure: Error | undefined;
  child.once('error', (error: NodeJS.ErrnoException) => {
    failure = error.code === 'ENOENT' ? new Error(installHint) : error;
  });
  child.once('exit', (code) => {
    failure ??= new Error(`redis-server exited (${String(code)}) before it was ready:\n${output}`);
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await answersPing(port)) || failure !== undefined) {
    if (failure === undefined && Date.now() > deadline) {
      failure = new Error(`redis-server on port ${port} did not answer within ${READY_TIMEOUT_MS} ms`);
    }
    if (failure !== undefined) {
      child.kill('SIGKILL');
      throw failure;
    }
    await sleep(10);
  }
  // A crashed test run must not leave servers behind.
  const reap = (): void => void child.kill('SIGKILL');
  process.once('exit', reap);
  child.once('exit', () => process.off('exit', reap));
  return child;
}

export async function startRedisServer(options: { spawn?: boolean } = {}): Promise<TestRedisServer> {
  const sharedUrl = process.env.REDIS_URL;
  if (sharedUrl !== undefined && sharedUrl !== '' && options.spawn !== true) {
    const client = new Redis(sharedUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await client.connect();
    await client.flushdb();
    await client.quit();
    const cannot = async (): Promise<never> => {
      throw new Error('a REDIS_URL server cannot be killed or restarted; use startRedisServer({ spawn: true })');
    };
    return { url: sharedUrl, stop: async () => undefined, kill: cannot, restart: cannot };
  }

  let port = await freePort();
  let child: ChildProcess | undefined;
  // The free port can be taken between picking and binding; pick again then.
  for (let attempt = 1; child === undefined; attempt++) {
    try {
      child = await spawnRedis(port);
    } catch (error) {
      if (attempt >= 3 || (error instanceof Error && error.message === installHint)) throw error;
      port = await freePort();
    }
  }
  let running: ChildProcess | undefined = child;

  const end = async (signal: NodeJS.Signals): Promise<void> => {
    const current = running;
    running = undefined;
    if (current === undefined) return;
    current.kill(signal);
    await waitForExit(current);
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
    async restart() {
      await end('SIGKILL');
      running = await spawnRedis(port);
    },
  };
}
