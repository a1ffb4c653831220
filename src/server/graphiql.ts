/**
 * What GraphiQL (GET /graphql in a browser) opens with: one named example operation for every part
 * of the API, and the X-API-Key header ready to fill.
 *
 * Subscriptions run over SSE, not WebSocket: GraphiQL sends the header editor's contents as HTTP
 * headers on every request, SSE included, so the key reaches the server. Its WebSocket mode puts
 * those headers nowhere the server can read them (not in connectionParams, and a browser cannot set
 * headers on a WebSocket upgrade), so the gateway would refuse the connection.
 */
import type { GraphiQLOptions } from 'graphql-yoga';

/** The document GraphiQL opens with. Pick an operation with the run button's menu. */
export const exampleOperations = `# Trading gateway: one example per part of the API.
# Put your key into the X-API-Key header (Headers tab below), then run an operation
# by name from the run button's menu.

# Candles of one symbol, newest last (the last one may still be forming).
query Candles {
  ohlcv(symbol: "BTCUSDT", interval: MIN_1, limit: 5) {
    openTime open high low close volume quoteVolume trades closed
  }
}

# Several markets at once, each with its latest candles.
query Markets {
  markets(symbols: ["BTCUSDT", "ETHUSDT"]) {
    symbol baseAsset quoteAsset status
    candles(interval: HOUR_1, limit: 3) { openTime close }
  }
  market(symbol: "BNBBTC") { symbol status }
}

# Tickers (one exchange call for the list), a book's best levels and the latest trades, newest last.
query MarketData {
  markets(symbols: ["BTCUSDT", "ETHUSDT"]) {
    symbol
    ticker { lastPrice bidPrice askPrice priceChangePercent volume trades }
  }
  market(symbol: "BTCUSDT") {
    orderBook(depth: 5) { lastUpdateId bids { price quantity } asks { price quantity } }
    trades(limit: 10) { id price quantity time buyerIsMaker }
  }
}

# Who you are, and what is left of your rate limits and of the exchange's weight budget.
query Viewer {
  viewer {
    id
    scopes
    rateLimits { field max window remaining }
    exchangeWeight { used limit remaining backoffUntil }
    exchangeCredentials { apiKeyHint kind createdAt }
  }
}

# Your simulated account (scope trade): balances (locked: held by open orders), open orders, history.
query PaperAccount {
  paperAccount {
    balances { asset free locked }
    openOrders(symbol: "BTCUSDT") { clientOrderId side type price stopPrice status createdAt }
    orders(symbol: "BTCUSDT", limit: 10) { clientOrderId side type status executedQuantity averagePrice updatedAt }
    order(clientOrderId: "my-limit-1") { status fills { price quantity } }
  }
}

# A paper trade: a MARKET order fills at once at the best ask (a SELL at the best bid); no money moves (scope trade).
mutation PaperTrade {
  trade(input: { symbol: "BTCUSDT", side: BUY, type: MARKET, quoteQuantity: "100" }) {
    mode symbol clientOrderId status executedQuantity quoteQuantity averagePrice
    fills { price quantity commission commissionAsset }
  }
}

# A resting paper LIMIT order: its funds are locked until the exchange trades at its price (scope trade).
mutation PaperLimitOrder {
  trade(input: { symbol: "BTCUSDT", side: BUY, type: LIMIT, price: "50000", quantity: "0.001", clientOrderId: "my-limit-1" }) {
    clientOrderId status price timeInForce
  }
}

# A stop loss: rests untriggered until the last trade price falls to 48000, then works as a LIMIT at 47900.
mutation PaperStopLoss {
  trade(input: { symbol: "BTCUSDT", side: SELL, type: STOP_LOSS_LIMIT, stopPrice: "48000", price: "47900", quantity: "0.001" }) {
    clientOrderId status stopPrice price
  }
}

# Cancels one paper order; an order no longer open comes back unchanged (scope trade).
mutation CancelPaperOrder {
  cancelOrder(symbol: "BTCUSDT", clientOrderId: "my-limit-1") { clientOrderId status updatedAt }
}

# Cancels every open paper order on a symbol (scope trade).
mutation CancelPaperOrders {
  cancelOpenOrders(symbol: "BTCUSDT") { clientOrderId status }
}

# The exchange account your live orders go to (scope live): balances, open orders and history of your orders.
query LiveAccount {
  liveAccount {
    canTrade
    balances { asset free locked }
    openOrders { symbol clientOrderId exchangeOrderId side type price status }
    orders(limit: 10) { symbol clientOrderId status executedQuantity averagePrice updatedAt }
  }
}

# Cancels a live order (scope live); a lost answer is resolved by looking the order up.
mutation CancelLiveOrder {
  cancelLiveOrder(symbol: "BTCUSDT", clientOrderId: "my-live-1") { clientOrderId exchangeOrderId status executedQuantity }
}

# Cancels every open live order of yours on a symbol, never another key's (scope live).
mutation CancelLiveOrders {
  cancelLiveOpenOrders(symbol: "BTCUSDT") { clientOrderId status }
}

# A REAL exchange order (scope live, and LIVE_TRADING=on on the server). This one is
# immediate-or-cancel at a limit price: it fills only at that price or better, else expires.
mutation LiveTrade {
  liveTrade(input: { symbol: "BTCUSDT", side: BUY, type: LIMIT, price: "50000", quantity: "0.0002", timeInForce: IOC }) {
    mode symbol clientOrderId exchangeOrderId status executedQuantity fills { price quantity }
  }
}

# Trade your own exchange account (scope live): checked with the exchange, then stored
# encrypted; your live orders go there from now on. Needs CREDENTIALS_KEY on the server.
mutation SetExchangeCredentials {
  setExchangeCredentials(input: { apiKey: "<exchange API key>", secret: "<its secret>" }) {
    apiKeyHint kind createdAt
  }
}

# Back to the gateway's own exchange account (scope live).
mutation DeleteExchangeCredentials {
  deleteExchangeCredentials
}

# Every client key of the gateway (scope admin).
query ApiKeys {
  apiKeys { id scopes source createdAt expiresAt revokedAt lastUsedAt }
}

# A new client key, shown only in this answer (scope admin).
mutation CreateApiKey {
  createApiKey(input: { id: "reporting-bot", scopes: ["read"], expiresAt: "2030-01-01T00:00:00.000Z" }) {
    key
    apiKey { id scopes expiresAt }
  }
}

# Refused on every gateway instance within a second (scope admin).
mutation RevokeApiKey {
  revokeApiKey(id: "reporting-bot") { id revokedAt }
}

# Every update of the forming bar, live (stop it with the run button).
subscription LiveCandles {
  candles(symbol: "BTCUSDT", interval: MIN_1) {
    openTime open high low close volume closed
  }
}

# The book's best 10 levels at once, then after every change: always the exchange's book at lastUpdateId.
subscription LiveOrderBook {
  orderBook(symbol: "BTCUSDT", depth: 10) {
    lastUpdateId
    bids { price quantity }
    asks { price quantity }
  }
}

# Every trade, in exchange order, with no gap across reconnects.
subscription LiveTrades {
  trades(symbol: "BTCUSDT") { id price quantity quoteQuantity time buyerIsMaker }
}

# The 24-hour ticker at every update.
subscription LiveTicker {
  ticker(symbol: "ETHUSDT") { lastPrice bidPrice askPrice high low volume closeTime }
}

# Every change of your paper orders as it happens: NEW, TRIGGERED, TRADE (with the fill), CANCELED,
# EXPIRED. mode: LIVE follows your exchange account's orders (scope live).
subscription OrderUpdates {
  orderUpdates(mode: PAPER) {
    event at
    fill { price quantity commission commissionAsset }
    order { symbol clientOrderId side type status price executedQuantity averagePrice }
  }
}
`;

/** Shown in the header editor when the server has no development key to offer. */
export const apiKeyPlaceholder = '<your API key>';

export interface GraphiQLSetup {
  /** The key minted for this run when none is configured (config.devApiKey). */
  devApiKey: string | undefined;
  /** In production the header is never pre-filled, whatever devApiKey says. */
  production: boolean;
}

export function graphiqlOptions(setup: GraphiQLSetup): GraphiQLOptions {
  const key = !setup.production && setup.devApiKey ? setup.devApiKey : apiKeyPlaceholder;
  return {
    title: 'Trading gateway',
    defaultQuery: exampleOperations,
    headers: JSON.stringify({ 'X-API-Key': key }, null, 2),
    // A key typed in stays in this tab only, not in the browser's storage.
    shouldPersistHeaders: false,
    defaultEditorToolsVisibility: 'headers',
    subscriptionsProtocol: 'SSE',
  };
}
