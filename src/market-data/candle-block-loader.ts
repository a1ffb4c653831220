/**
 * The per-request DataLoader of candle blocks. All block reads of one GraphQL operation are
 * batched: identical keys are loaded once, and the cache is read for the whole batch in one round
 * trip (MGET). Misses go to the shared fetcher, which coalesces identical upstream fetches across
 * operations. Complete blocks never change, so a small in-process map of parsed ones (shared by all
 * requests) spares re-parsing the hottest.
 */
import DataLoader from 'dataloader';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../observability/logger.js';
import type { KeyValueStore } from '../store/store.js';
import { blockCacheKey, parseBlock, type BlockKey, type CandleBlock } from './candle-blocks.js';
import type { CandleBlockFetcher } from './candle-block-fetcher.js';

/** Parsed complete blocks kept in process, least recently used evicted. */
export class ParsedBlockCache {
  private readonly blocks: LRUCache<string, CandleBlock>;

  /** @param maxBlocks @default 64 */
  constructor(maxBlocks = 64) {
    this.blocks = new LRUCache({ max: maxBlocks });
  }

  get(key: string): CandleBlock | undefined {
    return this.blocks.get(key);
  }

  /** Keeps the block if it is complete (a block holding the forming bar changes). */
  remember(key: string, block: CandleBlock): void {
    if (block.complete) this.blocks.set(key, block);
  }
}

export interface CandleBlockLoaderDeps {
  store: KeyValueStore;
  fetcher: CandleBlockFetcher;
  parsed: ParsedBlockCache;
  logger: Logger;
  /** Called with the number of cache hits and misses of each batch (metrics). */
  onCacheLookup?: (hits: number, misses: number) => void;
}

export type CandleBlockLoader = DataLoader<BlockKey, CandleBlock, string>;

export function createCandleBlockLoader(deps: CandleBlockLoaderDeps): CandleBlockLoader {
  return new DataLoader<BlockKey, CandleBlock, string>((keys) => loadBlocks(deps, keys), {
    cacheKeyFn: blockCacheKey,
  });
}

async function loadBlocks(deps: CandleBlockLoaderDeps, keys: readonly BlockKey[]): Promise<(CandleBlock | Error)[]> {
  const cacheKeys = keys.map(blockCacheKey);
  const results: (CandleBlock | undefined)[] = cacheKeys.map((k) => deps.parsed.get(k));
  const toRead = cacheKeys.flatMap((k, i) => (results[i] ? [] : [i]));
  let cached: (string | null)[] = toRead.map(() => null);
  if (toRead.length > 0) {
    try {
      cached = await deps.store.mget(toRead.map((i) => cacheKeys[i] as string));
    } catch (error) {
      deps.logger.warn({ err: error }, 'candle cache read failed; fetching from the exchange');
    }
  }
  let hits = keys.length - toRead.length;
  const settled = await Promise.allSettled(
    toRead.map(async (index, n) => {
      const key = keys[index] as BlockKey;
      const value = cached[n];
      if (value) {
        hits++;
        const block = parseBlock(key, value);
        deps.parsed.remember(cacheKeys[index] as string, block);
        results[index] = block;
        return;
      }
      const block = await deps.fetcher.fetch(key);
      deps.parsed.remember(cacheKeys[index] as string, block);
      results[index] = block;
    }),
  );
  deps.onCacheLookup?.(hits, keys.length - hits);
  const failure = new Map<number, Error>();
  settled.forEach((outcome, n) => {
    if (outcome.status === 'rejected') {
      failure.set(toRead[n] as number, outcome.reason instanceof Error ? outcome.reason : new Error(String(outcome.reason)));
    }
  });
  return keys.map((_, i) => failure.get(i) ?? (results[i] as CandleBlock));
}
