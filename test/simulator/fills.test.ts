/**
 * An order's life in the live market: a resting order fills when the market trades at its price
 * (printed by the test, or by the tape itself), and the fill shows in the order, myTrades, the
 * account's balances, the public tape and the user data stream; funds are locked while it rests.
 */
import { Decimal } from 'decimal.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange, type SymbolSpec } from '../../src/simulator/fake-exchange.js';
import { defaultSymbols } from '../../src/simulator/symbols.js';
import { SimWsApi } from '../../src/simulator/sim-client.js';
import { get, signed, signWs, type Json } from './sim-test-helpers.js';

/** A busy market with a coarse tick: its best bid stays put for minutes while sellers keep hitting it. */
const CALM: SymbolSpec = { symbol: 'CALMUSDT', baseAsset: 'CALM', quoteAsset: 'USDT', price: '100', tickSize: '0.1', stepSize: '0.01', minNotional: '1', tradesPerSecond: 20, baseVolumePerSecond: 5 };

const balance = (exchange: FakeExchange, asset: string): { free: string; locked: string } => {
  const row = exchange.accounts.balances().find((b) => b.asset === asset);
  return { free: row?.free ?? '0', locked: row?.locked ?? '0' };
};

describe('fills of resting orders', () => {
  let exchange: FakeExchange;
  let api: SimWsApi;

  beforeAll(async () => {
    exchange = await startFakeExchange({ weightLimitPerMinute: 1_000_000, symbols: [...defaultSymbols, CALM] });
    api = await SimWsApi.open(exchange.wsApiUrl);
    expect((await api.request('userDataStream.subscribe.signature', signWs(exchange))).result).toEqual({ subscriptionId: 0 });
  });
  afterEach(() => exchange.market.resume());
  afterAll(async () => {
    api.close();
    await exchange.close();
  });

  it('locks funds while resting and settles a printed trade everywhere: order, myTrades, account, tape, user data', async () => {
    exchange.market.pause('BTCUSDT');
    const bid = Number((await get(exchange, '/api/v3/ticker/bookTicker', { symbol: 'BTCUSDT' })).body.bidPrice);
    const price = (Math.floor(bid) - 100).toFixed(2);
    const before = { usdt: balance(exchange, 'USDT'), btc: balance(exchange, 'BTC') };
    const placed = (await signed(exchange, '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price, quantity: '0.02', newClientOrderId: 'rest-1' }, 'POST')).body;
    expect(placed.status).toBe('NEW');
    const cost = new Decimal(price).times('0.02');
    expect(balance(exchange, 'USDT')).toEqual({ free: new Decimal(before.usdt.free).minus(cost).toFixed(8), locked: cost.toFixed(8) });
    const newReport = await api.event((e) => e.e === 'executionReport' && e.i === placed.orderId);
    expect(newReport).toMatchObject({ x: 'NEW', X: 'NEW', c: 'rest-1', C: '', q: '0.02000000', p: `${price}000000`, l: '0.00000000', t: -1, N: null, w: true });
    expect((await api.event((e) => e.e === 'outboundAccountPosition')).B).toEqual([{ a: 'USDT', f: balance(exchange, 'USDT').free, l: cost.toFixed(8) }]);

    // A trade above the order's price leaves it alone; one at its price fills it (at its price, as maker).
    exchange.market.printTrade('BTCUSDT', (Number(price) + 1).toFixed(2), '1');
    expect((await signed(exchange, '/api/v3/order', { symbol: 'BTCUSDT', orderId: placed.orderId })).body.status).toBe('NEW');
    exchange.market.printTrade('BTCUSDT', price, '0.5');
    const filled = (await signed(exchange, '/api/v3/order', { symbol: 'BTCUSDT', orderId: placed.orderId })).body;
    expect(filled).toMatchObject({ status: 'FILLED', executedQty: '0.02000000', cummulativeQuoteQty: cost.toFixed(8) });

    const [mine] = (await signed<Json[]>(exchange, '/api/v3/myTrades', { symbol: 'BTCUSDT', orderId: placed.orderId })).body;
    expect(mine).toMatchObject({ orderId: placed.orderId, price: `${price}000000`, qty: '0.02000000', quoteQty: cost.toFixed(8), commission: '0.00002000', commissionAsset: 'BTC', isBuyer: true, isMaker: true });
    const [publicTrade] = (await get<Json[]>(exchange, '/api/v3/historicalTrades', { symbol: 'BTCUSDT', fromId: mine?.id, limit: 1 })).body;
    expect(publicTrade).toMatchObject({ id: mine?.id, price: mine?.price, qty: '0.02000000', isBuyerMaker: true });
    const [rest] = (await get<Json[]>(exchange, '/api/v3/historicalTrades', { symbol: 'BTCUSDT', fromId: (mine?.id as number) + 1, limit: 1 })).body;
    expect(rest).toMatchObject({ price: `${price}000000`, qty: '0.48000000' }); // the rest of the printed trade

    expect(balance(exchange, 'USDT')).toEqual({ free: new Decimal(before.usdt.free).minus(cost).toFixed(8), locked: '0.00000000' });
    expect(balance(exchange, 'BTC').free).toBe(new Decimal(before.btc.free).plus('0.02').minus('0.00002').toFixed(8));
    const trade = await api.event((e) => e.e === 'executionReport' && e.x === 'TRADE');
    expect(trade).toMatchObject({ X: 'FILLED', l: '0.02000000', z: '0.02000000', L: `${price}000000`, n: '0.00002000', N: 'BTC', t: mine?.id, m: true, w: false, Z: cost.toFixed(8), Y: cost.toFixed(8) });
    const position = await api.event((e) => e.e === 'outboundAccountPosition');
    expect(position.B).toEqual([{ a: 'BTC', ...bal(exchange, 'BTC') }, { a: 'USDT', ...bal(exchange, 'USDT') }]);
  });

  it('lets the tape itself fill an order resting at the best bid', async () => {
    const { bidPrice } = (await get(exchange, '/api/v3/ticker/bookTicker', { symbol: 'CALMUSDT' })).body;
    const placed = (await signed(exchange, '/api/v3/order', { symbol: 'CALMUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: bidPrice as string, quantity: '0.1' }, 'POST')).body;
    const report = await api.event((e) => e.e === 'executionReport' && e.i === placed.orderId && e.X === 'FILLED', 15_000);
    expect([report.x, report.m]).toEqual(['TRADE', true]);
    expect(report.L).toBe(bidPrice); // a maker fills at its own price
    const order = (await signed(exchange, '/api/v3/order', { symbol: 'CALMUSDT', orderId: placed.orderId as number })).body;
    expect([order.status, order.executedQty]).toEqual(['FILLED', '0.10000000']);
    const [publicTrade] = (await get<Json[]>(exchange, '/api/v3/historicalTrades', { symbol: 'CALMUSDT', fromId: report.t as number, limit: 1 })).body;
    expect(publicTrade).toMatchObject({ id: report.t, price: bidPrice, isBuyerMaker: true });
  });

  it('rejects what the account cannot pay and reports it as -2010', async () => {
    const { body } = await signed(exchange, '/api/v3/order', { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '57000', quantity: '157' }, 'POST');
    expect(body).toEqual({ code: -2010, msg: 'Account has insufficient balance for requested action.' });
    const poor = { apiKey: 'poor-key', apiSecret: 'poor-secret' };
    exchange.accounts.add({ ...poor, balances: { USDT: '10' } });
    const market = await signed(exchange, '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' }, 'POST', poor);
    expect(market.body.code).toBe(-2010);
    expect(exchange.accounts.orders('poor-key')).toEqual([]);
  });
});

const bal = (exchange: FakeExchange, asset: string): { f: string; l: string } => {
  const { free, locked } = balance(exchange, asset);
  return { f: free, l: locked };
};
