/**
 * Order-lifecycle benchmark (issue 10), on Redis:
 *
 * 1. Paper MARKET trades per second at 20 connections while 1,000 paper orders rest over 10
 *    symbols (10 keys × 10 symbols × 10 orders, below the market so none fills), the matching
 *    engine following all 10 symbols' trades. Baseline in the same server, before the resting
 *    orders exist: the ratio is what resting orders and matching cost placement. The gateway and
 *    the fake exchange (10 symbols trading) run in a child process, as in paper-trades.ts.
 * 2. The delay from an exchange trade to the orderUpdates TRADE event of the resting order it fills,
 *    over SSE: a paused market, one resting order at a time, then a trade printed through it; the
 *    clock runs from the print to the event's arrival (p50/p99 of 200; target p99 < 250 ms). In
 *    one process: the measurement is light, and printing needs the simulator's lever.
 *
 * `npx tsx bench/order-lifecycle.ts` runs it alone (BENCH_SECONDS, default 8, per load).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Decimal } from 'decimal.js';
import { sha256Hex } from '../src/auth/api-key-hash.js';
import type { SymbolSpec } from '../src/simulator/symbols.js';
import { childAnnouncement } from './child-announcement.js';

const seconds = Number(process.env['BENCH_SECONDS'] ?? 8);
const connections = 20;
const symbols: SymbolSpec[] = Array.from({ length: 10 }, (_, i) => ({
  symbol: `X${i}USDT`, baseAsset: `X${i}`, quoteAsset: 'USDT', price: '100', tickSize: '0.01', stepSize: '0.001',
  minNotional: '5', maxQty: '100000', tradesPerSecond: 10, baseVolumePerSecond: 5,
}));
const restingKeys = Array.from({ length: 10 }, (_, i) => `bench-resting-key-${i}`);
const tradingKeys = Array.from({ length: 50 }, (_, i) => `bench-lifecycle-key-${i}`);
const tradeBody = JSON.stringify({ query: 'mutation { trade(input: { symbol: "X0USDT", side: BUY, quantity: "0.1" }) { status } }' });
const filledBody = '{"data":{"trade":{"status":"FILLED"}}}';

async function gql<T>(url: string, apiKey: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(`bench request failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Child-process mode: fake exchange (10 symbols) + gateway on Redis, prints `{ url }`, stops on SIGTERM. */
async function serve(): Promise<void> {
  const { gateway, stop } = await startGateway({ symbols });
  process.stdout.write(`${JSON.stringify({ url: await gateway.start() })}\n`);
  process.on('SIGTERM', () => void stop().then(() => process.exit(0)));
}

/** A gateway on a fresh Redis against a fake exchange, with the order budgets lifted (still metered). */
async function startGateway(fakeOptions: { symbols?: SymbolSpec[] }) {
  const [{ createGateway }, { loadConfig }, { createLogger }, { startFakeExchange }, { FieldRateLimiter }, { createStore }, { startRedisServer }, budgets] = await Promise.all([
    import('../src/app.js'),
    import('../src/config/load-config.js'),
    import('../src/observability/logger.js'),
    import('../src/simulator/fake-exchange.js'),
    import('../src/rate-limit/field-rate-limiter.js'),
    import('../src/store/create-store.js'),
    import('../test/helpers/redis-server.js'),
    import('../src/trading/order-rate-limit.js'),
  ]);
  const redis = await startRedisServer();
  const fake = await startFakeExchange({ ...fakeOptions, streamUpdateIntervalMs: 0, weightLimitPerMinute: 1_000_000 });
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    BINANCE_BASE_URL: fake.url,
    BINANCE_WS_URL: fake.wsUrl,
    BINANCE_WS_API_URL: fake.wsApiUrl,
    API_KEYS: [...restingKeys, ...tradingKeys].map((key, i) => `l${i}:${sha256Hex(key)}:trade`).join(';'),
    PAPER_BALANCES: 'USDT:1000000000000',
    REDIS_URL: redis.url,
  });
  const logger = createLogger('silent');
  const store = createStore({ redis: config.redis, logger });
  const gateway = createGateway({ config, store, logger });
  const lifted = { max: 1_000_000_000, window: '1m' };
  gateway.services.rateLimiter = new FieldRateLimiter({ store, logger, budgets: { [budgets.ordersBudget]: lifted, [budgets.cancelsBudget]: lifted } });
  const stop = async (): Promise<void> => {
    await gateway.stop();
    await Promise.all([store.close(), fake.close(), redis.stop()]);
  };
  return { gateway, fake, stop };
}

async function marketTrades(url: string): Promise<{ rps: number; p50: number; p99: number; ok: number; failed: number }> {
  let next = 0;
  let errorBodies = 0;
  const request = {
    setupRequest: (req: Record<string, unknown>) => ({ ...req, headers: { ...(req.headers as Record<string, string>), 'x-api-key': tradingKeys[next++ % tradingKeys.length] ?? '' } }),
    onResponse: (status: number, body: string) => {
      if (status === 200 && body !== filledBody) errorBodies += 1;
    },
  };
  const result = await autocannon({ url: `${url}/graphql`, method: 'POST', connections, duration: seconds, headers: { 'content-type': 'application/json' }, body: tradeBody, requests: [request] });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, ok: result['2xx'] - errorBodies, failed: result.errors + result.non2xx + errorBodies };
}

/** 1,000 resting BUYs: each key 10 per symbol, 10 % to 11 % below the market. */
async function placeResting(url: string): Promise<number> {
  let placed = 0;
  await Promise.all(
    restingKeys.map(async (key) => {
      for (const { symbol } of symbols) {
        for (let n = 0; n < 10; n++) {
          const price = new Decimal(90).minus(new Decimal(n).times('0.1')).toFixed(2);
          const { trade } = await gql<{ trade: { status: string } }>(url, key, 'mutation ($input: TradeInput!) { trade(input: $input) { status } }', {
            input: { symbol, side: 'BUY', type: 'LIMIT', price, quantity: '1' },
          });
          if (trade.status === 'NEW') placed++;
        }
      }
    }),
  );
  return placed;
}

async function benchRestingLoad(): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const { url } = await childAnnouncement<{ url: string }>(child, 'order-lifecycle bench server');
    await marketTrades(url); // warm-up: JIT, exchangeInfo, the book-ticker stream
    const before = await marketTrades(url);
    const placed = await placeResting(url);
    await new Promise((resolve) => setTimeout(resolve, 2000)); // matching of all 10 symbols under way
    const after = await marketTrades(url);
    const row = (label: string, r: typeof before) => `| ${label} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.ok} | ${r.failed} |`;
    return [
      '| paper MARKET trades, redis, 20 connections | requests/s | p50 ms | p99 ms | FILLED | failed |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      row('no resting orders (baseline)', before),
      row(`${placed} resting orders over 10 symbols, all matched`, after),
      '',
      `Ratio with resting orders / baseline: **${(after.rps / before.rps).toFixed(2)}** (requests/s).`,
    ];
  } finally {
    child.kill('SIGTERM');
  }
}

/** Reads an SSE response and calls `onData` with each `next` payload's data. */
async function readSse(body: ReadableStream<Uint8Array>, onData: (data: { orderUpdates: { event: string; order: { clientOrderId: string } } }) => void): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (block.includes('event: next') && data) onData((JSON.parse(data) as { data: Parameters<typeof onData>[0] }).data);
    }
  }
}

async function benchTradeToUpdate(samples = 200): Promise<string[]> {
  const { gateway, fake, stop } = await startGateway({});
  try {
    const url = await gateway.start();
    const key = tradingKeys[0] ?? '';
    fake.market.pause('BTCUSDT');
    const bid = new Decimal((fake.market.book('BTCUSDT', 1).bids[0] as [string, string])[0]);
    const abort = new AbortController();
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-api-key': key },
      body: JSON.stringify({ query: 'subscription { orderUpdates(mode: PAPER) { event order { clientOrderId } } }' }),
      signal: abort.signal,
    });
    const waiting = new Map<string, (at: number) => void>();
    void readSse(response.body as ReadableStream<Uint8Array>, ({ orderUpdates }) => {
      if (orderUpdates.event === 'TRADE') waiting.get(orderUpdates.order.clientOrderId)?.(performance.now());
    }).catch(() => undefined);
    const delays: number[] = [];
    for (let i = 0; i < samples + 10; i++) {
      const id = `delay-${i}`;
      const price = bid.minus(new Decimal(1 + (i % 50)).times('0.01')).toFixed(2);
      await gql(url, key, 'mutation ($input: TradeInput!) { trade(input: $input) { status } }', { input: { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price, quantity: '0.001', clientOrderId: id } });
      // Matching of BTCUSDT (its first order starts it): its trade stream must be up before a trade is printed.
      while (!gateway.services.paperEngine.matching().includes('BTCUSDT') || !gateway.services.localFeeds.heldTrades('BTCUSDT')) await new Promise((r) => setTimeout(r, 20));
      if (i === 0) await new Promise((r) => setTimeout(r, 500));
      const arrived = new Promise<number>((resolve) => waiting.set(id, resolve));
      const printedAt = performance.now();
      fake.market.printTrade('BTCUSDT', price, '0.01');
      const at = await Promise.race([arrived, new Promise<number>((resolve) => setTimeout(() => resolve(Number.NaN), 5000))]);
      waiting.delete(id);
      if (i >= 10) delays.push(at - printedAt); // the first ten warm up
    }
    abort.abort();
    const measured = delays.filter((d) => Number.isFinite(d)).sort((a, b) => a - b);
    const pct = (p: number) => measured[Math.min(measured.length - 1, Math.floor((p / 100) * measured.length))] ?? Number.NaN;
    return [
      '| exchange trade → orderUpdates TRADE (SSE), redis | samples | p50 ms | p99 ms | max ms | missed |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      `| one resting order filled by a printed trade | ${measured.length} | ${pct(50).toFixed(1)} | ${pct(99).toFixed(1)} | ${(measured.at(-1) ?? Number.NaN).toFixed(1)} | ${delays.length - measured.length} |`,
      '',
      `Target p99 < 250 ms: ${pct(99) < 250 ? 'met' : 'NOT met'}.`,
    ];
  } finally {
    await stop();
  }
}

export async function benchOrderLifecycle(): Promise<string> {
  const load = await benchRestingLoad();
  const delay = await benchTradeToUpdate();
  return ['## Order lifecycle (issue 10)', '', `### Paper trades with resting orders present — ${seconds} s per load`, '', ...load, '', '### Trade to orderUpdates delay', '', ...delay, ''].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === '--serve') await serve();
  else process.stdout.write(`${await benchOrderLifecycle()}\n`);
}
