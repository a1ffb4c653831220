/**
 * Child process of the OHLCV benchmark: the fake exchange, a gateway against it (in-process store),
 * the same gateway's services behind a Yoga whose cached answers come from Yoga's own hooks
 * (yoga-hooks-door.ts: the alternative to the front door, measured side by side), and a bare
 * node:http server that answers with the very bytes the gateway sends for the benchmark query —
 * the ceiling of this machine for that response. Prints one JSON line with the URLs.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGateway } from '../src/app.js';
import { loadConfig } from '../src/config/load-config.js';
import { createLogger } from '../src/observability/logger.js';
import { startFakeExchange } from '../src/simulator/fake-exchange.js';
import { benchApiKeysEnv, benchQueryBody, benchReadKey } from './ohlcv-query.js';
import { startYogaHooksDoor } from './yoga-hooks-door.js';

const fake = await startFakeExchange({ streamUpdateIntervalMs: 0 });
const config = loadConfig({
  PORT: '0',
  LOG_LEVEL: 'silent',
  BINANCE_BASE_URL: fake.url,
  BINANCE_WS_URL: fake.wsUrl,
  API_KEYS: benchApiKeysEnv,
  // The benchmark measures serving, not the client budget: lift the market-data limit far away.
  RATE_LIMIT_MARKET_DATA_PER_MINUTE: '100000000',
});
const gateway = createGateway({ config, logger: createLogger('silent') });
const gatewayUrl = await gateway.start();

const warm = await fetch(`${gatewayUrl}/graphql`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-api-key': benchReadKey },
  body: benchQueryBody,
});
const responseBytes = Buffer.from(await warm.arrayBuffer());
const contentType = warm.headers.get('content-type') ?? 'application/json';

const hooks = await startYogaHooksDoor(gateway);
const hooksWarm = await fetch(`${hooks.url}/graphql`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-api-key': benchReadKey },
  body: benchQueryBody,
});
const hooksBytes = Buffer.from(await hooksWarm.arrayBuffer());
if (!hooksBytes.equals(responseBytes)) throw new Error(`the Yoga-hooks door answers other bytes: ${hooksWarm.status} ${hooksBytes.toString('utf8').slice(0, 300)}`);

const bare = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': contentType, 'content-length': responseBytes.length });
    response.end(responseBytes);
  });
});
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;

process.stdout.write(`${JSON.stringify({ gatewayUrl, hooksUrl: hooks.url, bareUrl, responseBytes: responseBytes.length, status: warm.status })}\n`);
process.on('SIGTERM', () => {
  bare.close();
  hooks.server.close();
  void gateway.stop().then(() => fake.close()).then(() => process.exit(0));
});
