/**
 * Signed live orders against the fake exchange, which verifies signatures and timestamps as Binance
 * does: HMAC-SHA256 and Ed25519 keys, a wrong secret refused, and an exchange clock far from ours,
 * measured before the first order and re-measured after a -1021 when it jumps.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { errorCode, expectData } from '../helpers/graphql-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { liveEnv, liveMutation, type LiveOrder } from './live-env.js';
import { keyPool } from './trading-keys.js';

const keys = keyPool('sign');

const order = (gateway: TestGateway, clientOrderId: string) =>
  gateway.execute<{ liveTrade: LiveOrder }>(liveMutation, {
    apiKey: keys.next('live').key,
    variables: { input: { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.002', clientOrderId } },
  });

const orderPosts = (fake: FakeExchange, clientOrderId: string) =>
  fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v3/order' && r.body.newClientOrderId === clientOrderId);

describe('Ed25519 keys', () => {
  let fake: FakeExchange;
  let gateway: TestGateway;
  const pair = generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

  beforeAll(async () => {
    fake = await startFakeExchange({ apiKey: 'ed25519-key', ed25519PublicKeyPem: pair.publicKey });
    gateway = await startTestGateway({
      fake,
      env: { ...liveEnv, API_KEYS: keys.env, BINANCE_API_KEY: 'ed25519-key', BINANCE_API_SECRET: pair.privateKey },
    });
  });
  afterAll(async () => {
    await gateway.stop();
    await fake.close();
  });

  it('places an order signed with an Ed25519 private key (base64 signature)', async () => {
    expect(expectData(await order(gateway, 'ed-1')).liveTrade.status).toBe('FILLED');
    const [post] = orderPosts(fake, 'ed-1');
    expect(post?.body.signature).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    const lines = gateway.logLines.join('\n');
    expect(lines).not.toContain('PRIVATE KEY');
    expect(lines).not.toContain(post?.body.signature);
  });
});

describe('HMAC keys and the exchange clock', () => {
  let fake: FakeExchange;

  beforeAll(async () => {
    // The exchange runs 30 s ahead of us from the start.
    fake = await startFakeExchange({ clockOffsetMs: 30_000 });
  });
  afterAll(() => fake.close());

  it('refuses an order signed with the wrong secret as the exchange does (-1022), and sends no order', async () => {
    const gateway = await startTestGateway({ fake, env: { ...liveEnv, API_KEYS: keys.env, BINANCE_API_SECRET: 'not-the-secret' } });
    try {
      const result = await order(gateway, 'bad-sig');
      expect(errorCode(result)).toBe('ORDER_REJECTED');
      expect(result.errors?.[0]?.extensions).toMatchObject({ exchangeCode: -1022 });
      expect(fake.orders.countByClientId('bad-sig')).toBe(0);
    } finally {
      await gateway.stop();
    }
  });

  it('measures the offset to the exchange clock before the first order, and re-measures after a -1021 when it jumps', async () => {
    const gateway = await startTestGateway({ fake, env: { ...liveEnv, API_KEYS: keys.env } });
    try {
      expect(expectData(await order(gateway, 'skew-1')).liveTrade.status).toBe('FILLED');
      expect(orderPosts(fake, 'skew-1').map((r) => r.status)).toEqual([200]);

      // Now the exchange is 30 s behind us: the next timestamp is refused once, then re-signed after a resync.
      fake.clock.setOffset(-30_000);
      expect(expectData(await order(gateway, 'skew-2')).liveTrade.status).toBe('FILLED');
      expect(orderPosts(fake, 'skew-2').map((r) => r.status)).toEqual([400, 200]);
      expect(fake.orders.countByClientId('skew-2')).toBe(1);
      // And the new offset holds for what follows.
      expect(expectData(await order(gateway, 'skew-3')).liveTrade.status).toBe('FILLED');
      expect(orderPosts(fake, 'skew-3').map((r) => r.status)).toEqual([200]);
    } finally {
      await gateway.stop();
    }
  });
});
