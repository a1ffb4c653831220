/**
 * Per-key exchange credentials over real HTTP, against a fake exchange with several accounts, on
 * both stores with two instances: setExchangeCredentials checks them with a signed account read and
 * stores them encrypted; from then on that key's live orders go to its own account (client order
 * ids are per account); refused or malformed credentials are named and nothing is stored;
 * deleteExchangeCredentials goes back to the gateway's account; neither the store nor the logs hold
 * the exchange key or secret in clear.
 */
import { generateKeyPairSync } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshMasterKey } from '../../src/credentials/master-keys.js';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import type { Store } from '../../src/store/store.js';
import { errorCode, expectData } from '../helpers/graphql-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { storeKinds, TestStores } from '../helpers/test-stores.js';
import { liveEnv, liveMutation, type LiveOrder } from '../trading/live-env.js';
import { keyPool } from '../trading/trading-keys.js';
import { credentialsEnv, gatewayAccount, ownAccount, setMutation, type Credentials, viewerCredentials } from './credentials-fixture.js';

const ed25519 = generateKeyPairSync('ed25519');
const edAccount = {
  apiKey: 'EdAccountKey0002',
  ed25519PublicKeyPem: ed25519.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  privatePem: ed25519.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
};

let fake: FakeExchange;
const stores = new TestStores();
const keys = keyPool('creds', 20);

beforeAll(async () => {
  fake = await startFakeExchange({ accounts: [gatewayAccount, ownAccount, { apiKey: edAccount.apiKey, ed25519PublicKeyPem: edAccount.ed25519PublicKeyPem }] });
  fake.orders.setPrice('BTCUSDT', '64000');
});

afterAll(async () => {
  await stores.closeAll();
  await fake?.close();
});

const accountOf = (clientOrderId: string): string[] => fake.orders.all().filter((o) => o.clientOrderId === clientOrderId).map((o) => o.apiKey);

for (const kind of storeKinds) {
  describe(`exchange credentials per key (${kind} store, two instances)`, () => {
    let store: Store;
    let a: TestGateway;
    let b: TestGateway;
    const env = { ...liveEnv, ...credentialsEnv(freshMasterKey()), API_KEYS: keys.env };

    beforeAll(async () => {
      store = await stores.create(kind);
      [a, b] = await Promise.all([startTestGateway({ fake, store, env }), startTestGateway({ fake, store, env })]);
    });
    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
    });

    const set = (gateway: TestGateway, apiKey: string, input: { apiKey: string; secret: string }) =>
      gateway.execute<{ setExchangeCredentials: Credentials }>(setMutation, { apiKey, variables: { input } });
    const live = (gateway: TestGateway, apiKey: string, clientOrderId: string) =>
      gateway.execute<{ liveTrade: LiveOrder }>(liveMutation, { apiKey, variables: { input: { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.001', clientOrderId } } });

    it('checks them with a signed account read, stores them, and trades the key’s own account from then on', async () => {
      const { key } = keys.next('live');
      expect(await viewerCredentials(b, key)).toBeNull();
      const reads = fake.requestCount('/api/v3/account');
      const stored = expectData(await set(a, key, { apiKey: ownAccount.apiKey, secret: ownAccount.apiSecret })).setExchangeCredentials;
      expect(fake.requestCount('/api/v3/account')).toBe(reads + 1);
      expect(stored).toMatchObject({ apiKeyHint: 'OwnA…0001', kind: 'HMAC' });
      expect(Date.now() - Date.parse(stored.createdAt)).toBeLessThan(10_000);
      expect(await viewerCredentials(b, key)).toEqual(stored);

      expectData(await live(b, key, `own-${kind}`));
      expect(accountOf(`own-${kind}`)).toEqual([ownAccount.apiKey]);
      // Client order ids are per exchange account: another key, on the gateway's account, may use the same one.
      const other = keys.next('live');
      expectData(await live(a, other.key, `own-${kind}`));
      expect(accountOf(`own-${kind}`).sort()).toEqual([ownAccount.apiKey, 'sim-api-key'].sort());
      // A repeated id of the key is answered from its record, on its account: nothing is sent again.
      expectData(await live(a, key, `own-${kind}`));
      expect(accountOf(`own-${kind}`)).toHaveLength(2);
    });

    it('signs with an Ed25519 private key', async () => {
      const { key } = keys.next('live');
      const stored = expectData(await set(b, key, { apiKey: edAccount.apiKey, secret: edAccount.privatePem })).setExchangeCredentials;
      expect(stored).toMatchObject({ apiKeyHint: 'EdAc…0002', kind: 'ED25519' });
      expectData(await live(a, key, `ed-${kind}`));
      expect(accountOf(`ed-${kind}`)).toEqual([edAccount.apiKey]);
    });

    it('refuses credentials the exchange refuses, and malformed ones, and stores nothing', async () => {
      const { key } = keys.next('live');
      const cases: [{ apiKey: string; secret: string }, RegExp, number | undefined][] = [
        [{ apiKey: ownAccount.apiKey, secret: 'not-the-secret' }, /exchange refused these credentials: Signature for this request is not valid/, -1022],
        [{ apiKey: 'UnknownToTheExchange', secret: 'whatever' }, /exchange refused these credentials: Invalid API-key/, -2015],
        [{ apiKey: 'has spaces in it', secret: 'x' }, /apiKey must be 1 to 128 letters/, undefined],
        [{ apiKey: ownAccount.apiKey, secret: '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----' }, /secret must be an HMAC secret, or a PEM/, undefined],
      ];
      for (const [input, message, exchangeCode] of cases) {
        const result = await set(a, key, input);
        expect(errorCode(result), JSON.stringify(result.errors)).toBe('BAD_USER_INPUT');
        expect(result.errors?.[0]?.message).toMatch(message);
        expect(result.errors?.[0]?.extensions?.['exchangeCode']).toBe(exchangeCode);
        expect(JSON.stringify(result)).not.toContain('bm90IGEga2V5');
      }
      expect(await viewerCredentials(a, key)).toBeNull();
    });

    it('forgets them: false where there were none, and orders go to the gateway’s account again', async () => {
      const { key } = keys.next('live');
      const remove = (gateway: TestGateway) => gateway.execute<{ deleteExchangeCredentials: boolean }>('mutation { deleteExchangeCredentials }', { apiKey: key });
      expect(expectData(await remove(a)).deleteExchangeCredentials).toBe(false);
      expectData(await set(a, key, { apiKey: ownAccount.apiKey, secret: ownAccount.apiSecret }));
      expect(expectData(await remove(b)).deleteExchangeCredentials).toBe(true);
      expect(await viewerCredentials(a, key)).toBeNull();
      expectData(await live(a, key, `back-${kind}`));
      expect(accountOf(`back-${kind}`)).toEqual(['sim-api-key']);
    });

    it('holds neither the exchange key nor the secret in clear, in the store or in the logs', async () => {
      const { key, id } = keys.next('live');
      expectData(await set(a, key, { apiKey: ownAccount.apiKey, secret: ownAccount.apiSecret }));
      expectData(await live(b, key, `clear-${kind}`));
      const record = await store.readRecord('exchange-credentials', id);
      expect(record).toContain('"apiKeyHint"');
      let everything = record ?? '';
      if (kind === 'redis') {
        const redis = new Redis((await stores.redisServer()).url);
        try {
          const values: string[] = [];
          for (const name of await redis.keys('*')) {
            const type = await redis.type(name);
            if (type === 'string') values.push((await redis.get(name)) ?? '');
            else if (type === 'hash') values.push(...Object.entries(await redis.hgetall(name)).flat());
            else if (type === 'zset') values.push(JSON.stringify(await redis.zrange(name, 0, -1)));
          }
          everything = values.join('\n');
          expect(everything).toContain('"apiKeyHint"');
        } finally {
          redis.disconnect();
        }
      }
      for (const text of [everything, [...a.logLines, ...b.logLines].join('\n')]) {
        expect(text).not.toContain(ownAccount.apiKey);
        expect(text).not.toContain(ownAccount.apiSecret);
      }
      expect(a.logLines.join('\n') + b.logLines.join('\n')).toContain(`clear-${kind}`);
    });
  });
}
