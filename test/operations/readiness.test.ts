/**
 * /readyz follows the store and the exchange, as the contract says: 503 while Redis is down (a real
 * redis-server, killed and restarted) or while the exchange fails /api/v3/time, 200 once they answer
 * again. /healthz stays 200 throughout. Neither needs an API key.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { startRedisServer, type TestRedisServer } from '../helpers/redis-server.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

let fake: FakeExchange;
let redis: TestRedisServer;
const gateways: TestGateway[] = [];

beforeAll(async () => {
  fake = await startFakeExchange({ streamUpdateIntervalMs: 0 });
  redis = await startRedisServer({ spawn: true });
});
afterAll(async () => {
  await Promise.all(gateways.map((gw) => gw.stop()));
  await redis.stop();
  await fake.close();
});

async function status(url: string, path: '/readyz' | '/healthz'): Promise<number> {
  return (await fetch(`${url}${path}`)).status;
}

/** Polls /readyz until it answers `expected`; returns how many answers it took. */
async function readyzBecomes(url: string, expected: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 0;
  while (Date.now() < deadline) {
    last = await status(url, '/readyz');
    if (last === expected) return;
    await sleep(50);
  }
  throw new Error(`/readyz still answers ${last}, expected ${expected}`);
}

describe('/readyz', () => {
  it('is 503 while Redis is down and 200 again once it is back; /healthz stays 200', async () => {
    const gw = await startTestGateway({ fake, env: { REDIS_URL: redis.url } });
    gateways.push(gw);
    expect(await status(gw.url, '/readyz')).toBe(200);

    await redis.kill();
    await readyzBecomes(gw.url, 503);
    expect(await status(gw.url, '/healthz')).toBe(200);

    await redis.restart();
    await readyzBecomes(gw.url, 200);
    expect(await status(gw.url, '/healthz')).toBe(200);
  });

  it('is 503 while the exchange fails /api/v3/time and 200 once it answers; /healthz stays 200', async () => {
    const gw = await startTestGateway({ fake });
    gateways.push(gw);
    fake.inject('/api/v3/time', { status: 503, times: 100 });
    try {
      expect(await status(gw.url, '/readyz')).toBe(503);
      expect(await status(gw.url, '/healthz')).toBe(200);
    } finally {
      fake.clearFaults();
    }
    expect(await status(gw.url, '/readyz')).toBe(200);
    expect(gw.logLines.some((line) => line.includes('readiness: not ready, the exchange does not answer: it answered with a server error (503)'))).toBe(true);
  });

  it('is 503 while the exchange does not answer at all', async () => {
    const gw = await startTestGateway({ fake, env: { BINANCE_TIMEOUT_MS: '300' } });
    gateways.push(gw);
    fake.inject('/api/v3/time', { hang: true, times: 100 });
    try {
      expect(await status(gw.url, '/readyz')).toBe(503);
    } finally {
      fake.clearFaults();
    }
    expect(await status(gw.url, '/readyz')).toBe(200);
  });
});
