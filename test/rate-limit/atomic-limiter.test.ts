/**
 * Why the counting lives in the store: graphql-rate-limit's own limiter lets parallel calls past its
 * limit, while FieldRateLimiter's one atomic step per call admits exactly `max`, on both backends.
 * Also named budgets, identity arguments, what happens when Redis is down, and how declared limits
 * are checked.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { getGraphQLRateLimiter } from 'graphql-rate-limit';
import { afterAll, describe, expect, it } from 'vitest';
import { FieldRateLimiter } from '../../src/rate-limit/field-rate-limiter.js';
import { parseFieldLimit, parseWindow } from '../../src/schema/field-limit.js';
import type { FieldPolicy } from '../../src/schema/field-policy.js';
import { createLogger } from '../../src/observability/logger.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import { StoreError } from '../../src/store/store.js';
import { startRedisServer } from '../helpers/redis-server.js';
import { storeKinds, TestStores } from '../helpers/test-stores.js';

// graphql-rate-limit's own limiter reads only fieldName from the resolve info.
const info = { fieldName: 'trade' } as GraphQLResolveInfo;
const call = { parent: null, args: {}, context: {}, info };
const stores = new TestStores();

afterAll(() => stores.closeAll());

function policyOf(coordinate: string, rateLimit: FieldPolicy['rateLimit']): FieldPolicy {
  return { coordinate, scopes: [], rateLimit, cacheable: false, sharedEvents: false };
}
const twoPerMinute = policyOf('Mutation.trade', { ...parseFieldLimit('Mutation.trade', { max: 2, window: '1m' }), budget: 'orders' });

/** Charges `count` parallel calls; how many were admitted and the refusals. */
async function parallelCalls(limiter: FieldRateLimiter, viewerId: string, count: number, policy = twoPerMinute) {
  const verdicts = await Promise.all(Array.from({ length: count }, () => limiter.charge({ viewerId, policy, args: {}, failOpen: false })));
  const refusals = verdicts.flatMap((v) => (v.allowed ? [] : [v]));
  return { admitted: verdicts.length - refusals.length, refusals };
}

describe('graphql-rate-limit on its own', () => {
  it('lets more than max of 10 parallel calls through (read, decide, write back)', async () => {
    const limiter = getGraphQLRateLimiter({ identifyContext: () => 'bot' });
    const verdicts = await Promise.all(Array.from({ length: 10 }, () => limiter(call, { max: 2, window: '1m' })));
    expect(verdicts.filter((message) => message === undefined).length).toBeGreaterThan(2);
  });
});

describe.each(storeKinds)('FieldRateLimiter over the %s store', (kind) => {
  it('admits exactly max of 10 parallel calls and refuses the rest with retryAfter', async () => {
    const limiter = new FieldRateLimiter({ store: await stores.create(kind), logger: createLogger('silent') });
    const { admitted, refusals } = await parallelCalls(limiter, 'bot', 10);
    expect(admitted).toBe(2);
    expect(refusals).toHaveLength(8);
    for (const refusal of refusals) {
      expect(refusal.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(refusal.retryAfterSeconds).toBeLessThanOrEqual(60);
      expect(refusal.message).toMatch(/^Too many calls of Mutation\.trade: at most 2 per 1m per API key\. Retry in \d+ s\.$/);
    }
    expect(await limiter.remaining('bot', twoPerMinute)).toBe(0);
    expect(await limiter.remaining('other-bot', twoPerMinute)).toBe(2);
  });

  it("applies a named budget's configured limit instead of the declared one", async () => {
    const limiter = new FieldRateLimiter({
      store: await stores.create(kind),
      logger: createLogger('silent'),
      budgets: { orders: { max: 3, window: '10s' } },
    });
    expect(limiter.limitOf(twoPerMinute)).toEqual({ max: 3, window: '10s', windowMs: 10_000 });
    expect((await parallelCalls(limiter, 'bot', 10)).admitted).toBe(3);
  });

  it('keeps a budget per value of the identity arguments a field declares', async () => {
    const limiter = new FieldRateLimiter({ store: await stores.create(kind), logger: createLogger('silent') });
    const perSymbol = policyOf('Query.book', { ...parseFieldLimit('Query.book', { max: 1, window: '1m' }), identityArgs: ['symbol'] });
    const charge = (symbol: string) => limiter.charge({ viewerId: 'bot', policy: perSymbol, args: { symbol }, failOpen: false });
    expect((await charge('BTCUSDT')).allowed).toBe(true);
    expect((await charge('BTCUSDT')).allowed).toBe(false);
    expect((await charge('ETHUSDT')).allowed).toBe(true);
  });
});

describe('when Redis is down', () => {
  it('lets reads through and refuses mutations', async () => {
    const server = await startRedisServer({ spawn: true });
    const store = createRedisStore({ url: server.url, logger: createLogger('silent'), keyPrefix: 'outage:' });
    try {
      const limiter = new FieldRateLimiter({ store, logger: createLogger('silent') });
      const read = policyOf('Query.ohlcv', twoPerMinute.rateLimit);
      await limiter.charge({ viewerId: 'bot', policy: read, args: {}, failOpen: true });
      await server.kill();
      await expect(limiter.charge({ viewerId: 'bot', policy: read, args: {}, failOpen: true })).resolves.toEqual({ allowed: true });
      await expect(limiter.charge({ viewerId: 'bot', policy: twoPerMinute, args: {}, failOpen: false })).rejects.toBeInstanceOf(StoreError);
    } finally {
      await store.close();
      await server.stop();
    }
  });
});

describe('@rateLimit arguments', () => {
  it('reads windows as the ms package does for whole s/m/h/d amounts', () => {
    expect([parseWindow('10s'), parseWindow('1m'), parseWindow('2h'), parseWindow('1d')]).toEqual([10_000, 60_000, 7_200_000, 86_400_000]);
  });

  it('refuses what it cannot enforce, naming the field', () => {
    expect(() => parseFieldLimit('Mutation.trade', { max: 0, window: '1m' })).toThrow(/Mutation\.trade: max must be/);
    expect(() => parseFieldLimit('Mutation.trade', { max: 2.5, window: '1m' })).toThrow(/max must be/);
    expect(() => parseFieldLimit('Mutation.trade', { max: 2, window: '500ms' })).toThrow(/Mutation\.trade: .*window "500ms"/);
    expect(() => parseFieldLimit('Mutation.trade', { max: 2, window: 'soon' })).toThrow(/window "soon"/);
  });
});
