/**
 * The WebSocket API (/ws-api/v3): subscribing to user data with a signature (any key type) or
 * after session.logon (Ed25519 only), the {subscriptionId, event} envelope, unsubscribing with
 * eventStreamTerminated, session status and subscriptions, errors, orders over the socket, and the
 * levers that drop, stall or shut down user data connections. Also several accounts at once.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { SimWsApi, wsApiPayload } from '../../src/simulator/sim-client.js';
import { get, signed, signWs, sleep, type Json } from './sim-test-helpers.js';

const ALICE = { apiKey: 'alice-key', apiSecret: 'alice-secret' };
const BOB = { apiKey: 'bob-key', apiSecret: 'bob-secret' };

describe('WebSocket API', () => {
  let exchange: FakeExchange;
  let edKey: KeyObject;
  const sockets: SimWsApi[] = [];
  const open = async (): Promise<SimWsApi> => {
    const api = await SimWsApi.open(exchange.wsApiUrl);
    sockets.push(api);
    return api;
  };
  const edSigned = (params: Record<string, string | number>): Record<string, string | number> => {
    const all = { ...params, apiKey: 'ed-key', timestamp: exchange.clock.now() };
    return { ...all, signature: sign(null, Buffer.from(wsApiPayload(all)), edKey).toString('base64') };
  };

  beforeAll(async () => {
    const pair = generateKeyPairSync('ed25519');
    edKey = pair.privateKey;
    exchange = await startFakeExchange({
      accounts: [ALICE, BOB, { apiKey: 'ed-key', ed25519PublicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString() }],
      pingIntervalMs: 300,
      pongTimeoutMs: 5000,
      weightLimitPerMinute: 1_000_000,
    });
    exchange.market.pause();
  });
  afterAll(async () => {
    for (const api of sockets) api.close();
    await exchange.close();
  });

  it('subscribes with a signature, delivers executionReport and balance events in the envelope, and terminates on unsubscribe', async () => {
    const api = await open();
    const sub = await api.request('userDataStream.subscribe.signature', signWs(exchange, {}, ALICE));
    expect(sub).toMatchObject({ status: 200, result: { subscriptionId: 0 } });
    expect(sub.rateLimits).toEqual([{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 1_000_000, count: expect.any(Number) }]);
    expect((await api.request('userDataStream.subscribe.signature', signWs(exchange, {}, ALICE))).error?.code).toBe(-2035);
    expect((await api.request('session.status')).result).toMatchObject({ apiKey: null, userDataStream: true });

    const placed = (await signed(exchange, '/api/v3/order', { symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '2000', quantity: '0.1' }, 'POST', ALICE)).body;
    const frame = await api.socket.next<Json>((m) => m.event?.e === 'executionReport');
    expect(Object.keys(frame).sort()).toEqual(['event', 'subscriptionId']);
    expect(frame.event).toMatchObject({ s: 'ETHUSDT', i: placed.orderId, x: 'NEW', X: 'NEW', W: expect.any(Number), V: 'NONE' });
    await signed(exchange, '/api/v3/order', { symbol: 'ETHUSDT', orderId: placed.orderId, newClientOrderId: 'gone' }, 'DELETE', ALICE);
    expect(await api.event((e) => e.e === 'executionReport' && e.x === 'CANCELED')).toMatchObject({ c: 'gone', C: placed.clientOrderId, X: 'CANCELED', w: false });

    exchange.accounts.deposit('USDT', '25', ALICE.apiKey);
    expect(await api.event((e) => e.e === 'balanceUpdate')).toMatchObject({ a: 'USDT', d: '25.00000000', subscriptionId: 0 });

    expect((await api.request('userDataStream.unsubscribe', { subscriptionId: 7 })).error?.code).toBe(-2036);
    expect((await api.request('userDataStream.unsubscribe', { subscriptionId: 0 })).result).toEqual({});
    expect(await api.event((e) => e.e === 'eventStreamTerminated')).toMatchObject({ subscriptionId: 0 });
    expect((await api.request('session.subscriptions')).result).toEqual([]);
  });

  it('keeps accounts apart: one connection may carry several, each gets only its own events', async () => {
    const api = await open();
    const a = (await api.request<Json>('userDataStream.subscribe.signature', signWs(exchange, {}, ALICE))).result?.subscriptionId;
    const b = (await api.request<Json>('userDataStream.subscribe.signature', signWs(exchange, {}, BOB))).result?.subscriptionId;
    expect((await api.request('session.subscriptions')).result).toEqual([{ subscriptionId: a }, { subscriptionId: b }]);
    // Alice joins the best ask (ahead of the market makers there); Bob's market buy takes her first.
    const ask = ((await get(exchange, '/api/v3/ticker/bookTicker', { symbol: 'BTCUSDT' })).body.askPrice as string).slice(0, -6);
    const rest = (await signed(exchange, '/api/v3/order', { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: ask, quantity: '0.002' }, 'POST', ALICE)).body;
    const take = (await signed(exchange, '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.002' }, 'POST', BOB)).body;
    expect(take.fills).toEqual([expect.objectContaining({ price: `${ask}000000`, qty: '0.00200000' })]);
    const aliceTrade = await api.event((e) => e.e === 'executionReport' && e.x === 'TRADE' && e.subscriptionId === a);
    const bobTrade = await api.event((e) => e.e === 'executionReport' && e.x === 'TRADE' && e.subscriptionId === b);
    expect([aliceTrade.i, aliceTrade.m, bobTrade.i, bobTrade.m, aliceTrade.t]).toEqual([rest.orderId, true, take.orderId, false, bobTrade.t]);
    expect(exchange.accounts.trades(ALICE.apiKey).map((t) => t.id)).toEqual([aliceTrade.t]);
    expect(exchange.accounts.trades(BOB.apiKey).map((t) => [t.id, t.isBuyer, t.isMaker])).toEqual([[bobTrade.t, true, false]]);
    expect((await signed<Json[]>(exchange, '/api/v3/openOrders', {}, 'GET', BOB)).body).toEqual([]);
    expect((await signed(exchange, '/api/v3/order', { symbol: 'BTCUSDT', orderId: rest.orderId }, 'GET', BOB)).body.code).toBe(-2013);
  });

  it('logs on with an Ed25519 key (not HMAC), subscribes, and logout ends only that subscription', async () => {
    const api = await open();
    expect((await api.request('session.logon', signWs(exchange, {}, ALICE))).error?.code).toBe(-1002);
    expect((await api.request('userDataStream.subscribe')).error?.code).toBe(-1002);
    const logon = await api.request<Json>('session.logon', edSigned({}));
    expect(logon.result).toMatchObject({ apiKey: 'ed-key', authorizedSince: expect.any(Number), connectedSince: expect.any(Number), userDataStream: false });
    const own = (await api.request<Json>('userDataStream.subscribe')).result?.subscriptionId;
    const other = (await api.request<Json>('userDataStream.subscribe.signature', signWs(exchange, {}, BOB))).result?.subscriptionId;
    // A logged-on session places orders without apiKey/signature (timestamp still required).
    const placed = await api.request<Json>('order.place', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '50000', quantity: '0.001', timestamp: exchange.clock.now() });
    expect(placed.result).toMatchObject({ status: 'NEW', symbol: 'BTCUSDT' });
    expect(await api.event((e) => e.e === 'executionReport')).toMatchObject({ subscriptionId: own, i: placed.result?.orderId });
    expect((await api.request<Json>('order.status', { symbol: 'BTCUSDT', orderId: placed.result?.orderId, timestamp: exchange.clock.now() })).result?.status).toBe('NEW');
    expect((await api.request<Json>('order.cancel', { symbol: 'BTCUSDT', orderId: placed.result?.orderId, timestamp: exchange.clock.now() })).result?.status).toBe('CANCELED');
    expect((await api.request<Json>('session.logout')).result).toMatchObject({ apiKey: null, userDataStream: true });
    expect(await api.event((e) => e.e === 'eventStreamTerminated')).toMatchObject({ subscriptionId: own });
    expect((await api.request('session.subscriptions')).result).toEqual([{ subscriptionId: other }]);
  });

  it('answers bad requests with Binance errors', async () => {
    const api = await open();
    const bad = signWs(exchange, {}, ALICE);
    expect((await api.request('userDataStream.subscribe.signature', { ...bad, signature: '00'.repeat(32) })).error?.code).toBe(-1022);
    expect((await api.request('userDataStream.subscribe.signature', signWs(exchange, {}, { apiKey: 'nobody', apiSecret: 'x' }))).error?.code).toBe(-2015);
    const stale = { apiKey: ALICE.apiKey, timestamp: exchange.clock.now() - 60_000 };
    const { hmacHex } = await import('../../src/simulator/signature.js');
    expect((await api.request('userDataStream.subscribe.signature', { ...stale, signature: hmacHex(ALICE.apiSecret, wsApiPayload(stale)) })).error?.code).toBe(-1021);
    expect((await api.request('no.such.method')).status).toBe(400);
    api.socket.ws.send('not json');
    expect(await api.socket.next<Json>((m) => m.id === null)).toMatchObject({ status: 400, error: { code: -1135 } });
    expect((await api.request('time')).result).toEqual({ serverTime: expect.any(Number) });
    // Any key type subscribes by signature: an Ed25519 one too.
    expect((await api.request('userDataStream.subscribe.signature', edSigned({}))).result).toEqual({ subscriptionId: 0 });
  });

  it('pings, and lets tests stall, shut down and drop user data connections', async () => {
    const api = await open();
    let pings = 0;
    api.socket.ws.on('ping', () => pings++);
    await api.request('userDataStream.subscribe.signature', signWs(exchange, {}, BOB));
    await sleep(700);
    expect(pings).toBeGreaterThanOrEqual(1);
    exchange.userData.stall(true);
    exchange.accounts.deposit('BTC', '1', BOB.apiKey);
    await sleep(100);
    expect(api.socket.messages.some((m) => (m as Json).event?.e === 'balanceUpdate')).toBe(false); // lost, as on a stalled socket
    exchange.userData.stall(false);
    exchange.userData.announceShutdown();
    expect(await api.socket.next<Json>((m) => m.event?.e === 'serverShutdown')).toEqual({ event: { e: 'serverShutdown', E: expect.any(Number) } });
    const before = exchange.userData.connectionCount();
    exchange.userData.dropConnections();
    expect((await api.socket.closed).code).toBe(1006);
    await sleep(20);
    expect(exchange.userData.connectionCount()).toBe(0);
    expect(before).toBeGreaterThan(0);
    expect(exchange.userData.subscriptionCount()).toBe(0);
  });
});
