import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { hmacHex, signaturePayload } from '../../src/simulator/signature.js';
import { callSim } from '../../src/simulator/sim-client.js';

// The public example from Binance's docs (not a real key).
const DOCS_SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const DOCS_PAYLOAD = 'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';
const DOCS_SIGNATURE = 'c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71';
const LTCBTC = { symbol: 'LTCBTC', baseAsset: 'LTC', quoteAsset: 'BTC', price: '0.1', tickSize: '0.000001', stepSize: '0.01', minNotional: '0.0001' };

describe('HMAC signing (docs test vector)', () => {
  let exchange: FakeExchange;
  const form = { 'Content-Type': 'application/x-www-form-urlencoded', 'X-MBX-APIKEY': 'docs-key' };

  beforeAll(async () => {
    exchange = await startFakeExchange({ apiKey: 'docs-key', apiSecret: DOCS_SECRET, symbols: [LTCBTC] });
    exchange.clock.freeze(1499827319559 + 200);
  });
  afterAll(() => exchange.close());

  it('computes the documented signature', () => {
    expect(hmacHex(DOCS_SECRET, DOCS_PAYLOAD)).toBe(DOCS_SIGNATURE);
  });

  it('accepts the documented request with the signature in the body', async () => {
    const res = await fetch(`${exchange.url}/api/v3/order/test`, { method: 'POST', headers: form, body: `${DOCS_PAYLOAD}&signature=${DOCS_SIGNATURE}` });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
  });

  it('signs query + body concatenated with no separator, and hex in any case', async () => {
    const [query, body] = ['symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC', 'quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559'];
    expect(signaturePayload(query, `${body}&signature=x`)).toBe(query + body);
    const signature = hmacHex(DOCS_SECRET, query + body).toUpperCase();
    const res = await fetch(`${exchange.url}/api/v3/order/test?${query}`, { method: 'POST', headers: form, body: `${body}&signature=${signature}` });
    expect(res.status).toBe(200);
  });

  it('rejects a tampered payload with -1022', async () => {
    const res = await fetch(`${exchange.url}/api/v3/order/test`, {
      method: 'POST', headers: form, body: `${DOCS_PAYLOAD.replace('quantity=1', 'quantity=2')}&signature=${DOCS_SIGNATURE}`,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: -1022, msg: 'Signature for this request is not valid.' });
  });

  it('rejects a missing key (-2014) and an unknown key (-2015)', async () => {
    const body = `${DOCS_PAYLOAD}&signature=${DOCS_SIGNATURE}`;
    const missing = await fetch(`${exchange.url}/api/v3/order/test`, { method: 'POST', body, headers: { 'Content-Type': form['Content-Type'] } });
    expect((await missing.json()).code).toBe(-2014);
    const unknown = await fetch(`${exchange.url}/api/v3/order/test`, { method: 'POST', body, headers: { ...form, 'X-MBX-APIKEY': 'someone-else' } });
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).code).toBe(-2015);
  });
});

describe('timing and Ed25519', () => {
  let exchange: FakeExchange;
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');

  beforeAll(async () => {
    exchange = await startFakeExchange({ ed25519PublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() });
  });
  afterAll(() => exchange.close());

  const edSigned = async (timestamp: number, recvWindow?: number) => {
    const query = `symbol=BTCUSDT&orderId=1${recvWindow === undefined ? '' : `&recvWindow=${recvWindow}`}&timestamp=${timestamp}`;
    const signature = sign(null, Buffer.from(query), privateKey).toString('base64');
    const res = await fetch(`${exchange.url}/api/v3/order?${query}&signature=${encodeURIComponent(signature)}`, { headers: { 'X-MBX-APIKEY': 'sim-api-key' } });
    return { status: res.status, body: await res.json() };
  };

  it('verifies Ed25519 signatures (base64) when a public key is configured', async () => {
    // A valid request for an order that does not exist: past authentication, -2013.
    expect((await edSigned(exchange.clock.now())).body.code).toBe(-2013);
    const hmac = await callSim(exchange.url, '/api/v3/order', { symbol: 'BTCUSDT', orderId: 1 }, { signed: { apiKey: 'sim-api-key', apiSecret: 'sim-api-secret' } });
    expect((hmac.body as { code: number }).code).toBe(-1022);
  });

  it('answers -1021 when the timestamp is 1000 ms ahead or older than recvWindow', async () => {
    const now = exchange.clock.now();
    expect((await edSigned(now + 999)).body.code).toBe(-2013);
    expect((await edSigned(now + 1500)).body).toEqual({ code: -1021, msg: "Timestamp for this request was 1000ms ahead of the server's time." });
    expect((await edSigned(now - 6000)).body.code).toBe(-1021);
    expect((await edSigned(now - 6000, 10_000)).body.code).toBe(-2013);
    expect((await edSigned(now, 70_000)).body.code).toBe(-1131);
  });

  it('follows the exchange clock offset', async () => {
    exchange.clock.setOffset(-5000);
    try {
      expect((await edSigned(Date.now())).body.code).toBe(-1021);
      expect((await edSigned(exchange.clock.now())).body.code).toBe(-2013);
    } finally {
      exchange.clock.setOffset(0);
    }
  });

  it('asks for missing timestamp and signature (-1102)', async () => {
    const res = await fetch(`${exchange.url}/api/v3/order?symbol=BTCUSDT&orderId=1`, { headers: { 'X-MBX-APIKEY': 'sim-api-key' } });
    expect(await res.json()).toEqual({ code: -1102, msg: "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed." });
  });
});
