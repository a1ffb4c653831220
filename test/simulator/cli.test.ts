/**
 * The standalone command (src/simulator/main.ts, `npm run simulator`): one JSON line on stdout
 * with the URLs and credentials, logs on stderr only, options applied, bad options refused with
 * every problem named, and a clean exit 0 on SIGTERM and SIGINT.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SimWsApi } from '../../src/simulator/sim-client.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function run(args: string[]): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/simulator/main.ts', ...args], { cwd: root, stdio: 'pipe' });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

async function firstLine(r: Run): Promise<Record<string, string>> {
  const deadline = Date.now() + 20_000;
  while (!r.stdout().includes('\n')) {
    if (Date.now() > deadline) throw new Error(`no line on stdout; stderr: ${r.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return JSON.parse(r.stdout().split('\n')[0] as string) as Record<string, string>;
}

describe('npm run simulator', () => {
  it('prints one JSON line, serves REST and the WebSocket API, and stops with exit 0 on SIGTERM', async () => {
    const r = run(['--port', '0', '--seed', '5', '--symbols', 'BTCUSDT,ETHUSDT', '--api-key', 'cli-key', '--api-secret', 'cli-secret']);
    try {
      const info = await firstLine(r);
      expect(Object.keys(info).sort()).toEqual(['apiKey', 'apiSecret', 'baseUrl', 'wsApiUrl', 'wsUrl']);
      expect(info).toMatchObject({ apiKey: 'cli-key', apiSecret: 'cli-secret', baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
      const exchangeInfo = (await (await fetch(`${info.baseUrl}/api/v3/exchangeInfo`)).json()) as { symbols: Array<{ symbol: string }> };
      expect(exchangeInfo.symbols.map((s) => s.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
      const api = await SimWsApi.open(info.wsApiUrl as string);
      expect((await api.request('ping')).status).toBe(200);
      api.close();
      r.child.kill('SIGTERM');
      expect(await r.exit).toBe(0);
      expect(r.stdout().trim().split('\n')).toHaveLength(1); // stdout carries nothing but the line
      expect(r.stderr()).toContain('SIGTERM');
    } finally {
      r.child.kill('SIGKILL');
    }
  });

  it('stops with exit 0 on SIGINT and freezes the clock when asked', async () => {
    const r = run(['--freeze-at', '2024-03-01T12:00:00Z']);
    try {
      const info = await firstLine(r);
      const { serverTime } = (await (await fetch(`${info.baseUrl}/api/v3/time`)).json()) as { serverTime: number };
      expect(serverTime).toBe(Date.UTC(2024, 2, 1, 12));
      r.child.kill('SIGINT');
      expect(await r.exit).toBe(0);
    } finally {
      r.child.kill('SIGKILL');
    }
  });

  it('refuses bad options with every problem named, exit 2, and nothing on stdout', async () => {
    const r = run(['--port', 'x', '--symbols', 'DOGEUSDT', '--freeze-at', 'soon']);
    expect(await r.exit).toBe(2);
    expect(r.stdout()).toBe('');
    expect(r.stderr()).toContain('--port expects an integer >= 0, received "x"');
    expect(r.stderr()).toContain('--symbols: unknown DOGEUSDT');
    expect(r.stderr()).toContain('--freeze-at expects an ISO 8601 time or epoch ms, received "soon"');
    const help = run(['--help']);
    expect(await help.exit).toBe(0);
    expect(help.stderr()).toContain('Usage: npm run simulator');
  });
});
