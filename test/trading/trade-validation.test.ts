/**
 * What trade refuses before anything happens, over real HTTP: contradictory input, unknown or
 * non-trading symbols, and orders that break the symbol's exchange filters (the message names the
 * filter). Nothing refused may touch the paper account.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { errorCode, expectData } from '../helpers/graphql-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { quoteShows } from './order-clients.js';
import { keyPool } from './trading-keys.js';

const tradeMutation = 'mutation Trade($input: TradeInput!) { trade(input: $input) { status } }';
const accountQuery = '{ paperAccount { balances { asset free locked } orders { clientOrderId } } }';

const keys = keyPool('valid');
let fake: FakeExchange;
let gateway: TestGateway;

beforeAll(async () => {
  fake = await startFakeExchange();
  gateway = await startTestGateway({ fake, env: { API_KEYS: keys.env, TRADING_PRICE_MAX_AGE_MS: '0' } });
});

afterAll(async () => {
  await gateway.stop();
  await fake.close();
});

// Pinned a tick below the round figure: the best ask, where a MARKET BUY fills, is the round figure.
beforeEach(async () => {
  fake.orders.setPrice('BTCUSDT', '63999.99');
  fake.orders.setPrice('BNBBTC', '0.008999');
  await Promise.all([quoteShows(gateway, 'BTCUSDT', '64000'), quoteShows(gateway, 'BNBBTC', '0.009')]);
});

/** Sends each input with one fresh key, expects BAD_USER_INPUT for all and an untouched account. */
async function expectRefused(cases: { input: Record<string, unknown>; message: string | RegExp }[]): Promise<void> {
  const { key } = keys.next();
  for (const { input, message } of cases) {
    const result = await gateway.execute(tradeMutation, { apiKey: key, variables: { input } });
    expect(errorCode(result), JSON.stringify({ input, result })).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(message);
  }
  expect(expectData(await gateway.execute(accountQuery, { apiKey: key }))).toEqual({
    paperAccount: { balances: [{ asset: 'USDT', free: '10000', locked: '0' }], orders: [] },
  });
}

const btc = { symbol: 'BTCUSDT', side: 'BUY' };

describe('trade input', () => {
  it('refuses contradictory input, saying what is wrong', () =>
    expectRefused([
      { input: { ...btc, quantity: '0.01', quoteQuantity: '100' }, message: 'not both' },
      { input: { ...btc }, message: /Give quantity .* or quoteQuantity/ },
      { input: { ...btc, type: 'MARKET', quantity: '0.01', price: '64000' }, message: 'price applies to LIMIT orders only' },
      { input: { ...btc, type: 'LIMIT', quantity: '0.01' }, message: 'A LIMIT order needs a price' },
      { input: { ...btc, type: 'LIMIT', quoteQuantity: '100', price: '64000' }, message: 'quoteQuantity applies to MARKET orders only' },
      { input: { ...btc, quantity: '0.01', timeInForce: 'GTC' }, message: 'timeInForce applies to LIMIT orders only' },
      { input: { ...btc, type: 'LIMIT', quantity: '0.01', price: '0' }, message: 'price must be greater than 0' },
    ]));

  it('refuses a clientOrderId outside ^[a-zA-Z0-9_-]{1,36}$', () =>
    expectRefused([
      { input: { ...btc, quantity: '0.01', clientOrderId: 'has space' }, message: 'clientOrderId' },
      { input: { ...btc, quantity: '0.01', clientOrderId: 'x'.repeat(37) }, message: 'clientOrderId' },
      { input: { ...btc, quantity: '0.01', clientOrderId: '' }, message: 'clientOrderId' },
      { input: { ...btc, quantity: '0.01', clientOrderId: "a';DROP" }, message: 'clientOrderId' },
    ]));

  it('refuses an unknown symbol and one that is not TRADING, naming its status', () =>
    expectRefused([
      { input: { symbol: 'NOPEUSDT', side: 'BUY', quantity: '1' }, message: 'Unknown symbol "NOPEUSDT"' },
      { input: { symbol: 'LUNAUSDT', side: 'BUY', quantity: '1000' }, message: 'LUNAUSDT is not trading now (status BREAK)' },
    ]));

  it('defaults type to MARKET and generates a plain alphanumeric clientOrderId', async () => {
    const { key } = keys.next();
    const data = expectData(
      await gateway.execute<{ trade: { type: string; clientOrderId: string } }>(
        'mutation { trade(input: { symbol: "btcusdt", side: BUY, quantity: "0.001" }) { type clientOrderId } }',
        { apiKey: key },
      ),
    );
    expect(data.trade.type).toBe('MARKET');
    expect(data.trade.clientOrderId).toMatch(/^[A-Za-z0-9]{1,36}$/);
  });
});

describe('exchange filters', () => {
  it('LOT_SIZE: bounds and step', () =>
    expectRefused([
      { input: { ...btc, quantity: '0.000001' }, message: 'Filter failure: LOT_SIZE: quantity 0.000001 is below minQty 0.00001' },
      { input: { ...btc, quantity: '0.000015' }, message: 'Filter failure: LOT_SIZE: quantity 0.000015 is not a multiple of stepSize 0.00001' },
      { input: { ...btc, type: 'LIMIT', price: '1', quantity: '9000.00001' }, message: 'Filter failure: LOT_SIZE: quantity 9000.00001 is above maxQty 9000' },
    ]));

  it('MARKET_LOT_SIZE applies to MARKET orders on top of LOT_SIZE', () =>
    expectRefused([{ input: { ...btc, quantity: '121' }, message: 'Filter failure: MARKET_LOT_SIZE: quantity 121 is above maxQty 120' }]));

  it('PRICE_FILTER: tick size and bounds of a LIMIT price', () =>
    expectRefused([
      { input: { ...btc, type: 'LIMIT', quantity: '0.01', price: '64000.005' }, message: 'Filter failure: PRICE_FILTER: price 64000.005 is not a multiple of tickSize 0.01' },
      { input: { ...btc, type: 'LIMIT', quantity: '1', price: '1000000.01' }, message: 'Filter failure: PRICE_FILTER: price 1000000.01 is above maxPrice 1000000' },
    ]));

  it('NOTIONAL: minimum at the fill price (the best ask) for MARKET orders, at the limit price (and a maximum) for LIMIT orders', () =>
    expectRefused([
      // 0.00007 × 64000 (the best ask) = 4.48
      { input: { ...btc, quantity: '0.00007' }, message: 'Filter failure: NOTIONAL: notional 4.48 is below minNotional 5' },
      { input: { ...btc, quoteQuantity: '4' }, message: 'Filter failure: NOTIONAL: notional 3.84 is below minNotional 5' },
      { input: { ...btc, type: 'LIMIT', quantity: '0.0001', price: '40000' }, message: 'Filter failure: NOTIONAL: notional 4 is below minNotional 5' },
      { input: { ...btc, type: 'LIMIT', quantity: '200', price: '64000' }, message: 'Filter failure: NOTIONAL: notional 12800000 is above maxNotional 9000000' },
    ]));

  it('MIN_NOTIONAL, where the symbol lists it', () =>
    expectRefused([
      // BNBBTC: 0.001 × 0.009 = 0.000009 < 0.0001
      { input: { symbol: 'BNBBTC', side: 'BUY', quantity: '0.001' }, message: 'Filter failure: MIN_NOTIONAL: notional 0.000009 is below minNotional 0.0001' },
    ]));

  it('lets an order that meets every filter through', async () => {
    const { key } = keys.next();
    // Exactly at the bounds: minQty and a notional of exactly 5 at a price on the tick.
    fake.orders.setPrice('BTCUSDT', '50000');
    expect(expectData(await gateway.execute(tradeMutation, { apiKey: key, variables: { input: { ...btc, quantity: '0.0001' } } }))).toEqual({
      trade: { status: 'FILLED' },
    });
  });
});
