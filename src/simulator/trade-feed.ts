/**
 * The @trade and @aggTrade streams: every trade the market prints goes out as it happens (the
 * market is pumped every 100 ms while anyone listens), and an aggregate trade once its taker
 * order is done at that price, so no aggregate id is ever sent twice.
 */
import { priceText, qtyText } from './market-format.js';
import type { MarketEntry } from './markets.js';
import type { SymbolStream } from './stream-names.js';
import { SymbolStreamFeed } from './symbol-stream-feed.js';
import type { TapeTrade } from './tape.js';

export class TradeFeed extends SymbolStreamFeed {
  protected servesKind({ kind }: SymbolStream): boolean {
    return kind === 'trade' || kind === 'aggTrade';
  }

  protected open(stream: string, parsed: SymbolStream, entry: MarketEntry): () => void {
    const { market } = entry;
    const { symbol } = market;
    if (parsed.kind === 'trade') {
      const onTrade = (t: TapeTrade): void =>
        this.publish(stream, { e: 'trade', E: this.clock.now(), s: symbol.spec.symbol, t: t.id, p: priceText(symbol, t.ticks), q: qtyText(symbol, t.steps), T: t.time, m: t.buyerMaker, M: true });
      market.tradeListeners.add(onTrade);
      return () => market.tradeListeners.delete(onTrade);
    }
    let pending: { first: TapeTrade; last: TapeTrade; steps: number } | undefined;
    const flush = (): void => {
      if (!pending) return;
      const { first, last, steps } = pending;
      pending = undefined;
      this.publish(stream, { e: 'aggTrade', E: this.clock.now(), s: symbol.spec.symbol, a: first.aggId, p: priceText(symbol, first.ticks), q: qtyText(symbol, steps), f: first.id, l: last.id, T: first.time, m: first.buyerMaker, M: true });
    };
    const onTrade = (t: TapeTrade): void => {
      if (pending && pending.first.aggId !== t.aggId) flush();
      if (pending) {
        pending.last = t;
        pending.steps += t.steps;
      } else {
        pending = { first: t, last: t, steps: t.steps };
      }
    };
    market.tradeListeners.add(onTrade);
    market.settleListeners.add(flush);
    return () => {
      market.tradeListeners.delete(onTrade);
      market.settleListeners.delete(flush);
    };
  }
}
