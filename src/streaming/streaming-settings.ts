/** How live subscriptions (candles, books, trades, tickers) and the upstream market streams behind them behave (STREAM_* settings). */
export interface StreamingSettings {
  /** How long an upstream stream stays subscribed after its last listener left, ms. @default 5000 */
  graceMs: number;
  /** Silence after which a market stream or connection counts as stalled, ms. @default 10000 */
  watchdogMs: number;
  /** Age at which an upstream connection is replaced, before the exchange's 24 h cut, ms. @default 23 h */
  maxConnectionAgeMs: number;
  /** Reconnect back-off base and cap (full jitter), ms. @default 500 / 30000 */
  reconnectBaseMs: number;
  reconnectMaxMs: number;
  /** TTL of the lock electing the instance that holds a stream, ms. @default 10000 */
  lockTtlMs: number;
  /** Closed bars a subscriber may leave unread before it is ended (SLOW_CONSUMER). @default 500 */
  maxPendingClosed: number;
  /** Trades a subscriber may leave unread before it is ended (SLOW_CONSUMER). @default 10000 */
  maxPendingTrades: number;
}
