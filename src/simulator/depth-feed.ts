/**
 * The depth streams. Diff depth (`@depth` every 1000 ms, `@depth@100ms`): each event carries the
 * levels changed since the previous one with their absolute quantities (0 = gone) and U/u = the
 * first and last update id it covers, so U is always the previous u + 1 unless a gap was injected
 * (POST /__admin/depth-gap drops events, as a lossy network would). Partial depth
 * (`@depth5/10/20[@100ms]`): the top levels with lastUpdateId, no event type, no symbol.
 */
import type { DiffAccumulator } from './book-updates.js';
import type { ExchangeClock } from './clock.js';
import { levelsJson } from './market-format.js';
import type { Market } from './market.js';
import type { Markets } from './markets.js';
import type { Publish, StreamFeed } from './stream-feed.js';
import { parseSymbolStream } from './stream-names.js';

interface Running {
  symbol: string;
  diff?: DiffAccumulator;
  stop: () => void;
}

export class DepthFeed implements StreamFeed {
  private readonly running = new Map<string, Running>();

  constructor(private readonly markets: Markets, private readonly clock: ExchangeClock, private readonly publish: Publish) {}

  serves(stream: string): boolean {
    const parsed = parseSymbolStream(stream);
    return parsed !== undefined && (parsed.kind === 'depth' || parsed.kind === 'partialDepth');
  }

  start(stream: string): void {
    const parsed = parseSymbolStream(stream);
    if (!parsed || (parsed.kind !== 'depth' && parsed.kind !== 'partialDepth') || this.running.has(stream)) return;
    let market: Market;
    try {
      market = this.markets.synced(parsed.symbol).market;
    } catch {
      return; // not a listed symbol: silent
    }
    const every = parsed.speedMs === 100 ? 1 : 10;
    const release = this.markets.need();
    if (parsed.kind === 'partialDepth') {
      const unlisten = this.markets.onPump((pump) => {
        if (pump % every !== 0) return;
        const top = market.updates.snapshot(parsed.levels);
        this.publish(stream, { lastUpdateId: top.lastUpdateId, bids: levelsJson(market.symbol, top.bids), asks: levelsJson(market.symbol, top.asks) });
      });
      this.running.set(stream, { symbol: parsed.symbol, stop: () => { unlisten(); release(); } });
      return;
    }
    const diff = market.updates.openDiff();
    const unlisten = this.markets.onPump((pump) => {
      if (pump % every !== 0) return;
      const event = diff.take(market.updates.updateId);
      if (!event) return;
      if (diff.dropNext > 0) {
        diff.dropNext -= 1;
        return;
      }
      this.publish(stream, {
        e: 'depthUpdate', E: this.clock.now(), s: market.symbol.spec.symbol, U: event.U, u: event.u,
        b: levelsJson(market.symbol, event.bids), a: levelsJson(market.symbol, event.asks),
      });
    });
    this.running.set(stream, { symbol: parsed.symbol, diff, stop: () => { unlisten(); market.updates.closeDiff(diff); release(); } });
  }

  /** Drops the next `count` events of every diff stream of `symbol`. */
  injectGap(symbol: string, count: number): void {
    for (const running of this.running.values()) if (running.symbol === symbol && running.diff) running.diff.dropNext += count;
  }

  stop(stream: string): void {
    this.running.get(stream)?.stop();
    this.running.delete(stream);
  }

  stopAll(): void {
    for (const stream of [...this.running.keys()]) this.stop(stream);
  }
}
