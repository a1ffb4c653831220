/**
 * The operations the example client sends, written once with `graphql(...)`. `npm run codegen`
 * reads them and writes their result and variable types to ./generated/, so every call below is
 * checked against the schema: a renamed field breaks the build, not a user's screen.
 */
import { graphql } from './generated/gql.js';

export const RecentCandles = graphql(`
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
`);

export const PlacePaperTrade = graphql(`
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
`);

export const PaperBalances = graphql(`
  query PaperBalances {
    paperAccount {
      balances {
        asset
        free
      }
    }
  }
`);

export const FollowCandles = graphql(`
  subscription FollowCandles($symbol: String!, $interval: Interval!) {
    candles(symbol: $symbol, interval: $interval) {
      openTime
      close
      closed
    }
  }
`);

export const PlaceLimitOrder = graphql(`
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
`);

export const CancelPaperOrder = graphql(`
  mutation CancelPaperOrder($symbol: String!, $clientOrderId: String!) {
    cancelOrder(symbol: $symbol, clientOrderId: $clientOrderId) {
      clientOrderId
      status
      updatedAt
    }
  }
`);

export const FollowOrderUpdates = graphql(`
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
`);
