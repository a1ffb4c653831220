/**
 * Codegen and the typed example client: the committed examples/generated/ is what `npm run codegen`
 * makes now (stale output fails here; `npm run typecheck` covers examples/ too), and the example
 * runs against a real gateway: candles, a paper trade, balances, live candles.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import codegenConfig from '../../codegen.js';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { testKeys } from '../helpers/api-keys.js';
import { execute, expectData } from '../helpers/graphql-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const root = resolve(import.meta.dirname, '../..');

let fake: FakeExchange;
let gateway: TestGateway;

beforeAll(async () => {
  fake = await startFakeExchange({ streamUpdateIntervalMs: 200 });
  gateway = await startTestGateway({ fake });
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
});

/** Runs examples/typed-client.ts in its own Node process, as a user would. */
function runExample(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/typed-client.ts'], {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', fail);
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

describe('codegen', () => {
  it('has generated examples/generated from the current schema and operations', async () => {
    const outputs = (await generate({ ...codegenConfig, cwd: root, silent: true }, false)) as {
      filename: string;
      content: string;
    }[];
    expect(outputs.length).toBeGreaterThan(0);
    for (const output of outputs) {
      const path = relative(root, resolve(root, output.filename));
      let committed = '';
      try {
        committed = readFileSync(resolve(root, path), 'utf8');
      } catch {
        committed = '(missing)';
      }
      expect(committed, `${path} is stale: run npm run codegen`).toBe(output.content);
    }
  });
});

describe('examples/typed-client.ts', () => {
  it('reads candles, places a paper trade, places, follows and cancels a LIMIT order, and follows live candles with the generated types', async () => {
    const result = await runExample({ GATEWAY_URL: gateway.url, GATEWAY_API_KEY: testKeys.readTrade, LIVE_UPDATES: '2' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^candles: 5 BTCUSDT MIN_1 bars, last close \d+\.\d+ at \d{4}-\d\d-\d\dT/);
    expect(lines[1]).toMatch(/^paper trade: BUY \d+\.\d+ BTCUSDT for \d+(\.\d+)?, FILLED, fees \d+(\.\d+)?, clientOrderId \S+$/);
    expect(lines[2]).toMatch(/^balances: .*BTC \d+\.\d+/);
    expect(lines[3]).toMatch(/^limit order: NEW BUY 0\.001 at \d+\.\d+, clientOrderId (\S+)$/);
    const limitId = /clientOrderId (\S+)$/.exec(lines[3] ?? '')?.[1] ?? '';
    expect(lines[4]).toMatch(new RegExp(`^cancel: ${limitId} CANCELED at \\d{4}-`));
    // The order's updates over orderUpdates, in order, the cancel's last.
    expect(lines.slice(5, 7)).toEqual([`update: NEW ${limitId} NEW`, `update: CANCELED ${limitId} CANCELED`]);
    expect(lines.slice(7)).toHaveLength(2);
    for (const line of lines.slice(7)) expect(line).toMatch(/^live: BTCUSDT \S+ close \d+\.\d+/);

    // The order it reports is the one the gateway booked for that key.
    const clientOrderId = /clientOrderId (\S+)$/.exec(lines[1] ?? '')?.[1];
    const account = expectData(
      await execute<{ paperAccount: { orders: { clientOrderId: string }[] } }>(
        gateway.url,
        '{ paperAccount { orders { clientOrderId } } }',
        { apiKey: testKeys.readTrade },
      ),
    );
    expect(account.paperAccount.orders.map((order) => order.clientOrderId)).toContain(clientOrderId);
  });

  it('stops with the contract error code when the key may not trade', async () => {
    const result = await runExample({ GATEWAY_URL: gateway.url, GATEWAY_API_KEY: testKeys.read });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('gateway error FORBIDDEN');
  });
});
