/**
 * Paper-trade benchmark (issue 3): Mutation.trade per second and its latency over real HTTP, with
 * the in-process store and with Redis. The gateway (and the fake exchange) run in a child process,
 * so that autocannon and the server do not share one core's event loop.
 *
 * Two loads per store: trades spread over 50 accounts (one key per account, rotated per request:
 * the usual case) and all on one account (every trade contends for the same ledger document, which
 * on Redis means optimistic-transaction retries). Trades are MARKET BUYs of 0.001 BTC with a fresh
 * generated clientOrderId each; the ticker price is cached 1 s as in production.
 *
 * The per-key limit of trade (10 a minute) would stop a benchmark at once: the child replaces the
 * gateway's FieldRateLimiter with one whose override lifts Mutation.trade to 10^9 a minute. The
 * limiter still runs (one atomic store operation per trade), so its cost is in the figures.
 *
 * A trade counts as done when it answers exactly {"data":{"trade":{"status":"FILLED"}}}; anything
 * else (an error, a non-2xx, a GraphQL error in a 200) counts as failed. After each load, the
 * ledger is checked: the trades the accounts hold (BTC received / 0.000999) must be at least the
 * FILLED answers (a few more may finish after autocannon stops counting).
 *
 * Then (issue 9) a server on Redis with 1,751 client keys in API_KEYS (about what fits in the
 * environment), at 20 connections: trades by 50 of them in turn, then by 1,700 others in turn.
 *
 * `npx tsx bench/paper-trades.ts` runs it alone (BENCH_SECONDS, default 8, per load).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Decimal } from 'decimal.js';
import { sha256Hex } from '../src/auth/api-key-hash.js';
import { childAnnouncement } from './child-announcement.js';

const connections = 50;
const seconds = Number(process.env['BENCH_SECONDS'] ?? 8);
const spreadKeys = Array.from({ length: 50 }, (_, i) => `bench-trade-key-${i}`);
const hotKey = 'bench-trade-hot';
const warmKey = 'bench-trade-warm';
const allKeys = [...spreadKeys, hotKey, warmKey];
/** The issue-9 load: 1,700 keys configured, each trading in turn. */
const manyKeys = Array.from({ length: 1700 }, (_, i) => `bench-many-key-${i}`);
/** Its baseline in the same server: 50 other keys, at the same 20 connections. */
const fewKeys = Array.from({ length: 50 }, (_, i) => `bench-few-key-${i}`);
const manyConnections = 20;
/** BTC each trade adds to an account: 0.001 less 0.1% commission. */
const btcPerTrade = new Decimal('0.000999');
const tradeBody = JSON.stringify({
  query: 'mutation { trade(input: { symbol: "BTCUSDT", side: BUY, quantity: "0.001" }) { status } }',
});

type StoreKind = 'memory' | 'redis';

interface Load {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
  inLedger: number;
}

/** Child-process mode: fake exchange + gateway on `kind` with `keys`, prints `{ url }`, stops on SIGTERM. */
async function serve(kind: StoreKind, keys: readonly string[]): Promise<void> {
  const [{ createGateway }, { loadConfig }, { createLogger }, { startFakeExchange }, { FieldRateLimiter }, { createStore }, { startRedisServer }, { ordersBudget }] =
    await Promise.all([
      import('../src/app.js'),
      import('../src/config/load-config.js'),
      import('../src/observability/logger.js'),
      import('../src/simulator/fake-exchange.js'),
      import('../src/rate-limit/field-rate-limiter.js'),
      import('../src/store/create-store.js'),
      import('../test/helpers/redis-server.js'),
      import('../src/trading/order-rate-limit.js'),
    ]);
  const redis = kind === 'redis' ? await startRedisServer() : undefined;
  const fake = await startFakeExchange({ streamUpdateIntervalMs: 0, weightLimitPerMinute: 1_000_000 });
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    BINANCE_BASE_URL: fake.url,
    BINANCE_WS_URL: fake.wsUrl,
    API_KEYS: keys.map((key, i) => `b${i}:${sha256Hex(key)}:trade`).join(';'),
    PAPER_BALANCES: 'USDT:1000000000000',
    ...(redis ? { REDIS_URL: redis.url } : {}),
  });
  const logger = createLogger('silent');
  const store = createStore({ redis: config.redis, logger });
  const gateway = createGateway({ config, store, logger });
  gateway.services.rateLimiter = new FieldRateLimiter({ store, logger, budgets: { [ordersBudget]: { max: 1_000_000_000, window: '1m' } } });
  const url = await gateway.start();
  process.stdout.write(`${JSON.stringify({ url })}\n`);
  process.on('SIGTERM', () => {
    void gateway
      .stop()
      .then(() => Promise.all([store.close(), fake.close(), redis?.stop()]))
      .then(() => process.exit(0));
  });
}

/** Trades the accounts of `keys` hold, from their BTC balances. */
async function tradesInLedger(url: string, keys: string[]): Promise<number> {
  let btc = new Decimal(0);
  for (const key of keys) {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ query: '{ paperAccount { balances { asset free } } }' }),
    });
    const body = (await response.json()) as { data?: { paperAccount: { balances: { asset: string; free: string }[] } } };
    const free = body.data?.paperAccount.balances.find((b) => b.asset === 'BTC')?.free ?? '0';
    btc = btc.plus(free);
  }
  return btc.div(btcPerTrade).toNumber();
}

/** What every successful trade answers; anything else (a GraphQL error in a 200) counts as failed. */
const filledBody = '{"data":{"trade":{"status":"FILLED"}}}';

async function load(url: string, keys: string[], duration: number, loadConnections = connections): Promise<Load> {
  let next = 0;
  let errorBodies = 0;
  // onResponse is an autocannon option the shared type declaration leaves out.
  const request = {
    setupRequest: (req: Record<string, unknown>) => ({
      ...req,
      headers: { ...(req.headers as Record<string, string>), 'x-api-key': keys[next++ % keys.length] ?? '' },
    }),
    onResponse: (status: number, body: string) => {
      if (status === 200 && body !== filledBody) errorBodies += 1;
    },
  };
  const result = await autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    connections: loadConnections,
    duration,
    headers: { 'content-type': 'application/json' },
    body: tradeBody,
    requests: [request],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'] - errorBodies,
    failed: result.errors + result.non2xx + errorBodies,
    inLedger: await tradesInLedger(url, keys),
  };
}

/** Starts the child server on `kind` (with 1,700 keys when `many`) and runs `body` against its URL. */
async function withServer<T>(kind: StoreKind, many: boolean, body: (url: string) => Promise<T>): Promise<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', kind, ...(many ? ['--many'] : [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    return await body((await childAnnouncement<{ url: string }>(child, 'paper-trade bench server')).url);
  } finally {
    child.kill('SIGTERM');
  }
}

/** Redis, 1,700 keys in API_KEYS (and 50 more as the baseline), each trade by the next key, 20 connections. */
async function benchManyKeys(): Promise<string[]> {
  return withServer('redis', true, async (url) => {
    await load(url, [warmKey], Math.min(3, seconds), manyConnections); // warm-up: JIT, exchangeInfo, connections
    const rows: string[] = [];
    for (const [label, keys] of [['50 of 1,750 configured', fewKeys], ['1,700 of 1,750 configured', manyKeys]] as const) {
      const r = await load(url, [...keys], seconds, manyConnections);
      const ledger = r.inLedger >= r.ok && r.inLedger <= r.ok + manyConnections ? 'consistent' : 'MISMATCH';
      rows.push(`| redis, ${manyConnections} connections | ${label}, one key per trade in turn | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.failed} | ${r.ok} / ${r.inLedger} (${ledger}) |`);
    }
    return rows;
  });
}

async function benchStore(kind: StoreKind): Promise<string[]> {
  return withServer(kind, false, async (url) => {
    await load(url, [warmKey], Math.min(3, seconds)); // warm-up: JIT, exchangeInfo, connections
    const rows: string[] = [];
    for (const [accounts, keys] of [['50', spreadKeys], ['1 (contended)', [hotKey]]] as const) {
      const r = await load(url, [...keys], seconds);
      const ledger = r.inLedger >= r.ok && r.inLedger <= r.ok + connections ? 'consistent' : 'MISMATCH';
      rows.push(`| ${kind} | ${accounts} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.failed} | ${r.ok} / ${r.inLedger} (${ledger}) |`);
    }
    return rows;
  });
}

export async function benchPaperTrades(): Promise<string> {
  const rows = [...(await benchStore('memory')), ...(await benchStore('redis')), ...(await benchManyKeys())];
  return [
    '## Paper trades (Mutation.trade)',
    '',
    `### MARKET BUY 0.001 BTCUSDT over HTTP — ${connections} connections (unless said otherwise), ${seconds} s per load`,
    '',
    'Gateway and fake exchange in a child process; the trade rate limit lifted by a FieldRateLimiter override (still metered).',
    '',
    '| store | accounts | requests/s | p50 ms | p99 ms | failed | FILLED answers / trades in ledger |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- |',
    ...rows,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const mode = process.argv[2];
  if (mode === '--serve') await serve(process.argv[3] === 'redis' ? 'redis' : 'memory', process.argv[4] === '--many' ? [...manyKeys, ...fewKeys, warmKey] : allKeys);
  else process.stdout.write(`${await benchPaperTrades()}\n`);
}
