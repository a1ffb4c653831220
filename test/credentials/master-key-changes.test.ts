/**
 * What becomes of stored exchange credentials when the master key or the stored blob changes:
 * another master key, a flipped byte, or a blob moved to another key's record make that key's live
 * requests NOT_CONFIGURED (until it sets them again) while the description stays visible; without
 * CREDENTIALS_KEY nothing can be stored; a rotation (new key first, old after it) keeps every blob
 * readable, re-seals each under the new key as it is used or with `npm run credentials-key -- rotate`,
 * after which the old key can go.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshMasterKey } from '../../src/credentials/master-keys.js';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import { createLogger } from '../../src/observability/logger.js';
import type { Store } from '../../src/store/store.js';
import { errorCode, expectData } from '../helpers/graphql-client.js';
import { startRedisServer, type TestRedisServer } from '../helpers/redis-server.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { cleanEnvironment, runScript } from '../helpers/run-script.js';

const cli = 'src/credentials-key-cli.ts';
import { liveEnv, liveMutation } from '../trading/live-env.js';
import { keyPool } from '../trading/trading-keys.js';
import { gatewayAccount, ownAccount, setMutation, viewerCredentials } from './credentials-fixture.js';


let fake: FakeExchange;
let redis: TestRedisServer;
/** The gateways' own store (REDIS_URL, default key prefix), as the CLI sees it. */
let store: Store;
const keys = keyPool('master', 12);
const oldKey = freshMasterKey();
const newKey = freshMasterKey();

beforeAll(async () => {
  fake = await startFakeExchange({ accounts: [gatewayAccount, ownAccount] });
  fake.orders.setPrice('BTCUSDT', '64000');
  redis = await startRedisServer({ spawn: true });
  store = createRedisStore({ url: redis.url, logger: createLogger('silent') });
});

afterAll(async () => {
  await store?.close();
  await redis?.stop();
  await fake?.close();
});

/** Runs `body` with a gateway on the shared Redis whose CREDENTIALS_KEY is `masterKey` (none: unset). */
async function withGateway(masterKey: string | undefined, body: (gateway: TestGateway) => Promise<void>, extra: Record<string, string> = {}): Promise<void> {
  const env: Record<string, string> = { ...liveEnv, API_KEYS: keys.env, REDIS_URL: redis.url, ...extra };
  if (masterKey !== undefined) env['CREDENTIALS_KEY'] = masterKey;
  const gateway = await startTestGateway({ fake, env });
  try {
    await body(gateway);
  } finally {
    await gateway.stop();
  }
}

const live = (gateway: TestGateway, apiKey: string, clientOrderId: string) =>
  gateway.execute(liveMutation, { apiKey, variables: { input: { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.001', clientOrderId } } });
const set = (gateway: TestGateway, apiKey: string) =>
  gateway.execute(setMutation, { apiKey, variables: { input: { apiKey: ownAccount.apiKey, secret: ownAccount.apiSecret } } });
const versionByte = async (on: Store, id: string): Promise<number | undefined> => {
  const record = JSON.parse((await on.readRecord('exchange-credentials', id)) ?? '{}') as { sealed?: string };
  return Buffer.from(record.sealed ?? '', 'base64')[0];
};

describe('stored exchange credentials when the master key or the blob changes', () => {
  it('answers NOT_CONFIGURED without CREDENTIALS_KEY, before anything is sent', async () => {
    const { key } = keys.next('live');
    await withGateway(undefined, async (gateway) => {
      const reads = fake.requestCount('/api/v3/account');
      const result = await set(gateway, key);
      expect(errorCode(result)).toBe('NOT_CONFIGURED');
      expect(result.errors?.[0]?.message).toMatch(/CREDENTIALS_KEY/);
      expect(fake.requestCount('/api/v3/account')).toBe(reads);
    });
    // Live trading on with neither the gateway's credentials nor the key's own: NOT_CONFIGURED too.
    await withGateway(oldKey, async (gateway) => {
      const result = await live(gateway, key, 'nobody-s-account');
      expect(errorCode(result)).toBe('NOT_CONFIGURED');
      expect(result.errors?.[0]?.message).toMatch(/setExchangeCredentials/);
    }, { BINANCE_API_KEY: '', BINANCE_API_SECRET: '' });
  });

  it('refuses live requests under another master key (NOT_CONFIGURED) until the key sets them again', async () => {
    const { key } = keys.next('live');
    await withGateway(oldKey, async (gateway) => void expectData(await set(gateway, key)));
    await withGateway(freshMasterKey(), async (gateway) => {
      const refused = await live(gateway, key, 'other-master-1');
      expect(errorCode(refused)).toBe('NOT_CONFIGURED');
      expect(refused.errors?.[0]?.message).toMatch(/cannot be decrypted.*set them again/);
      expect(fake.orders.countByClientId('other-master-1')).toBe(0);
      // What describes them is not secret and stays visible.
      expect(await viewerCredentials(gateway, key)).toMatchObject({ apiKeyHint: 'OwnA…0001' });
      expectData(await set(gateway, key));
      expectData(await live(gateway, key, 'other-master-2'));
    });
  });

  it('refuses a blob with a flipped byte, and one moved to another key’s record', async () => {
    const first = keys.next('live');
    const second = keys.next('live');
    await withGateway(oldKey, async (gateway) => {
      expectData(await set(gateway, first.key));
      expectData(await set(gateway, second.key));
      const raw = (await store.readRecord('exchange-credentials', first.id)) ?? '';
      const record = JSON.parse(raw) as { sealed: string };
      const blob = Buffer.from(record.sealed, 'base64');
      blob[20] = (blob[20] ?? 0) ^ 0x40;
      await store.writeRecord('exchange-credentials', first.id, JSON.stringify({ ...record, sealed: blob.toString('base64') }));
      expect(errorCode(await live(gateway, first.key, 'tampered-1'))).toBe('NOT_CONFIGURED');
      // The first key's intact blob, put in the second key's record: it names the first key, so it does not open.
      await store.writeRecord('exchange-credentials', second.id, raw);
      expect(errorCode(await live(gateway, second.key, 'moved-1'))).toBe('NOT_CONFIGURED');
      expect(fake.orders.countByClientId('tampered-1') + fake.orders.countByClientId('moved-1')).toBe(0);
      expect(gateway.logLines.join('\n')).toMatch(/stored exchange credentials cannot be decrypted/);
    });
  });

  it('rotates: both keys listed, blobs re-sealed under the new one on use or by the CLI, then the old key goes', async () => {
    // A database of its own: the blobs the other tests broke on purpose would be reported unreadable.
    const url = `${redis.url}/3`;
    const own = createRedisStore({ url, logger: createLogger('silent') });
    const usedKey = keys.next('live');
    const idleKey = keys.next('live');
    try {
      await withGateway(oldKey, async (gateway) => {
        expectData(await set(gateway, usedKey.key));
        expectData(await set(gateway, idleKey.key));
      }, { REDIS_URL: url });
      expect(await versionByte(own, usedKey.id)).toBe(1);
      const rotated = `2:${newKey},1:${oldKey}`;
      await withGateway(rotated, async (gateway) => {
        expectData(await live(gateway, usedKey.key, 'rotated-1'));
      }, { REDIS_URL: url });
      expect(await versionByte(own, usedKey.id)).toBe(2);
      expect(await versionByte(own, idleKey.id)).toBe(1);

      const { stdout } = await runScript(cli, ['rotate'], cleanEnvironment({ REDIS_URL: url, CREDENTIALS_KEY: rotated, NODE_ENV: 'test' }));
      expect(stdout).toContain('Re-sealed 1 under master key version 2; 1 already were.');
      expect(stdout).toMatch(/the older keys can be removed/);
      expect(await versionByte(own, idleKey.id)).toBe(2);

      await withGateway(`2:${newKey}`, async (gateway) => {
        expectData(await live(gateway, idleKey.key, 'rotated-2'));
        expectData(await live(gateway, usedKey.key, 'rotated-3'));
      }, { REDIS_URL: url });
    } finally {
      await own.close();
    }
    expect(fake.orders.all().filter((o) => o.clientOrderId.startsWith('rotated-')).map((o) => o.apiKey)).toEqual([
      ownAccount.apiKey,
      ownAccount.apiKey,
      ownAccount.apiKey,
    ]);
  });

  it('prints a fresh master key: 32 random bytes in base64', async () => {
    const printed = await Promise.all([1, 2].map(async () => (await runScript(cli, [], cleanEnvironment({}))).stdout.trim()));
    for (const key of printed) expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(printed[0]).not.toBe(printed[1]);
  });
});
