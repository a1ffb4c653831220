/**
 * API keys as a service, on both stores, with two gateway instances sharing one store as behind a
 * load balancer: createApiKey on one instance admits the key on both; revokeApiKey and expiry refuse
 * it on both within a second; apiKeys lists configured and stored keys; bad input is named; the
 * key itself is stored nowhere (only its SHA-256) and logged nowhere.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/auth/api-key-hash.js';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import type { Store } from '../../src/store/store.js';
import { testKeys } from '../helpers/api-keys.js';
import { errorCode, expectData, type GraphQLResponse } from '../helpers/graphql-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { storeKinds, TestStores } from '../helpers/test-stores.js';

interface ApiKey {
  id: string;
  scopes: string[];
  source: string;
  createdAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const apiKeyFields = 'id scopes source createdAt expiresAt revokedAt lastUsedAt';
const createMutation = `mutation Create($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { ${apiKeyFields} } } }`;
const revokeMutation = `mutation Revoke($id: String!) { revokeApiKey(id: $id) { ${apiKeyFields} } }`;
const listQuery = `{ apiKeys { ${apiKeyFields} } }`;
const whoAmI = '{ viewer { id scopes } }';

let fake: FakeExchange;
const stores = new TestStores();

beforeAll(async () => {
  fake = await startFakeExchange({ streamUpdateIntervalMs: 0 });
});

afterAll(async () => {
  await stores.closeAll();
  await fake?.close();
});

/** Polls `check` every 20 ms until it holds; fails after `withinMs`. Resolves to the time it took. */
async function within(withinMs: number, check: () => Promise<boolean>): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > withinMs) throw new Error(`not true within ${withinMs} ms`);
    await sleep(20);
  }
  return performance.now() - started;
}

for (const kind of storeKinds) {
  describe(`API keys as a service (${kind} store, two instances)`, () => {
    let store: Store;
    let a: TestGateway;
    let b: TestGateway;

    beforeAll(async () => {
      store = await stores.create(kind);
      [a, b] = await Promise.all([startTestGateway({ fake, store }), startTestGateway({ fake, store })]);
    });

    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
    });

    const create = (gateway: TestGateway, input: Record<string, unknown>) =>
      gateway.execute<{ createApiKey: { key: string; apiKey: ApiKey } }>(createMutation, { variables: { input }, apiKey: testKeys.admin });

    const refusal = async (gateway: TestGateway, key: string): Promise<{ status: number; message: string | undefined; code: unknown }> => {
      const result = await gateway.execute(whoAmI, { apiKey: key });
      return { status: result.status, message: result.errors?.[0]?.message, code: errorCode(result) };
    };

    it('admits a created key on every instance at once, with the scopes it was given', async () => {
      const { createApiKey } = expectData(await create(a, { id: `bot-${kind}`, scopes: ['trade', 'read', 'read'] }));
      expect(createApiKey.key).toMatch(/^gw_[A-Za-z0-9_-]{43}$/);
      expect(createApiKey.apiKey).toMatchObject({ id: `bot-${kind}`, scopes: ['read', 'trade'], source: 'STORE', expiresAt: null, revokedAt: null });
      expect(Date.now() - Date.parse(createApiKey.apiKey.createdAt ?? '')).toBeLessThan(10_000);
      for (const gateway of [a, b]) {
        await within(1000, async () => (await gateway.execute(whoAmI, { apiKey: createApiKey.key })).status === 200);
        expect(expectData(await gateway.execute<{ viewer: { id: string; scopes: string[] } }>(whoAmI, { apiKey: createApiKey.key })).viewer).toEqual({
          id: `bot-${kind}`,
          scopes: ['read', 'trade'],
        });
      }
      // Scopes hold for created keys as for configured ones.
      const forbidden = await b.execute('{ apiKeys { id } }', { apiKey: createApiKey.key });
      expect(errorCode(forbidden)).toBe('FORBIDDEN');
    });

    it('refuses a revoked key on every instance within a second, and says so', async () => {
      const { createApiKey } = expectData(await create(a, { id: `doomed-${kind}`, scopes: ['read'] }));
      await within(1000, async () => (await b.execute(whoAmI, { apiKey: createApiKey.key })).status === 200);
      const revoked = expectData(await b.execute<{ revokeApiKey: ApiKey }>(revokeMutation, { variables: { id: `doomed-${kind}` }, apiKey: testKeys.admin }));
      expect(revoked.revokeApiKey.revokedAt).not.toBeNull();
      // The revoking instance refuses it at once; the other within a second.
      expect(await refusal(b, createApiKey.key)).toEqual({ status: 401, message: 'This API key has been revoked.', code: 'UNAUTHENTICATED' });
      const took = await within(1000, async () => (await refusal(a, createApiKey.key)).status === 401);
      expect(took).toBeLessThan(1000);
      expect(await refusal(a, createApiKey.key)).toMatchObject({ message: 'This API key has been revoked.' });
      // Revoking again changes nothing.
      const again = expectData(await a.execute<{ revokeApiKey: ApiKey }>(revokeMutation, { variables: { id: `doomed-${kind}` }, apiKey: testKeys.admin }));
      expect(again.revokeApiKey.revokedAt).toBe(revoked.revokeApiKey.revokedAt);
    });

    it('refuses a key past its expiry on every instance', async () => {
      const expiresAt = new Date(Date.now() + 1500).toISOString();
      const { createApiKey } = expectData(await create(a, { id: `brief-${kind}`, scopes: ['read'], expiresAt }));
      expect(createApiKey.apiKey.expiresAt).toBe(expiresAt);
      await within(1000, async () => (await b.execute(whoAmI, { apiKey: createApiKey.key })).status === 200);
      await sleep(Math.max(0, Date.parse(expiresAt) - Date.now()));
      for (const gateway of [a, b]) {
        expect(await refusal(gateway, createApiKey.key)).toEqual({ status: 401, message: 'This API key has expired.', code: 'UNAUTHENTICATED' });
      }
    });

    it('resyncs on its own when a change was never announced (a lost message)', async () => {
      const { createApiKey } = expectData(await create(a, { id: `quiet-${kind}`, scopes: ['read'] }));
      await within(1000, async () => (await b.execute(whoAmI, { apiKey: createApiKey.key })).status === 200);
      // Another instance revoked it and its publish was lost: the record changed, no message came.
      const raw = await store.readRecord('api-keys', `quiet-${kind}`);
      const record = { ...(JSON.parse(raw ?? '{}') as Record<string, unknown>), revokedAt: Date.now() };
      expect(await store.writeRecord('api-keys', `quiet-${kind}`, JSON.stringify(record), { ifValue: raw ?? '' })).not.toBeNull();
      for (const gateway of [a, b]) await within(1000, async () => (await refusal(gateway, createApiKey.key)).status === 401);
    });

    it('lists configured and stored keys, with when each was last used', async () => {
      const { createApiKey } = expectData(await create(a, { id: `listed-${kind}`, scopes: ['live', 'admin'] }));
      await a.execute(whoAmI, { apiKey: createApiKey.key });
      await a.execute(whoAmI, { apiKey: testKeys.read });
      const { apiKeys } = expectData(await a.execute<{ apiKeys: ApiKey[] }>(listQuery, { apiKey: testKeys.admin }));
      const byId = new Map(apiKeys.map((key) => [key.id, key]));
      expect(byId.get('read')).toMatchObject({ source: 'ENV', scopes: ['read'], createdAt: null, revokedAt: null });
      expect(byId.get('read')?.lastUsedAt).not.toBeNull();
      expect(byId.get(`listed-${kind}`)).toMatchObject({ source: 'STORE', scopes: ['live', 'admin'], revokedAt: null });
      expect(Date.now() - Date.parse(byId.get(`listed-${kind}`)?.lastUsedAt ?? '')).toBeLessThan(10_000);
      expect(byId.get(`doomed-${kind}`)?.revokedAt).not.toBeNull();
      // Configured keys first, in API_KEYS order, then stored ones by creation.
      expect(apiKeys.slice(0, 6).map((key) => key.source)).toEqual(['ENV', 'ENV', 'ENV', 'ENV', 'ENV', 'ENV']);
      const stored = apiKeys.filter((key) => key.source === 'STORE').map((key) => Date.parse(key.createdAt ?? ''));
      expect(stored).toEqual([...stored].sort((x, y) => x - y));
      // The other instance lists the same keys.
      const fromB = expectData(await b.execute<{ apiKeys: ApiKey[] }>(listQuery, { apiKey: testKeys.admin })).apiKeys;
      expect(fromB.map((key) => [key.id, key.revokedAt])).toEqual(apiKeys.map((key) => [key.id, key.revokedAt]));
    });

    it('names bad input: id, scopes, expiry, a taken id (configured or stored), unknown and read-only ids', async () => {
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ id: 'has space', scopes: ['read'] }, /id must be 1 to 64 letters/],
        [{ id: 'x'.repeat(65), scopes: ['read'] }, /id must be 1 to 64/],
        [{ id: 'ok', scopes: ['read', 'root'] }, /Unknown scope root/],
        [{ id: 'ok', scopes: [] }, /at least one scope/],
        [{ id: 'ok', scopes: ['read'], expiresAt: '2020-01-01T00:00:00.000Z' }, /expiresAt must be in the future/],
        [{ id: 'read', scopes: ['read'] }, /configured in API_KEYS/],
        [{ id: `bot-${kind}`, scopes: ['read'] }, /exists already/],
        [{ id: `doomed-${kind}`, scopes: ['read'] }, /exists already/],
      ];
      for (const [input, message] of cases) {
        const result = await create(b, input);
        expect(errorCode(result), JSON.stringify(input)).toBe('BAD_USER_INPUT');
        expect(result.errors?.[0]?.message).toMatch(message);
      }
      const unknown = await a.execute(revokeMutation, { variables: { id: 'never-created' }, apiKey: testKeys.admin });
      expect(errorCode(unknown)).toBe('NOT_FOUND');
      const configured = await a.execute(revokeMutation, { variables: { id: 'read' }, apiKey: testKeys.admin });
      expect(errorCode(configured)).toBe('BAD_USER_INPUT');
      expect(configured.errors?.[0]?.message).toMatch(/API_KEYS/);
      // Concurrent creates of one id: exactly one wins, on whichever instance.
      const racing = await Promise.all([a, b, a, b].map((gateway) => create(gateway, { id: `race-${kind}`, scopes: ['read'] })));
      expect(racing.filter((result) => result.data?.createApiKey).length).toBe(1);
    });

    it('keeps only the SHA-256 of a created key, and logs neither the key nor its digest', async () => {
      const { createApiKey } = expectData(await create(a, { id: `secretive-${kind}`, scopes: ['read'] }));
      const record = await store.readRecord('api-keys', `secretive-${kind}`);
      expect(record).toContain(sha256Hex(createApiKey.key));
      expect(record).not.toContain(createApiKey.key);
      if (kind === 'redis') {
        const redis = new Redis((await stores.redisServer()).url);
        try {
          const everything: string[] = [];
          for (const key of await redis.keys('*')) {
            const type = await redis.type(key);
            if (type === 'string') everything.push((await redis.get(key)) ?? '');
            else if (type === 'hash') everything.push(...Object.entries(await redis.hgetall(key)).flat());
            else if (type === 'zset') everything.push(JSON.stringify(await redis.zrange(key, 0, -1)));
          }
          expect(everything.join('\n')).not.toContain(createApiKey.key);
        } finally {
          redis.disconnect();
        }
      }
      await a.execute(whoAmI, { apiKey: createApiKey.key });
      const logs = [...a.logLines, ...b.logLines].join('\n');
      expect(logs).toContain(`secretive-${kind}`);
      expect(logs).not.toContain(createApiKey.key);
      expect(logs).not.toContain(sha256Hex(createApiKey.key));
    });
  });
}

describe('a gateway that starts after keys were created', () => {
  it('loads them from the store before it listens', async () => {
    const store = await stores.create('redis');
    const first = await startTestGateway({ fake, store });
    let created: GraphQLResponse<{ createApiKey: { key: string } }>;
    try {
      created = await first.execute(createMutation, { variables: { input: { id: 'early', scopes: ['read'] } }, apiKey: testKeys.admin });
    } finally {
      await first.stop();
    }
    const later = await startTestGateway({ fake, store });
    try {
      const key = expectData(created).createApiKey.key;
      expect(expectData(await later.execute<{ viewer: { id: string } }>(whoAmI, { apiKey: key })).viewer.id).toBe('early');
    } finally {
      await later.stop();
    }
  });
});
