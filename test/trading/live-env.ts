/** What a test gateway needs for live trading against the fake exchange (its default HMAC credentials). */
export const liveEnv = {
  LIVE_TRADING: 'on',
  BINANCE_API_KEY: 'sim-api-key',
  BINANCE_API_SECRET: 'sim-api-secret',
  TRADING_PRICE_MAX_AGE_MS: '0',
  LIVE_ORDER_RECONCILE_INTERVAL_MS: '50',
};

export const liveMutation = `mutation Live($input: TradeInput!) {
  liveTrade(input: $input) {
    mode symbol clientOrderId exchangeOrderId side type status price quantity executedQuantity quoteQuantity createdAt
    fills { price quantity commission commissionAsset }
  }
}`;

export interface LiveOrder {
  mode: string;
  clientOrderId: string;
  exchangeOrderId: string;
  status: string;
  quantity: string;
  fills: { price: string; quantity: string; commission: string; commissionAsset: string }[];
  [field: string]: unknown;
}
