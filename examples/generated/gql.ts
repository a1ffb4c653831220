/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query RecentCandles($symbol: String!, $interval: Interval!, $limit: Int!) {\n    ohlcv(symbol: $symbol, interval: $interval, limit: $limit) {\n      openTime\n      open\n      high\n      low\n      close\n      volume\n      closed\n    }\n  }\n": typeof types.RecentCandlesDocument,
    "\n  mutation PlacePaperTrade($input: TradeInput!) {\n    trade(input: $input) {\n      mode\n      symbol\n      clientOrderId\n      side\n      status\n      executedQuantity\n      quoteQuantity\n      fills {\n        price\n        quantity\n        commission\n        commissionAsset\n      }\n    }\n  }\n": typeof types.PlacePaperTradeDocument,
    "\n  query PaperBalances {\n    paperAccount {\n      balances {\n        asset\n        free\n      }\n    }\n  }\n": typeof types.PaperBalancesDocument,
    "\n  subscription FollowCandles($symbol: String!, $interval: Interval!) {\n    candles(symbol: $symbol, interval: $interval) {\n      openTime\n      close\n      closed\n    }\n  }\n": typeof types.FollowCandlesDocument,
    "\n  mutation PlaceLimitOrder($input: TradeInput!) {\n    trade(input: $input) {\n      clientOrderId\n      side\n      type\n      status\n      price\n      quantity\n    }\n  }\n": typeof types.PlaceLimitOrderDocument,
    "\n  mutation CancelPaperOrder($symbol: String!, $clientOrderId: String!) {\n    cancelOrder(symbol: $symbol, clientOrderId: $clientOrderId) {\n      clientOrderId\n      status\n      updatedAt\n    }\n  }\n": typeof types.CancelPaperOrderDocument,
    "\n  subscription FollowOrderUpdates($mode: TradeMode!) {\n    orderUpdates(mode: $mode) {\n      event\n      at\n      fill {\n        price\n        quantity\n      }\n      order {\n        clientOrderId\n        status\n        executedQuantity\n      }\n    }\n  }\n": typeof types.FollowOrderUpdatesDocument,
};
const documents: Documents = {
    "\n  query RecentCandles($symbol: String!, $interval: Interval!, $limit: Int!) {\n    ohlcv(symbol: $symbol, interval: $interval, limit: $limit) {\n      openTime\n      open\n      high\n      low\n      close\n      volume\n      closed\n    }\n  }\n": types.RecentCandlesDocument,
    "\n  mutation PlacePaperTrade($input: TradeInput!) {\n    trade(input: $input) {\n      mode\n      symbol\n      clientOrderId\n      side\n      status\n      executedQuantity\n      quoteQuantity\n      fills {\n        price\n        quantity\n        commission\n        commissionAsset\n      }\n    }\n  }\n": types.PlacePaperTradeDocument,
    "\n  query PaperBalances {\n    paperAccount {\n      balances {\n        asset\n        free\n      }\n    }\n  }\n": types.PaperBalancesDocument,
    "\n  subscription FollowCandles($symbol: String!, $interval: Interval!) {\n    candles(symbol: $symbol, interval: $interval) {\n      openTime\n      close\n      closed\n    }\n  }\n": types.FollowCandlesDocument,
    "\n  mutation PlaceLimitOrder($input: TradeInput!) {\n    trade(input: $input) {\n      clientOrderId\n      side\n      type\n      status\n      price\n      quantity\n    }\n  }\n": types.PlaceLimitOrderDocument,
    "\n  mutation CancelPaperOrder($symbol: String!, $clientOrderId: String!) {\n    cancelOrder(symbol: $symbol, clientOrderId: $clientOrderId) {\n      clientOrderId\n      status\n      updatedAt\n    }\n  }\n": types.CancelPaperOrderDocument,
    "\n  subscription FollowOrderUpdates($mode: TradeMode!) {\n    orderUpdates(mode: $mode) {\n      event\n      at\n      fill {\n        price\n        quantity\n      }\n      order {\n        clientOrderId\n        status\n        executedQuantity\n      }\n    }\n  }\n": types.FollowOrderUpdatesDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RecentCandles($symbol: String!, $interval: Interval!, $limit: Int!) {\n    ohlcv(symbol: $symbol, interval: $interval, limit: $limit) {\n      openTime\n      open\n      high\n      low\n      close\n      volume\n      closed\n    }\n  }\n"): typeof import('./graphql.js').RecentCandlesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PlacePaperTrade($input: TradeInput!) {\n    trade(input: $input) {\n      mode\n      symbol\n      clientOrderId\n      side\n      status\n      executedQuantity\n      quoteQuantity\n      fills {\n        price\n        quantity\n        commission\n        commissionAsset\n      }\n    }\n  }\n"): typeof import('./graphql.js').PlacePaperTradeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PaperBalances {\n    paperAccount {\n      balances {\n        asset\n        free\n      }\n    }\n  }\n"): typeof import('./graphql.js').PaperBalancesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription FollowCandles($symbol: String!, $interval: Interval!) {\n    candles(symbol: $symbol, interval: $interval) {\n      openTime\n      close\n      closed\n    }\n  }\n"): typeof import('./graphql.js').FollowCandlesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PlaceLimitOrder($input: TradeInput!) {\n    trade(input: $input) {\n      clientOrderId\n      side\n      type\n      status\n      price\n      quantity\n    }\n  }\n"): typeof import('./graphql.js').PlaceLimitOrderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelPaperOrder($symbol: String!, $clientOrderId: String!) {\n    cancelOrder(symbol: $symbol, clientOrderId: $clientOrderId) {\n      clientOrderId\n      status\n      updatedAt\n    }\n  }\n"): typeof import('./graphql.js').CancelPaperOrderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription FollowOrderUpdates($mode: TradeMode!) {\n    orderUpdates(mode: $mode) {\n      event\n      at\n      fill {\n        price\n        quantity\n      }\n      order {\n        clientOrderId\n        status\n        executedQuantity\n      }\n    }\n  }\n"): typeof import('./graphql.js').FollowOrderUpdatesDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
