/** @rateLimit is declared where the contract says and printed for codegen users. */
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { describe, expect, it } from 'vitest';
import { rateLimitedFields } from '../../src/rate-limit/rate-limited-fields.js';
import { schema } from '../../src/schema/schema.js';

describe('@rateLimit in the schema', () => {
  const limits = Object.fromEntries(rateLimitedFields(schema).map((f) => [f.coordinate, `${f.declared.max}/${f.declared.window}`]));

  it('gives trade and liveTrade the contract default of 10 per minute', () => {
    const served = Object.keys(schema.getMutationType()?.getFields() ?? {});
    for (const name of ['trade', 'liveTrade'].filter((n) => served.includes(n))) expect(limits[`Mutation.${name}`]).toBe('10/1m');
  });

  it('gives every market-data field a budget of 600 per minute', () => {
    for (const field of ['Query.ohlcv', 'Query.market', 'Query.markets', 'Market.candles']) expect(limits[field]).toBe('600/1m');
  });

  it('prints where it is applied', () => {
    expect(printSchemaWithDirectives(schema)).toMatch(/ohlcv\([^)]*\): \[Candle!\]! @rateLimit\(max: 600, window: "1m"\)/);
  });
});
