/**
 * The @trade and @aggTrade streams: every trade the market prints goes out as it happens (the
 * market is pumped every 100 ms while anyone listens), and an aggregate trade once its taker
 * order is done at that price, so no aggregate id is ever sent twice.
 */
import type { Markets } from './markets.js';
import { priceText, qtyText } from './market-format.js';
import type { ExchangeClock } from './clock.js';
import type { Publish, StreamFeed } from './stream-feed.js';
import { parseSymbolStream } from './stream-names.js';
import type { TapeTrade } from './tape.js';

interface Running {
  stop: () => void;
}

export class TradeFeed implements StreamFeed {
  private readonly running = new Map<string, Running>();

  constructor(private readonly markets: Markets, private readonly clock: ExchangeClock, private readonly publish: Publish) {}

  serves(stream: string): boolean {
    const parsed = parseSymbolStream(stream);
    return parsed !== undefined && (parsed.kind === 'trade' || parsed.kind === 'aggTrade');
  }

  start(stream: string): void {
    const parsed = parseSymbolStream(stream);
    if (!parsed || this.running.has(stream)) return;
    let entry;
    try {
      entry = this.markets.synced(parsed.symbol);
    } catch {
      return; // not a listed symbol: the stream stays silent, as Binance's does
    }
    const { market } = entry;
    const { symbol } = market;
    const release = this.markets.need();
    if (parsed.kind === 'trade') {
      const onTrade = (t: TapeTrade): void =>
        this.publish(stream, { e: 'trade', E: this.clock.now(), s: symbol.spec.symbol, t: t.id, p: priceText(symbol, t.ticks), q: qtyText(symbol, t.steps), T: t.time, m: t.buyerMaker, M: true });
      market.tradeListeners.add(onTrade);
      this.running.set(stream, { stop: () => { market.tradeListeners.delete(onTrade); release(); } });
      return;
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
    this.running.set(stream, { stop: () => { market.tradeListeners.delete(onTrade); market.settleListeners.delete(flush); release(); } });
  }

  stop(stream: string): void {
    this.running.get(stream)?.stop();
    this.running.delete(stream);
  }

  stopAll(): void {
    for (const stream of [...this.running.keys()]) this.stop(stream);
  }
}
