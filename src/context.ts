/**
 * What a resolver sees: the caller (viewer), per-request loaders, and the gateway's long-lived
 * services (services.ts builds them). Built once per request; loaders are never shared between
 * requests. Only its type is imported below the app assembly (the Pothos builder needs it).
 */
import type { KeyDirectory } from './auth/key-directory.js';
import type { Viewer } from './auth/viewer.js';
import type { ExchangeAccounts } from './credentials/exchange-accounts.js';
import type { BinanceClient } from './exchange/binance-client.js';
import type { ExchangeInfoCache } from './exchange/exchange-info-cache.js';
import type { MarketStreamManager } from './exchange/market-stream-manager.js';
import type { CandleBlockFetcher } from './market-data/candle-block-fetcher.js';
import type { CandleBlockLoader, ParsedBlockCache } from './market-data/candle-block-loader.js';
import type { MarketDataLoaders } from './market-data/market-data-loaders.js';
import type { MarketSnapshots } from './market-data/market-snapshots.js';
import type { GatewayMetrics } from './observability/metrics.js';
import type { FieldRateLimiter } from './rate-limit/field-rate-limiter.js';
import type { KeyValueStore } from './store/store.js';
import type { CandleStreamService } from './streaming/candle-stream-service.js';
import type { LocalFeeds } from './streaming/local-feeds.js';
import type { MarketFeeds } from './streaming/market-feeds.js';
import type { MarketSubscriptions } from './streaming/market-subscriptions.js';
import type { LiveOrderPlacer } from './trading/live-order-placer.js';
import type { LiveOrders } from './trading/live-orders.js';
import type { LiveUserData } from './trading/live-user-data.js';
import type { OrderUpdatesService } from './trading/order-updates-service.js';
import type { PaperEngine } from './trading/paper-engine.js';
import type { PaperQuotes } from './trading/paper-quotes.js';
import type { PaperTrading } from './trading/paper-trading.js';

export type { Viewer };

/** Long-lived parts of one gateway instance, shared by all requests. */
export interface GatewayServices {
  /** The candle cache (each request's candle block loader reads it). */
  store: KeyValueStore;
  /** Every client key: API_KEYS and the stored ones (createApiKey), looked up once per request. */
  keys: KeyDirectory;
  exchange: BinanceClient;
  /** Which exchange account a key trades (its stored credentials, else the gateway's), and those credentials. */
  exchangeAccounts: ExchangeAccounts;
  exchangeInfo: ExchangeInfoCache;
  candleFetcher: CandleBlockFetcher;
  /** Tickers, books and recent trades for queries: live where held, else the exchange, shared while under way. */
  marketSnapshots: MarketSnapshots;
  parsedBlocks: ParsedBlockCache;
  /** This instance's market-stream connections to the exchange, shared by every stream consumer. */
  marketStreams: MarketStreamManager;
  /** Live candle subscriptions and the upstream market streams behind them. */
  candleStreams: CandleStreamService;
  /** Live order books, trades and tickers for subscribers, relayed from the instance that holds each stream. */
  marketSubscriptions: MarketSubscriptions;
  /** This instance's upstream sources per symbol (trade tapes, book tickers, order books), shared by every use. */
  localFeeds: LocalFeeds;
  /** Trades and best bid/ask for code on this instance (the paper matching engine). */
  marketFeeds: MarketFeeds;
  /** Enforces the fields' rate limits per API key and field (rate-limit/field-rate-limiter.ts). */
  rateLimiter: FieldRateLimiter;
  /** Paper trades, cancels and paper accounts (Mutation.trade, cancelOrder, Query.paperAccount). */
  paperTrading: PaperTrading;
  /** Paper matching for every symbol with open paper orders, on one instance per symbol. */
  paperEngine: PaperEngine;
  /** The best bid and ask paper orders are placed against. */
  paperQuotes: PaperQuotes;
  /** Every key's order updates, relayed between instances (Subscription.orderUpdates). */
  orderUpdates: OrderUpdatesService;
  /** Live orders (Mutation.liveTrade). */
  liveOrders: LiveOrderPlacer;
  /** LIVE_TRADING=on. */
  liveTradingEnabled: boolean;
  /** A key's live orders after placement: cancels and LiveAccount (refreshed from the exchange). */
  liveOrderBook: LiveOrders;
  /** The user data stream of every exchange account keys trade live, on one instance each. */
  liveUserData: LiveUserData;
  /** This gateway's Prometheus registry and instruments (GET /metrics). */
  metrics: GatewayMetrics;
}

export interface GatewayContext {
  requestId: string;
  /** Null when the request carries no valid key; resolvers are guarded by scopes before they run. */
  viewer: Viewer | null;
  services: GatewayServices;
  loaders: { candleBlocks: CandleBlockLoader } & MarketDataLoaders;
  /** Candles this operation has asked for so far; bounded per operation. */
  candleBudget: { requested: number; planned?: number };
}
