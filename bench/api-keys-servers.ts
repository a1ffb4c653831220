/**
 * Child process of the API-keys benchmark (api-keys.ts): the fake exchange and four gateways
 * against it (in-process store), each serving the OHLCV benchmark query, plus a bare node:http
 * server that answers any captured response byte for byte (its path names which):
 *
 * - `one`: API_KEYS with 1 key;
 * - `env1700`: API_KEYS with 1,700 keys (about what fits in Linux's 128 KiB environment);
 * - `stored100k`: 100,000 keys in the store (written before start, loaded by the key directory),
 *   the benchmark key among them;
 * - `spent`: the 1,700 keys with a market-data budget of 10 a minute, spent at warm-up, for the
 *   RATE_LIMITED refusal of a cached query.
 *
 * Prints one JSON line: the gateways' URLs, the bare URL, and the keys for each scenario.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGateway, type Gateway } from '../src/app.js';
import { sha256Hex } from '../src/auth/api-key-hash.js';
import { apiKeysCollection, type StoredApiKey } from '../src/auth/stored-api-key.js';
import { loadConfig } from '../src/config/load-config.js';
import { createLogger } from '../src/observability/logger.js';
import { startFakeExchange } from '../src/simulator/fake-exchange.js';
import { createMemoryStore } from '../src/store/memory-store.js';
import { benchQueryBody, benchReadKey } from './ohlcv-query.js';

const benchKeys = {
  read: benchReadKey,
  tradeOnly: 'bench-trade-only-key',
  readOnly: 'bench-read-only-key',
  spentTrader: 'bench-spent-trader-key',
  stored: 'bench-stored-key',
};

const fake = await startFakeExchange({ streamUpdateIntervalMs: 0, weightLimitPerMinute: 1_000_000 });
const filler = (n: number) => Array.from({ length: n }, (_, i) => `filler-${i}:${sha256Hex(`filler-key-${i}`)}:read`);
const named = [
  `bench:${sha256Hex(benchKeys.read)}:read,trade`,
  `trade-only:${sha256Hex(benchKeys.tradeOnly)}:trade`,
  `read-only:${sha256Hex(benchKeys.readOnly)}:read`,
  `spent-trader:${sha256Hex(benchKeys.spentTrader)}:trade`,
];
const env1700 = [...named, ...filler(1700 - named.length)].join(';');

async function gateway(apiKeys: string, extra: Record<string, string> = {}, prefill?: (store: ReturnType<typeof createMemoryStore>) => Promise<void>): Promise<{ gateway: Gateway; url: string }> {
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    BINANCE_BASE_URL: fake.url,
    BINANCE_WS_URL: fake.wsUrl,
    API_KEYS: apiKeys,
    // The benchmark measures serving, not the client budget: lift the market-data limit far away.
    RATE_LIMIT_MARKET_DATA_PER_MINUTE: '100000000',
    ...extra,
  });
  const store = createMemoryStore({ maxEntries: 200_000 });
  await prefill?.(store);
  const built = createGateway({ config, store, logger: createLogger('silent') });
  return { gateway: built, url: await built.start() };
}

/** 100,000 stored keys, the benchmark's among them, written as createApiKey writes them. */
async function hundredThousandKeys(store: ReturnType<typeof createMemoryStore>): Promise<void> {
  const now = Date.now();
  for (let i = 0; i < 100_000; i++) {
    const key = i === 50_000 ? benchKeys.stored : `stored-key-${i}`;
    const record: StoredApiKey = { v: 1, id: `stored-${i}`, sha256: sha256Hex(key), scopes: ['read', 'trade'], createdAt: now, expiresAt: null, revokedAt: null };
    await store.writeRecord(apiKeysCollection, record.id, JSON.stringify(record));
  }
}

const started = {
  one: await gateway(named[0] ?? ''),
  env1700: await gateway(env1700),
  stored100k: await gateway(`one:${sha256Hex('unused-env-key')}:read`, {}, hundredThousandKeys),
  spent: await gateway(env1700, { RATE_LIMIT_MARKET_DATA_PER_MINUTE: '10' }),
};

const captured = new Map<string, { status: number; contentType: string; body: Buffer }>();
const post = async (url: string, key: string, body: string) => {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body });
  return { status: response.status, contentType: response.headers.get('content-type') ?? 'application/json', body: Buffer.from(await response.arrayBuffer()) };
};
const tradeBody = JSON.stringify({ query: 'mutation { trade(input: { symbol: "BTCUSDT", side: BUY, quantity: "0.001" }) { status } }' });
// Warm each cache, spend the budgets, and keep every answer's bytes for the bare server.
captured.set('cached', await post(started.one.url, benchKeys.read, benchQueryBody));
for (const [name, { url }] of Object.entries(started)) {
  const key = name === 'stored100k' ? benchKeys.stored : benchKeys.read;
  for (let i = 0; i < 12; i++) await post(url, key, benchQueryBody);
}
for (let i = 0; i < 10; i++) await post(started.env1700.url, benchKeys.spentTrader, tradeBody);
captured.set('unknown', await post(started.env1700.url, 'not-a-key-of-this-gateway', benchQueryBody));
captured.set('forbidden', await post(started.env1700.url, benchKeys.tradeOnly, benchQueryBody));
captured.set('rateLimited', await post(started.spent.url, benchKeys.read, benchQueryBody));
captured.set('tradeForbidden', await post(started.env1700.url, benchKeys.readOnly, tradeBody));
captured.set('tradeRateLimited', await post(started.env1700.url, benchKeys.spentTrader, tradeBody));

const bare = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    const answer = captured.get((request.url ?? '/').slice(1)) ?? captured.get('cached');
    if (!answer) return void response.writeHead(500).end();
    response.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': answer.body.length });
    response.end(answer.body);
  });
});
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));

process.stdout.write(
  `${JSON.stringify({
    urls: Object.fromEntries(Object.entries(started).map(([name, { url }]) => [name, url])),
    bareUrl: `http://127.0.0.1:${(bare.address() as AddressInfo).port}`,
    keys: benchKeys,
    answers: Object.fromEntries([...captured].map(([name, answer]) => [name, { status: answer.status, bytes: answer.body.length, text: answer.body.subarray(0, 600).toString('utf8') }])),
  })}\n`,
);
process.on('SIGTERM', () => {
  bare.close();
  void Promise.all(Object.values(started).map(({ gateway: g }) => g.stop()))
    .then(() => fake.close())
    .then(() => process.exit(0));
});
