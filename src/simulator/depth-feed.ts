/**
 * The depth streams. Diff depth (`@depth` every 1000 ms, `@depth@100ms`): each event carries the
 * levels changed since the previous one with their absolute quantities (0 = gone) and U/u = the
 * first and last update id it covers, so U is always the previous u + 1 unless a gap was injected
 * (POST /__admin/depth-gap drops events, as a lossy network would). Partial depth
 * (`@depth5/10/20[@100ms]`): the top levels with lastUpdateId, no event type, no symbol.
 */
import type { DiffAccumulator } from './book-updates.js';
import { levelsJson, snapshotJson } from './market-format.js';
import type { MarketEntry } from './markets.js';
import type { SymbolStream } from './stream-names.js';
import { SymbolStreamFeed } from './symbol-stream-feed.js';

export class DepthFeed extends SymbolStreamFeed {
  /** The diff streams running, with their symbol (for injected gaps). */
  private readonly diffs = new Set<{ symbol: string; diff: DiffAccumulator }>();

  protected servesKind({ kind }: SymbolStream): boolean {
    return kind === 'depth' || kind === 'partialDepth';
  }

  protected open(stream: string, parsed: SymbolStream, { market }: MarketEntry): () => void {
    if (parsed.kind !== 'depth' && parsed.kind !== 'partialDepth') return () => undefined;
    const every = parsed.speedMs === 100 ? 1 : 10;
    if (parsed.kind === 'partialDepth') {
      return this.markets.onPump((pump) => {
        if (pump % every !== 0) return;
        const top = market.updates.snapshot(parsed.levels);
        this.publish(stream, snapshotJson(market.symbol, top));
      });
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
    const running = { symbol: parsed.symbol, diff };
    this.diffs.add(running);
    return () => {
      unlisten();
      market.updates.closeDiff(diff);
      this.diffs.delete(running);
    };
  }

  /** Drops the next `count` events of every diff stream of `symbol`. */
  injectGap(symbol: string, count: number): void {
    for (const running of this.diffs) if (running.symbol === symbol) running.diff.dropNext += count;
  }
}
