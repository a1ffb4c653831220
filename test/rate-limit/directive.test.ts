/** Rate limits are declared where the contract says, read back from the schema, and printed for codegen users. */
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { describe, expect, it } from 'vitest';
import { fieldPolicyOf, rateLimitedFields } from '../../src/schema/field-policy.js';
import { schema } from '../../src/schema/schema.js';

describe('@rateLimit in the schema', () => {
  const limits = Object.fromEntries(rateLimitedFields(schema).map((f) => [f.coordinate, `${f.rateLimit?.max}/${f.rateLimit?.window}`]));

  it('gives trade and liveTrade the contract default of 10 per minute', () => {
    const served = Object.keys(schema.getMutationType()?.getFields() ?? {});
    for (const name of ['trade', 'liveTrade'].filter((n) => served.includes(n))) expect(limits[`Mutation.${name}`]).toBe('10/1m');
  });

  it('gives every market-data field a budget of 600 per minute', () => {
    for (const field of ['Query.ohlcv', 'Query.market', 'Query.markets', 'Market.candles']) expect(limits[field]).toBe('600/1m');
  });

  it('records the scopes and cacheability each field declares', () => {
    const ohlcv = schema.getQueryType()?.getFields()['ohlcv'];
    expect(ohlcv && fieldPolicyOf(ohlcv)).toMatchObject({ coordinate: 'Query.ohlcv', scopes: ['read'], cacheable: true });
    const trade = schema.getMutationType()?.getFields()['trade'];
    expect(trade && fieldPolicyOf(trade)).toMatchObject({ coordinate: 'Mutation.trade', scopes: ['trade'], cacheable: false });
    const shared = Object.values(schema.getSubscriptionType()?.getFields() ?? {}).filter((field) => fieldPolicyOf(field)?.sharedEvents);
    expect(shared.map((field) => field.name).sort()).toEqual(['candles', 'orderBook', 'ticker', 'trades']);
  });

  it('prints where it is applied', () => {
    expect(printSchemaWithDirectives(schema)).toMatch(/ohlcv\([^)]*\): \[Candle!\]! @rateLimit\(max: 600, window: "1m"\)/);
  });
});
