/**
 * Assembles the schema: imports every domain's type files (each registers itself on the builder)
 * and calls toSchema once. Directives are declared here so the printed schema shows them to codegen
 * users; toSchema's list replaces graphql's built-ins, hence specifiedDirectives.
 */
import { GraphQLDeferDirective, GraphQLStreamDirective } from '@graphql-tools/utils';
import { specifiedDirectives } from 'graphql';
import { rateLimitDirective } from './rate-limit-directive.js';
import { builder } from './builder.js';
import './scalars.js';
import '../auth/viewer-type.js';
import '../auth/api-key-type.js';
import '../credentials/exchange-credentials-type.js';
import '../market-data/ohlcv-query.js';
import '../market-data/market-type.js';
import '../market-data/market-live-fields.js';
import '../streaming/candles-subscription.js';
import '../streaming/market-subscription-fields.js';
import '../trading/paper-account-type.js';
import '../trading/order-update-type.js';
import '../trading/trade-mutation.js';
import '../trading/live-trade-mutation.js';
import '../trading/live-account-type.js';
import '../trading/cancel-mutations.js';

export const schema = builder.toSchema({
  directives: [...specifiedDirectives, GraphQLDeferDirective, GraphQLStreamDirective, rateLimitDirective],
});
