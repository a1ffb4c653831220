/**
 * The subscription benchmarks' gateway in a child process of its own (one core; subscriptions-gateway.ts),
 * and its IPC questions: memory after a full GC, CPU time so far.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FakeExchange } from '../src/simulator/fake-exchange.js';
import type { GatewayCpu, GatewayMemory } from './subscriptions-gateway.js';

export function startGatewayChild(fake: FakeExchange): Promise<{ child: ChildProcess; url: string }> {
  const entry = fileURLToPath(new URL('./subscriptions-gateway.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', entry, fake.url, fake.wsUrl], {
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench gateway exited with ${code}`)));
    child.once('message', (message: { type: string; url: string }) => resolve({ child, url: message.url }));
  });
}

function ask<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (message: T) => resolve(message));
    child.send({ type });
  });
}

export const gatewayMemory = (child: ChildProcess): Promise<GatewayMemory> => ask(child, 'memory');
export const gatewayCpu = (child: ChildProcess): Promise<GatewayCpu> => ask(child, 'cpu');

export async function stopGatewayChild(child: ChildProcess): Promise<void> {
  child.send({ type: 'stop' });
  await new Promise((resolve) => child.once('exit', resolve));
}
