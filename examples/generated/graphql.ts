/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type Interval =
  | 'DAY_1'
  | 'DAY_3'
  | 'HOUR_1'
  | 'HOUR_2'
  | 'HOUR_4'
  | 'HOUR_6'
  | 'HOUR_8'
  | 'HOUR_12'
  | 'MIN_1'
  | 'MIN_3'
  | 'MIN_5'
  | 'MIN_15'
  | 'MIN_30'
  | 'MONTH_1'
  | 'WEEK_1';

export type OrderEvent =
  | 'CANCELED'
  | 'EXPIRED'
  /** Accepted and working (for a stop order: resting untriggered). */
  | 'NEW'
  | 'REJECTED'
  /** A (partial) fill. */
  | 'TRADE'
  /** A stop order reached its stopPrice and now works as a LIMIT. */
  | 'TRIGGERED';

export type OrderSide =
  | 'BUY'
  | 'SELL';

export type OrderStatus =
  | 'CANCELED'
  | 'EXPIRED'
  | 'FILLED'
  | 'NEW'
  | 'PARTIALLY_FILLED'
  | 'REJECTED';

export type OrderType =
  | 'LIMIT'
  /** A limit order that only rests (post-only): rejected where it would fill at once. */
  | 'LIMIT_MAKER'
  | 'MARKET'
  /** Rests untriggered until the price reaches stopPrice, then becomes a LIMIT at price. */
  | 'STOP_LOSS_LIMIT'
  /** Rests untriggered until the price reaches stopPrice, then becomes a LIMIT at price. */
  | 'TAKE_PROFIT_LIMIT';

export type TimeInForce =
  | 'FOK'
  | 'GTC'
  | 'IOC';

export type TradeInput = {
  /** Idempotency key; generated when absent. */
  clientOrderId?: string | null | undefined;
  /** Limit price (every type but MARKET). */
  price?: string | null | undefined;
  /** Base-asset quantity. */
  quantity?: string | null | undefined;
  /** Quote-asset amount to spend or receive (MARKET only), instead of quantity. */
  quoteQuantity?: string | null | undefined;
  side: OrderSide;
  /** Trigger price (STOP_LOSS_LIMIT and TAKE_PROFIT_LIMIT only). */
  stopPrice?: string | null | undefined;
  symbol: string;
  /** LIMIT, STOP_LOSS_LIMIT and TAKE_PROFIT_LIMIT; GTC when absent. */
  timeInForce?: TimeInForce | null | undefined;
  type?: OrderType;
};

/** PAPER: simulated against live prices, no money moves. LIVE: a real exchange order. */
export type TradeMode =
  | 'LIVE'
  | 'PAPER';

export type RecentCandlesQueryVariables = Exact<{
  symbol: string;
  interval: Interval;
  limit: number;
}>;


export type RecentCandlesQuery = { ohlcv: Array<{ openTime: string, open: string, high: string, low: string, close: string, volume: string, closed: boolean }> };

export type PlacePaperTradeMutationVariables = Exact<{
  input: TradeInput;
}>;


export type PlacePaperTradeMutation = { trade: { mode: TradeMode, symbol: string, clientOrderId: string, side: OrderSide, status: OrderStatus, executedQuantity: string, quoteQuantity: string, fills: Array<{ price: string, quantity: string, commission: string, commissionAsset: string }> } };

export type PaperBalancesQueryVariables = Exact<{ [key: string]: never; }>;


export type PaperBalancesQuery = { paperAccount: { balances: Array<{ asset: string, free: string }> } };

export type FollowCandlesSubscriptionVariables = Exact<{
  symbol: string;
  interval: Interval;
}>;


export type FollowCandlesSubscription = { candles: { openTime: string, close: string, closed: boolean } };

export type PlaceLimitOrderMutationVariables = Exact<{
  input: TradeInput;
}>;


export type PlaceLimitOrderMutation = { trade: { clientOrderId: string, side: OrderSide, type: OrderType, status: OrderStatus, price: string | null, quantity: string } };

export type CancelPaperOrderMutationVariables = Exact<{
  symbol: string;
  clientOrderId: string;
}>;


export type CancelPaperOrderMutation = { cancelOrder: { clientOrderId: string, status: OrderStatus, updatedAt: string } };

export type FollowOrderUpdatesSubscriptionVariables = Exact<{
  mode: TradeMode;
}>;


export type FollowOrderUpdatesSubscription = { orderUpdates: { event: OrderEvent, at: string, fill: { price: string, quantity: string } | null, order: { clientOrderId: string, status: OrderStatus, executedQuantity: string } } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const RecentCandlesDocument = new TypedDocumentString(`
    query RecentCandles($symbol: String!, $interval: Interval!, $limit: Int!) {
  ohlcv(symbol: $symbol, interval: $interval, limit: $limit) {
    openTime
    open
    high
    low
    close
    volume
    closed
  }
}
    `) as unknown as TypedDocumentString<RecentCandlesQuery, RecentCandlesQueryVariables>;
export const PlacePaperTradeDocument = new TypedDocumentString(`
    mutation PlacePaperTrade($input: TradeInput!) {
  trade(input: $input) {
    mode
    symbol
    clientOrderId
    side
    status
    executedQuantity
    quoteQuantity
    fills {
      price
      quantity
      commission
      commissionAsset
    }
  }
}
    `) as unknown as TypedDocumentString<PlacePaperTradeMutation, PlacePaperTradeMutationVariables>;
export const PaperBalancesDocument = new TypedDocumentString(`
    query PaperBalances {
  paperAccount {
    balances {
      asset
      free
    }
  }
}
    `) as unknown as TypedDocumentString<PaperBalancesQuery, PaperBalancesQueryVariables>;
export const FollowCandlesDocument = new TypedDocumentString(`
    subscription FollowCandles($symbol: String!, $interval: Interval!) {
  candles(symbol: $symbol, interval: $interval) {
    openTime
    close
    closed
  }
}
    `) as unknown as TypedDocumentString<FollowCandlesSubscription, FollowCandlesSubscriptionVariables>;
export const PlaceLimitOrderDocument = new TypedDocumentString(`
    mutation PlaceLimitOrder($input: TradeInput!) {
  trade(input: $input) {
    clientOrderId
    side
    type
    status
    price
    quantity
  }
}
    `) as unknown as TypedDocumentString<PlaceLimitOrderMutation, PlaceLimitOrderMutationVariables>;
export const CancelPaperOrderDocument = new TypedDocumentString(`
    mutation CancelPaperOrder($symbol: String!, $clientOrderId: String!) {
  cancelOrder(symbol: $symbol, clientOrderId: $clientOrderId) {
    clientOrderId
    status
    updatedAt
  }
}
    `) as unknown as TypedDocumentString<CancelPaperOrderMutation, CancelPaperOrderMutationVariables>;
export const FollowOrderUpdatesDocument = new TypedDocumentString(`
    subscription FollowOrderUpdates($mode: TradeMode!) {
  orderUpdates(mode: $mode) {
    event
    at
    fill {
      price
      quantity
    }
    order {
      clientOrderId
      status
      executedQuantity
    }
  }
}
    `) as unknown as TypedDocumentString<FollowOrderUpdatesSubscription, FollowOrderUpdatesSubscriptionVariables>;