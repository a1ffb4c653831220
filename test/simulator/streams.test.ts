import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange, type KlinePayload, type KlineRow } from '../../src/simulator/fake-exchange.js';
import { callSim, SimSocket } from '../../src/simulator/sim-client.js';

/** Anything the stream may send: data events (raw or wrapped), control replies, errors. */
interface Message {
  e?: string;
  E?: number;
  s?: string;
  k?: KlinePayload;
  stream?: string;
  data?: Message;
  result?: unknown;
  id?: unknown;
  code?: number;
  msg?: string;
}

const isKline = (m: Message): boolean => m.e === 'kline' || m.data?.e === 'kline';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('market streams', () => {
  let exchange: FakeExchange;
  const sockets: SimSocket[] = [];
  const open = async (path: string) => {
    const socket = await SimSocket.open(`${exchange.wsUrl}${path}`);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    exchange = await startFakeExchange({ streamUpdateIntervalMs: 30 });
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
    exchange.streams.stall(false);
    exchange.clock.unfreeze();
  });
  afterAll(() => exchange.close());

  it('serves combined streams from the URL, wrapped as {stream, data}, with the documented payload', async () => {
    const socket = await open('/stream?streams=btcusdt@kline_1m/ethusdt@kline_1M');
    const event = await socket.next<Message>((m) => m.stream === 'btcusdt@kline_1m');
    expect(Object.keys(event).sort()).toEqual(['data', 'stream']);
    const data = event.data as Message & { k: KlinePayload };
    expect(data).toMatchObject({ e: 'kline', s: 'BTCUSDT' });
    expect(typeof data.E).toBe('number');
    expect(Object.keys(data.k).sort()).toEqual(['B', 'L', 'Q', 'T', 'V', 'c', 'f', 'h', 'i', 'l', 'n', 'o', 'q', 's', 't', 'v', 'x'].sort());
    expect(data.k).toMatchObject({ s: 'BTCUSDT', i: '1m', x: false, B: '0' });
    for (const field of ['t', 'T', 'f', 'L', 'n'] as const) expect(typeof data.k[field]).toBe('number');
    for (const field of ['o', 'c', 'h', 'l', 'v', 'q', 'V', 'Q'] as const) expect(data.k[field]).toMatch(/^\d+\.\d{8}$/);
    expect((await socket.next<Message>((m) => m.stream === 'ethusdt@kline_1M')).data?.k?.i).toBe('1M');
    expect(exchange.streams.subscriptions().get('btcusdt@kline_1m')).toBe(1);
  });

  it('handles SUBSCRIBE, LIST_SUBSCRIPTIONS, UNSUBSCRIBE and properties on /ws', async () => {
    const socket = await open('/ws');
    socket.send({ method: 'SUBSCRIBE', params: ['bnbbtc@kline_5m'], id: 1 });
    expect(await socket.next((m) => m.id === 1)).toEqual({ result: null, id: 1 });
    const raw = await socket.next<Message>(isKline);
    expect(raw.k?.s).toBe('BNBBTC'); // unwrapped on /ws
    socket.send({ method: 'LIST_SUBSCRIPTIONS', id: 'list1' });
    expect(await socket.next((m) => m.id === 'list1')).toEqual({ result: ['bnbbtc@kline_5m'], id: 'list1' });
    socket.send({ method: 'SET_PROPERTY', params: ['combined', true], id: 2 });
    expect(await socket.next((m) => m.id === 2)).toEqual({ result: null, id: 2 });
    expect((await socket.next<Message>(isKline)).stream).toBe('bnbbtc@kline_5m');
    socket.send({ method: 'GET_PROPERTY', params: ['combined'], id: 3 });
    expect(await socket.next((m) => m.id === 3)).toEqual({ result: true, id: 3 });
    socket.send({ method: 'UNSUBSCRIBE', params: ['bnbbtc@kline_5m'], id: 4 });
    expect(await socket.next((m) => m.id === 4)).toEqual({ result: null, id: 4 });
    expect(exchange.streams.subscriptions().has('bnbbtc@kline_5m')).toBe(false);
    expect(exchange.streams.controlMessages.map((m) => m.method)).toEqual(
      expect.arrayContaining(['SUBSCRIBE', 'LIST_SUBSCRIPTIONS', 'SET_PROPERTY', 'GET_PROPERTY', 'UNSUBSCRIBE']),
    );
  });

  it('answers bad control messages with Binance error codes', async () => {
    const socket = await open('/ws');
    socket.ws.send('{not json');
    expect((await socket.next<Message>()).code).toBe(3);
    socket.send({ method: 'SUBSCRIBE_ALL', id: 5 });
    expect(await socket.next<Message>()).toMatchObject({ code: 2, id: 5 });
    socket.send({ method: 'SET_PROPERTY', params: ['combined', 'yes'], id: 6 });
    expect(await socket.next<Message>()).toMatchObject({ code: 1, msg: 'Invalid value type: expected Boolean' });
    socket.send({ method: 'SUBSCRIBE', params: Array.from({ length: 1025 }, (_, i) => `btcusdt@kline_${i}x`), id: 7 });
    expect(await socket.next<Message>()).toMatchObject({ code: 2, id: 7 });
  });

  it('closes a connection that sends more than 5 messages a second', async () => {
    const socket = await open('/ws');
    for (let i = 0; i < 6; i++) socket.send({ method: 'LIST_SUBSCRIPTIONS', id: i });
    expect((await socket.closed).code).toBe(1008);
  });

  it('sends one x: true event when the clock passes the close time, with the values REST returns', async () => {
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    exchange.clock.freeze(minute + 50_000);
    const socket = await open('/ws/ethusdt@kline_1m');
    const forming = await socket.next<Message>(isKline);
    expect(forming.k).toMatchObject({ t: minute, T: minute + 59_999, x: false });
    exchange.clock.advance(15_000);
    const closed = await socket.next<Message>((m) => m.k?.x === true);
    await sleep(150);
    expect((socket.messages as Message[]).filter((m) => m.k?.x === true)).toHaveLength(0);
    expect((socket.messages as Message[]).some((m) => m.k?.t === minute + 60_000)).toBe(true); // on to the next bar
    const rest = await callSim<KlineRow[]>(exchange.url, '/api/v3/klines', { symbol: 'ETHUSDT', interval: '1m', startTime: minute, limit: 1 });
    const row = rest.body[0] as KlineRow;
    const k = closed.k as KlinePayload;
    expect([k.t, k.o, k.h, k.l, k.c, k.v, k.T, k.q, k.n, k.V, k.Q]).toEqual(row.slice(0, 11));
  });

  it('pushes kline events on demand', async () => {
    const manual = await startFakeExchange({ streamUpdateIntervalMs: 0 });
    // The forming bar keeps trading until the clock stops: freeze it to compare the pushed final values.
    manual.clock.freeze();
    try {
      const socket = await SimSocket.open(`${manual.wsUrl}/stream?streams=btcusdt@kline_1h`);
      await sleep(100);
      expect(socket.messages).toHaveLength(0); // 0 = no automatic pushes
      const sent = manual.streams.emitKline('BTCUSDT', '1h', { x: true });
      const received = await socket.next<Message>();
      expect(received).toEqual({ stream: 'btcusdt@kline_1h', data: JSON.parse(JSON.stringify(sent)) });
      const k = received.data?.k as KlinePayload;
      expect(k.c).toBe(manual.finalKline('BTCUSDT', '1h', k.t)[4]);
      manual.streams.emitKline('BTCUSDT', '1h', { c: '1.00000000' });
      expect((await socket.next<Message>()).data?.k?.c).toBe('1.00000000');
      socket.close();
    } finally {
      await manual.close();
    }
  });

  it('pings, and closes connections that do not answer with a pong', async () => {
    // Pongs count towards the 5 messages per second, so the pings here come at most 3 times a second.
    const pinging = await startFakeExchange({ pingIntervalMs: 300, pongTimeoutMs: 900 });
    try {
      const answering = await SimSocket.open(`${pinging.wsUrl}/ws`);
      const silent = await SimSocket.open(`${pinging.wsUrl}/ws`, { autoPong: false });
      let pings = 0;
      answering.ws.on('ping', () => pings++);
      const closed = await silent.closed;
      expect(closed.code).toBe(1006); // terminated, no close frame
      expect(pings).toBeGreaterThanOrEqual(2);
      expect(answering.ws.readyState).toBe(answering.ws.OPEN);
      answering.close();
    } finally {
      await pinging.close();
    }
  });

  it('drops, stalls and announces shutdown on request', async () => {
    const attempts = exchange.streams.connectionAttempts();
    const socket = await open('/stream?streams=btcusdt@kline_1m');
    await socket.next<Message>(isKline);
    exchange.streams.stall(true);
    await sleep(200); // let events sent before the stall arrive
    socket.messages.length = 0;
    const ponged = new Promise((resolve) => socket.ws.once('pong', resolve));
    socket.ws.ping('still there?');
    await ponged;
    await sleep(150);
    expect(socket.messages).toHaveLength(0);
    exchange.streams.stall(false);
    await socket.next<Message>(isKline);

    exchange.streams.announceShutdown();
    expect((await socket.next<Message>((m) => m.stream === '!serverShutdown')).data?.e).toBe('serverShutdown');

    expect(exchange.streams.connectionCount()).toBe(1);
    exchange.streams.dropConnections();
    expect((await socket.closed).code).toBe(1006);
    await sleep(20);
    expect(exchange.streams.connectionCount()).toBe(0);
    expect(exchange.streams.subscriptions().size).toBe(0);
    expect(exchange.streams.connectionAttempts()).toBe(attempts + 1);
  });

  it('faults WebSocket upgrades on /stream and /ws', async () => {
    exchange.inject('/stream', { status: 503 });
    await expect(SimSocket.open(`${exchange.wsUrl}/stream?streams=btcusdt@kline_1m`)).rejects.toThrow(/503/);
    const socket = await open('/stream?streams=btcusdt@kline_1m');
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
  });
});
