/**
 * "A failing exchange" (contract): a call to an exchange that does not answer ends within
 * 2 × BINANCE_TIMEOUT_MS, with margin, retries included; once several calls in a row have failed,
 * further calls fail within 100 ms, without reaching the exchange, until a probe succeeds. Failures
 * say what happened (DNS, refused, timeout). Against the fake exchange over real HTTP.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BinanceClient, type BinanceClientOptions } from '../../src/exchange/binance-client.js';
import { ExchangeCircuitOpenError, ExchangeRejectedError, ExchangeUnavailableError } from '../../src/exchange/errors.js';
import { createLogger } from '../../src/observability/logger.js';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { createMemoryStore } from '../../src/store/memory-store.js';

let fake: FakeExchange;
const clients: BinanceClient[] = [];

function client(overrides: Partial<BinanceClientOptions> = {}): BinanceClient {
  const created = new BinanceClient({
    baseUrl: fake.url,
    recvWindowMs: 5000,
    requestTimeoutMs: 300,
    totalTimeoutMs: 600,
    maxConcurrentRequests: 4,
    weightHeadroom: 0.9,
    retryBaseDelayMs: 10,
    breakerThreshold: 3,
    breakerCooldownMs: 400,
    store: createMemoryStore(),
    logger: createLogger('silent'),
    ...overrides,
  });
  clients.push(created);
  return created;
}

async function timed<T>(call: () => Promise<T>): Promise<{ ms: number; error: unknown }> {
  const started = performance.now();
  try {
    await call();
    return { ms: performance.now() - started, error: undefined };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  fake = await startFakeExchange({ weightLimitPerMinute: 1_000_000 });
});
afterEach(() => {
  fake.clearFaults();
  clients.splice(0).forEach((c) => c.close());
});
afterAll(async () => {
  await fake.close();
});

describe('the call bound (2 × BINANCE_TIMEOUT_MS, with margin)', () => {
  it('ends a hung call before the bound, as a timeout', async () => {
    const c = client({ requestTimeoutMs: 1000, totalTimeoutMs: 2000 });
    fake.inject('/api/v3/ticker/price', { hang: true, times: 10 });
    const { ms, error } = await timed(() => c.tickerPrice('BTCUSDT'));
    expect(error).toBeInstanceOf(ExchangeUnavailableError);
    expect((error as ExchangeUnavailableError).reason).toBe('timeout');
    expect(ms).toBeGreaterThan(900);
    expect(ms).toBeLessThan(2000);
  });

  it('cuts retries of slow failures at the bound instead of starting one more', async () => {
    const c = client({ requestTimeoutMs: 1000, totalTimeoutMs: 2000 });
    // Each attempt takes 800 ms and fails: three attempts would take 2.4 s, past the bound.
    fake.inject('/api/v3/ticker/price', { status: 503, delayMs: 800, times: 3 });
    const { ms, error } = await timed(() => c.tickerPrice('BTCUSDT'));
    expect(error).toBeInstanceOf(ExchangeUnavailableError);
    expect(ms).toBeLessThan(2000);
  });

  it('holds calls queued behind a hung one to the same bound, and does not send them late', async () => {
    const c = client({ requestTimeoutMs: 1000, totalTimeoutMs: 2000, maxConcurrentRequests: 1, breakerThreshold: 100 });
    fake.inject('/api/v3/ticker/price', { hang: true, times: 10 });
    fake.resetCounters();
    // One slot: the first call holds it for its whole budget (two hung attempts); the others wait.
    const calls = await Promise.all(['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'SOLUSDT'].map((symbol) => timed(() => c.tickerPrice(symbol))));
    for (const call of calls) {
      expect(call.error).toBeInstanceOf(ExchangeUnavailableError);
      expect(call.ms).toBeLessThan(2000);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The first call's two attempts, perhaps one of the second: the last calls' budgets were spent
    // in the queue, so they were never sent to an exchange their callers had given up on.
    expect(fake.requestCount('/api/v3/ticker/price')).toBeLessThanOrEqual(3);
  });
});

describe('the circuit breaker', () => {
  it('after `threshold` failures in a row, fails within 100 ms without reaching the exchange', async () => {
    const c = client();
    fake.inject('/api/v3/ticker/price', { hang: true, times: 1000 });
    for (let i = 0; i < 3; i++) {
      const { error } = await timed(() => c.tickerPrice('BTCUSDT'));
      expect((error as ExchangeUnavailableError).reason).toBe('timeout');
    }
    expect(c.breaker.status).toMatchObject({ state: 'open', consecutiveFailures: 3, lastFailure: { reason: 'timeout' } });
    fake.resetCounters();
    const durations: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { ms, error } = await timed(() => c.tickerPrice('BTCUSDT'));
      expect(error).toBeInstanceOf(ExchangeCircuitOpenError);
      expect((error as ExchangeCircuitOpenError).outcomeUnknown).toBe(false);
      expect(ms).toBeLessThan(250); // never the 300 ms timeout
      durations.push(ms);
    }
    expect(durations.sort((a, b) => a - b)[2]).toBeLessThan(100);
    expect(fake.requestCount('/api/v3/ticker/price')).toBe(0);
  });

  it('lets one probe through after the cool-down; other calls fail fast while it is in flight; its success closes', async () => {
    const c = client();
    fake.inject('/api/v3/ticker/price', { hang: true, times: 3 * 3 });
    for (let i = 0; i < 3; i++) await timed(() => c.tickerPrice('BTCUSDT'));
    expect(c.breaker.status.state).toBe('open');
    const retryAt = c.breaker.status.retryAt ?? 0;
    expect(retryAt).toBeGreaterThan(Date.now());
    await new Promise((resolve) => setTimeout(resolve, retryAt - Date.now() + 20));

    // The probe hangs; a call made meanwhile does not wait for its verdict.
    fake.inject('/api/v3/time', { hang: true, times: 3 });
    const probe = timed(() => c.ping());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(c.breaker.status.state).toBe('half-open');
    const meanwhile = await timed(() => c.tickerPrice('BTCUSDT'));
    expect(meanwhile.error).toBeInstanceOf(ExchangeCircuitOpenError);
    expect(meanwhile.ms).toBeLessThan(250); // not waiting for the probe's verdict (300 ms)
    expect((await probe).error).toBeInstanceOf(ExchangeUnavailableError);
    expect(c.breaker.status.state).toBe('open');

    // The next probe succeeds: closed, and calls reach the exchange again.
    fake.clearFaults();
    await new Promise((resolve) => setTimeout(resolve, (c.breaker.status.retryAt ?? 0) - Date.now() + 20));
    await expect(c.tickerPrice('BTCUSDT')).resolves.toMatch(/^\d+\.\d+$/);
    expect(c.breaker.status).toMatchObject({ state: 'closed', consecutiveFailures: 0, lastFailure: undefined });
    await expect(c.tickerPrice('ETHUSDT')).resolves.toMatch(/^\d+\.\d+$/);
  });

  it('does not count answers that prove the exchange alive (4xx rejections), and a success resets the count', async () => {
    const c = client();
    fake.inject('/api/v3/ticker/price', { status: 503, times: 3 * 2 });
    await timed(() => c.tickerPrice('BTCUSDT'));
    await timed(() => c.tickerPrice('BTCUSDT'));
    expect(c.breaker.status.consecutiveFailures).toBe(2);
    await expect(c.tickerPrice('NOSUCHPAIR')).rejects.toBeInstanceOf(ExchangeRejectedError);
    expect(c.breaker.status).toMatchObject({ state: 'closed', consecutiveFailures: 2 });
    await c.tickerPrice('BTCUSDT');
    expect(c.breaker.status).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });

  it('spares a dead exchange: callers hammering it for 1.6 s cost one probe per cool-down', async () => {
    const c = client({ breakerCooldownMs: 400 });
    fake.inject('/api/v3/ticker/price', { status: 503, times: 10_000 });
    fake.resetCounters();
    let calls = 0;
    const until = Date.now() + 1600;
    while (Date.now() < until) {
      calls++;
      await timed(() => c.tickerPrice('BTCUSDT'));
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    // 3 calls to open (each a GET with its 2 retries), then one probe (3 attempts) per 400 ms.
    const sent = fake.requestCount('/api/v3/ticker/price');
    expect(calls).toBeGreaterThan(100);
    expect(sent).toBeGreaterThanOrEqual(9 + 3);
    expect(sent).toBeLessThanOrEqual(9 + 3 * 5);
  });

  it('logs its opening once, saying why, however many calls it refuses', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString('utf8'));
        callback();
      },
    });
    const logger = createLogger('info', sink);
    const c = client({ baseUrl: `http://127.0.0.1:${await closedPort()}`, logger });
    for (let i = 0; i < 10; i++) await timed(() => c.tickerPrice('BTCUSDT'));
    const opened = lines.filter((line) => line.includes('exchange circuit open'));
    expect(opened).toHaveLength(1);
    expect(opened[0]).toContain('the connection was refused (ECONNREFUSED)');
    expect(lines.join('\n')).not.toContain('"stack"');
  });
});

describe('what happened, in words', () => {
  it('says "refused" for a host with nothing listening, and knows nothing was executed', async () => {
    const c = client({ baseUrl: `http://127.0.0.1:${await closedPort()}`, apiKey: 'sim-api-key', apiSecret: 'sim-api-secret' });
    // An order: a POST whose outcome would be unknown after a timeout, but not after a refusal.
    const account = c.gatewayAccount;
    if (!account) throw new Error('the client has credentials, so it has an account');
    const { error } = await timed(() => account.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' }));
    expect(error).toBeInstanceOf(ExchangeUnavailableError);
    expect(error).toMatchObject({ reason: 'refused', detail: 'ECONNREFUSED', outcomeUnknown: false });
    expect((error as Error).message).toContain('the connection was refused (ECONNREFUSED)');
  });

  it('says "DNS" for a host name that does not resolve', async () => {
    // The resolver answers as a DNS server does for an unknown name, without a query leaving the machine.
    const c = client({
      baseUrl: 'http://exchange.gateway-test.invalid',
      dnsLookup: ((_hostname: string, _options: unknown, callback: (error: NodeJS.ErrnoException) => void) => {
        const error: NodeJS.ErrnoException = new Error('getaddrinfo ENOTFOUND exchange.gateway-test.invalid');
        error.code = 'ENOTFOUND';
        process.nextTick(() => callback(error));
      }) as unknown as BinanceClientOptions['dnsLookup'],
    });
    const { error } = await timed(() => c.ping());
    expect(error).toMatchObject({ reason: 'dns', detail: 'ENOTFOUND' });
    expect((error as Error).message).toContain('could not be resolved (DNS)');
  });

  it('says "timeout" for an exchange that does not answer', async () => {
    const c = client();
    fake.inject('/api/v3/time', { hang: true, times: 3 });
    const { error } = await timed(() => c.ping());
    expect(error).toMatchObject({ reason: 'timeout' });
    expect((error as Error).message).toContain('did not answer in time');
  });
});
