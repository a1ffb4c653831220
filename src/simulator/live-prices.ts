/**
 * The live (last traded) price of each symbol: the price path at the exchange's now, unless a test
 * pinned it with `orders.setPrice`. Fills, ticker/price and avgPrice read it; klines do not (they
 * stay a pure function of time).
 */
import type { ExchangeClock } from './clock.js';
import { Dec, formatUnits } from './decimals.js';
import type { KlineGenerator } from './kline-generator.js';
import type { ListedSymbol } from './symbols.js';

export class LivePrices {
  private readonly pinned = new Map<string, Dec>();

  constructor(private readonly generator: KlineGenerator, private readonly clock: ExchangeClock) {}

  pin(symbol: string, price: Dec): void {
    this.pinned.set(symbol, price);
  }

  unpin(symbol: string): void {
    this.pinned.delete(symbol);
  }

  get(symbol: ListedSymbol): Dec {
    return this.pinned.get(symbol.spec.symbol) ?? new Dec(this.pathPrice(symbol));
  }

  /** The live price as Binance formats it ("64123.45000000"). */
  format(symbol: ListedSymbol): string {
    const pinned = this.pinned.get(symbol.spec.symbol);
    return pinned ? pinned.toFixed(8) : this.pathPrice(symbol);
  }

  private pathPrice(symbol: ListedSymbol): string {
    return formatUnits(this.generator.priceTicksAt(symbol, this.clock.now()) * symbol.tickUnits);
  }
}
