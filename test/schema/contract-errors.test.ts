/**
 * Exchange failures stay exchange errors inside the gateway and become contract codes only where
 * they leave for a client: the mapping itself, and a client seeing it over HTTP when the exchange
 * backs us off or answers something that is not what its API documents.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ExchangeRateLimitedError,
  ExchangeRejectedError,
  ExchangeResponseError,
  ExchangeUnavailableError,
  UnknownSymbolError,
} from '../../src/exchange/errors.js';
import { toContractError } from '../../src/schema/contract-errors.js';
import { BadUserInputError } from '../../src/schema/errors.js';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { testKeys } from '../helpers/api-keys.js';
import { errorCode } from '../helpers/graphql-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

describe('toContractError', () => {
  it('maps each exchange failure to the contract code a client can act on', () => {
    expect(toContractError(new ExchangeRateLimitedError(42, '/api/v3/klines'))?.extensions).toEqual({ code: 'UPSTREAM_RATE_LIMITED', retryAfter: 42 });
    expect(toContractError(new ExchangeUnavailableError('timeout', '/api/v3/klines', false))?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(toContractError(new ExchangeResponseError('/api/v3/klines', new Error('bad shape')))?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(toContractError(new UnknownSymbolError('NOPE'))?.message).toBe('Unknown symbol "NOPE": the exchange lists no such symbol.');
    expect(toContractError(new ExchangeRejectedError(400, -1121, 'Invalid symbol.', '/api/v3/klines'))?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      exchangeCode: -1121,
    });
  });

  it('passes contract errors as they are and leaves anything else to be masked', () => {
    const input = new BadUserInputError('no');
    expect(toContractError(input)).toBe(input);
    expect(toContractError(new ExchangeRejectedError(400, -2015, 'Invalid API-key.', '/api/v3/order'))).toBeUndefined();
    expect(toContractError(new TypeError('a bug'))).toBeUndefined();
  });
});

describe('exchange failures as a client sees them', () => {
  let fake: FakeExchange;
  let gw: TestGateway;
  beforeAll(async () => {
    fake = await startFakeExchange({ streamUpdateIntervalMs: 0 });
    gw = await startTestGateway({ fake, env: { QUERY_CACHE_TTL_MS: '0' } });
  });
  afterAll(async () => {
    await gw.stop();
    await fake.close();
  });

  const query = '{ ohlcv(symbol: "BTCUSDT", interval: MIN_1, limit: 5, start: "2023-03-01T00:00:00.000Z") { close } }';

  it('answers UPSTREAM_UNAVAILABLE, not a masked internal error, when the exchange sends a body its API does not document', async () => {
    fake.inject('/api/v3/klines', { status: 200, body: { surprise: true } });
    const result = await gw.execute(query, { apiKey: testKeys.read });
    expect(errorCode(result)).toBe('UPSTREAM_UNAVAILABLE');
    expect(gw.logLines.some((line) => line.includes('unexpected error'))).toBe(false);
  });

  it('answers UPSTREAM_RATE_LIMITED with the retryAfter the exchange gave', async () => {
    fake.inject('/api/v3/klines', { status: 429, retryAfterSec: 7 });
    const result = await gw.execute('{ ohlcv(symbol: "ETHUSDT", interval: MIN_1, limit: 5, start: "2023-03-01T00:00:00.000Z") { close } }', {
      apiKey: testKeys.read,
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', retryAfter: 7 });
  });
});
