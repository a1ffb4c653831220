/**
 * Why the counting lives in the store: graphql-rate-limit's own store lets parallel calls past its
 * limit, while the same limiter over ReservingStore admits exactly `max`, on both backends. Also
 * what happens when Redis is down, and how directive arguments are checked.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { getGraphQLRateLimiter } from 'graphql-rate-limit';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFieldLimit, parseWindow } from '../../src/rate-limit/field-limit.js';
import { FieldRateLimiter } from '../../src/rate-limit/field-rate-limiter.js';
import { RateLimitedError } from '../../src/schema/errors.js';
import { createLogger } from '../../src/observability/logger.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import { StoreError } from '../../src/store/store.js';
import { startRedisServer } from '../helpers/redis-server.js';
import { storeKinds, TestStores } from '../helpers/test-stores.js';

// The limiter reads only fieldName from the resolve info.
const info = { fieldName: 'trade' } as GraphQLResolveInfo;
const call = { parent: null, args: {}, context: {}, info };
const twoPerMinute = parseFieldLimit('Mutation.trade', { max: 2, window: '1m' });
const stores = new TestStores();

afterAll(() => stores.closeAll());

/** Settles `count` parallel consume() calls; how many were admitted and the refusals. */
async function parallelCalls(limiter: FieldRateLimiter, viewerId: string, count: number) {
  const outcomes = await Promise.allSettled(
    Array.from({ length: count }, () => limiter.consume(viewerId, 'Mutation.trade', twoPerMinute, call, false)),
  );
  const refusals = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
  return { admitted: outcomes.length - refusals.length, refusals };
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
      expect(refusal).toBeInstanceOf(RateLimitedError);
      const retryAfter = (refusal as RateLimitedError).extensions['retryAfter'];
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
    expect(await limiter.remaining('bot', 'Mutation.trade', twoPerMinute)).toBe(0);
    expect(await limiter.remaining('other-bot', 'Mutation.trade', twoPerMinute)).toBe(2);
  });

  it('applies a configured override instead of the directive', async () => {
    const limiter = new FieldRateLimiter({
      store: await stores.create(kind),
      logger: createLogger('silent'),
      overrides: { 'Mutation.trade': { max: 3, window: '10s' } },
    });
    expect(limiter.limitOf('Mutation.trade', twoPerMinute)).toEqual({ max: 3, window: '10s', windowMs: 10_000 });
    expect((await parallelCalls(limiter, 'bot', 10)).admitted).toBe(3);
  });
});

describe('when Redis is down', () => {
  it('lets reads through and refuses mutations', async () => {
    const server = await startRedisServer({ spawn: true });
    const store = createRedisStore({ url: server.url, logger: createLogger('silent'), keyPrefix: 'outage:' });
    try {
      const limiter = new FieldRateLimiter({ store, logger: createLogger('silent') });
      await limiter.consume('bot', 'Query.ohlcv', twoPerMinute, call, true);
      await server.kill();
      await expect(limiter.consume('bot', 'Query.ohlcv', twoPerMinute, call, true)).resolves.toBeUndefined();
      await expect(limiter.consume('bot', 'Mutation.trade', twoPerMinute, call, false)).rejects.toBeInstanceOf(StoreError);
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
