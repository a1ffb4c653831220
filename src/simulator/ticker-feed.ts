/**
 * The ticker streams: `@ticker` (24hrTicker) and `@miniTicker` (24hrMiniTicker) every 1000 ms,
 * from the same statistics as REST ticker/24hr, and `@bookTicker` in real time: every change of
 * the best bid or ask (price or quantity), with the book's update id.
 */
import type { ExchangeClock } from './clock.js';
import { bookTop, ticker24h } from './market-stats.js';
import type { Markets } from './markets.js';
import type { Publish, StreamFeed } from './stream-feed.js';
import { parseSymbolStream } from './stream-names.js';

export class TickerFeed implements StreamFeed {
  private readonly running = new Map<string, () => void>();

  constructor(private readonly markets: Markets, private readonly clock: ExchangeClock, private readonly publish: Publish) {}

  serves(stream: string): boolean {
    const kind = parseSymbolStream(stream)?.kind;
    return kind === 'ticker' || kind === 'miniTicker' || kind === 'bookTicker';
  }

  start(stream: string): void {
    const parsed = parseSymbolStream(stream);
    if (!parsed || this.running.has(stream)) return;
    let entry;
    try {
      entry = this.markets.synced(parsed.symbol);
    } catch {
      return; // not a listed symbol: silent
    }
    const { market, bars } = entry;
    const s = market.symbol.spec.symbol;
    const release = this.markets.need();
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
      this.running.set(stream, () => { market.bookListeners.delete(onBook); release(); });
      return;
    }
    const mini = parsed.kind === 'miniTicker';
    const unlisten = this.markets.onPump((pump) => {
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
    this.running.set(stream, () => { unlisten(); release(); });
  }

  stop(stream: string): void {
    this.running.get(stream)?.();
    this.running.delete(stream);
  }

  stopAll(): void {
    for (const stream of [...this.running.keys()]) this.stop(stream);
  }
}
