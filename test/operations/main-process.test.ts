/**
 * The real entry point (src/main.ts, run by node with tsx's loader) against the fake exchange: it serves, and on
 * SIGTERM and on SIGINT it completes an open SSE subscription, logs its stop and exits with 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { testEnv } from '../helpers/test-gateway.js';
import { testKeys } from '../helpers/api-keys.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

let fake: FakeExchange;
const children: ChildProcess[] = [];

beforeAll(async () => {
  fake = await startFakeExchange({ streamUpdateIntervalMs: 100 });
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await fake.close();
});

/** Starts main.ts; resolves with the process, its output so far and its GraphQL base URL. */
async function startMain(): Promise<{ child: ChildProcess; output: { text: string }; url: string }> {
  // node with tsx's loader, not the tsx CLI: the CLI is a parent process that relays signals and
  // SIGKILLs the child when it does not acknowledge one within 30 ms (seen on a loaded machine), so
  // the signal would not reach main.ts's own handling reliably.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...testEnv(fake, { SHUTDOWN_TIMEOUT_MS: '5000' }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const output = { text: '' };
  child.stdout?.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`main.ts did not start:\n${output.text}`)), 30_000);
    const check = () => {
      const match = /"url":"(http:\/\/[^"]+)\/graphql"/.exec(output.text);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => reject(new Error(`main.ts exited (${String(code)}):\n${output.text}`)));
  });
  return { child, output, url };
}

function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('main.ts', () => {
  // Concurrent: most of each test is tsx starting up.
  it.concurrent.each(['SIGTERM', 'SIGINT'] as const)('on %s completes open subscriptions and exits with 0', async (signal) => {
    const { child, output, url } = await startMain();
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);

    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-api-key': testKeys.read },
      body: JSON.stringify({ query: 'subscription { candles(symbol: "BTCUSDT", interval: MIN_1) { close } }' }),
    });
    const decoder = new TextDecoder();
    let stream = '';
    const reader = (response.body as unknown as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    while (!stream.includes('event: next')) {
      const { value, done } = await reader.next();
      if (done) break;
      stream += decoder.decode(value, { stream: true });
    }
    child.kill(signal);
    for (let chunk = await reader.next(); !chunk.done; chunk = await reader.next()) stream += decoder.decode(chunk.value, { stream: true });

    expect(await exitCode(child)).toBe(0);
    expect(stream).toContain('event: complete');
    expect(output.text).toContain(`"signal":"${signal}"`);
    expect(output.text).toContain('"msg":"stopped"');
    // tsx compiles the whole app at start: slow on a loaded machine (the full suite runs files in parallel).
  }, 60_000);
});
