/**
 * The ticker streams: `@ticker` (24hrTicker) and `@miniTicker` (24hrMiniTicker) every 1000 ms,
 * from the same statistics as REST ticker/24hr, and `@bookTicker` in real time: every change of
 * the best bid or ask (price or quantity), with the book's update id.
 */
import { bookTop, ticker24h } from './market-stats.js';
import type { MarketEntry } from './markets.js';
import type { SymbolStream } from './stream-names.js';
import { SymbolStreamFeed } from './symbol-stream-feed.js';

export class TickerFeed extends SymbolStreamFeed {
  protected servesKind({ kind }: SymbolStream): boolean {
    return kind === 'ticker' || kind === 'miniTicker' || kind === 'bookTicker';
  }

  protected open(stream: string, parsed: SymbolStream, entry: MarketEntry): () => void {
    const { market, bars } = entry;
    const s = market.symbol.spec.symbol;
    if (parsed.kind === 'bookTicker') {
      let last = '';
      const onBook = (): void => {
        const top = bookTop(market);
        const key = `${top.bidPrice}/${top.bidQty}/${top.askPrice}/${top.askQty}`;
        if (key === last) return;
        last = key;
        this.publish(stream, { u: market.updates.updateId, s, b: top.bidPrice, B: top.bidQty, a: top.askPrice, A: top.askQty });
      };
      market.bookListeners.add(onBook);
      return () => market.bookListeners.delete(onBook);
    }
    const mini = parsed.kind === 'miniTicker';
    return this.markets.onPump((pump) => {
      if (pump % 10 !== 0) return;
      const now = this.clock.now();
      const t = ticker24h(market, bars, now);
      const common = { E: now, s, c: t.lastPrice, o: t.openPrice, h: t.highPrice, l: t.lowPrice, v: t.volume, q: t.quoteVolume };
      if (mini) return this.publish(stream, { e: '24hrMiniTicker', ...common });
      this.publish(stream, {
        e: '24hrTicker', ...common, p: t.priceChange, P: t.priceChangePercent, w: t.weightedAvgPrice, x: t.prevClosePrice,
        Q: t.lastQty, b: t.bidPrice, B: t.bidQty, a: t.askPrice, A: t.askQty, O: t.openTime, C: t.closeTime, F: t.firstId, L: t.lastId, n: t.count,
      });
    });
  }
}
