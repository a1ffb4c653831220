/**
 * Live prices for trading (paper fills, MARKET notional checks), from the exchange's ticker/price,
 * cached per symbol for a short while: every paper trade needs a price, and each ticker call costs
 * weight 2. Concurrent readers of a stale or missing price share one request.
 */
import { Dec } from './decimal.js';

export interface PriceFeedOptions {
  /** GET /api/v3/ticker/price for one symbol; a decimal string. */
  fetchPrice: (symbol: string) => Promise<string>;
  /** How long a price is served from the cache, ms (0: always ask the exchange). @default 1000 */
  maxAgeMs?: number;
  /** @default Date.now */
  now?: () => number;
}

interface CachedPrice {
  price: Dec;
  fetchedAt: number;
}

export class PriceFeed {
  private readonly cache = new Map<string, CachedPrice>();
  private readonly pending = new Map<string, Promise<Dec>>();
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(private readonly options: PriceFeedOptions) {
    this.maxAgeMs = options.maxAgeMs ?? 1000;
    this.now = options.now ?? Date.now;
    if (!Number.isSafeInteger(this.maxAgeMs) || this.maxAgeMs < 0) {
      throw new TypeError(`PriceFeed: maxAgeMs must be an integer >= 0, received ${String(options.maxAgeMs)}`);
    }
  }

  /** The live price of `symbol` (upper case), at most maxAgeMs old. */
  price(symbol: string): Promise<Dec> {
    const cached = this.cache.get(symbol);
    if (cached !== undefined && this.now() - cached.fetchedAt < this.maxAgeMs) return Promise.resolve(cached.price);
    let request = this.pending.get(symbol);
    if (request === undefined) {
      request = this.options
        .fetchPrice(symbol)
        .then((text) => {
          const price = new Dec(text);
          this.cache.set(symbol, { price, fetchedAt: this.now() });
          return price;
        })
        .finally(() => this.pending.delete(symbol));
      this.pending.set(symbol, request);
    }
    return request;
  }

  /** Prices of several symbols, by symbol. */
  async prices(symbols: Iterable<string>): Promise<Map<string, Dec>> {
    const unique = [...new Set(symbols)];
    const values = await Promise.all(unique.map((symbol) => this.price(symbol)));
    return new Map(unique.map((symbol, i) => [symbol, values[i] as Dec]));
  }
}
