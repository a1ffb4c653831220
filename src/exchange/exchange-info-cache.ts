/**
 * exchangeInfo, cached: it is the one source for symbol validation, Market fields and order
 * filters, and it costs weight 20, so it is fetched once and refreshed in the background. While a
 * refresh fails, the last good copy keeps serving.
 */
import type { Logger } from '../observability/logger.js';
import type { ExchangeInfo, SymbolInfo } from './binance-schemas.js';
import { UnknownSymbolError } from './errors.js';

export class ExchangeInfoCache {
  private info: ExchangeInfo | undefined;
  private bySymbol = new Map<string, SymbolInfo>();
  private fetchedAt = 0;
  private pending: Promise<ExchangeInfo> | undefined;

  /**
   * @param fetchInfo GET /api/v3/exchangeInfo
   * @param refreshEveryMs age after which the next read triggers a refresh. @default 5 minutes
   */
  constructor(
    private readonly fetchInfo: () => Promise<ExchangeInfo>,
    private readonly logger: Logger,
    private readonly refreshEveryMs = 5 * 60_000,
  ) {}

  /** The whole exchangeInfo; fetched on first use, refreshed when stale. */
  async get(): Promise<ExchangeInfo> {
    if (!this.info) return this.refresh();
    if (Date.now() - this.fetchedAt > this.refreshEveryMs) {
      this.refresh().catch((error: unknown) => {
        this.logger.warn({ err: error }, 'exchangeInfo refresh failed; serving the last copy');
      });
    }
    return this.info;
  }

  /** The symbol's info, or undefined when the exchange lists no such symbol. */
  async symbol(symbol: string): Promise<SymbolInfo | undefined> {
    await this.get();
    return this.bySymbol.get(symbol.toUpperCase());
  }

  /** The symbol's info; an unknown symbol is the caller's mistake (UnknownSymbolError). */
  async require(symbol: string): Promise<SymbolInfo> {
    const info = await this.symbol(symbol);
    if (!info) throw new UnknownSymbolError(symbol);
    return info;
  }

  /** Fetches now; concurrent callers share one request. */
  refresh(): Promise<ExchangeInfo> {
    this.pending ??= this.fetchInfo()
      .then((info) => {
        this.info = info;
        this.bySymbol = new Map(info.symbols.map((s) => [s.symbol, s]));
        this.fetchedAt = Date.now();
        return info;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }
}
