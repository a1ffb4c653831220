/**
 * The paper matching engine of one symbol, on the instance elected to run it (paper-engine.ts): it
 * follows the symbol's trades in exchange order (market-feeds.ts: the shared trade stream, with no
 * gap across reconnects) and its best bid and ask, and hands every trade to the open orders it
 * reaches, each applied in its account's transaction (PaperTrading.applyTrade). No polling: a trade
 * that reaches nobody costs one pass over the symbol's pointers in memory.
 *
 * Where it resumes: the last trade it finished is kept in the store (`paper-engine-cursor:<SYMBOL>`),
 * so a restart or a failover to another instance picks up right after it, trades since paged in over
 * REST: a fill that happened while no instance was matching is applied then. A trade applied twice
 * (two instances in the hand-over, or a replay) changes nothing the second time, because the account's
 * transaction sees the order already filled. When nothing resting is older than the cursor's trade,
 * matching starts near the oldest order instead (the recent trades over REST say where).
 *
 * An order it learns of a moment after it was placed is matched against the trades since then from
 * the recent tape, so no trade after its placement is missed.
 */
import type { TradePrint } from '../market-data/trade.js';
import type { Logger } from '../observability/logger.js';
import type { KeyValueStore } from '../store/store.js';
import { Dec } from './decimal.js';
import type { MarketTrade } from './paper-ledger.js';
import { pointerId, type PaperRestingIndex, type RestingPointer } from './paper-resting-index.js';
import { isTriggered, reachedBy, type Quote } from './paper-rules.js';
import type { PaperTrading } from './paper-trading.js';

/** What the matcher needs of MarketFeeds (streaming/market-feeds.ts). */
export interface MatcherFeeds {
  followTrades(symbol: string, listener: (trade: TradePrint) => void, options?: { afterTradeId?: string }): () => void;
  followBookTop(symbol: string, listener: (top: { bidPrice: string; askPrice: string }) => void): () => void;
}

export interface PaperMatcherDeps {
  symbol: string;
  index: Pick<PaperRestingIndex, 'pointers'>;
  trading: Pick<PaperTrading, 'applyTrade' | 'settlePending'>;
  feeds: MatcherFeeds;
  /** GET /api/v3/trades: where to start when the cursor is older than every resting order. */
  recentTrades: (symbol: string, limit: number) => Promise<TradePrint[]>;
  store: KeyValueStore;
  logger: Logger;
  /** @default Date.now */
  now?: () => number;
}

/** Trades kept for orders learnt of late. */
const tapeKept = 5000;
/** A pending pointer this old (ms) is settled from its account: its placer died. */
const pendingTimeoutMs = 10_000;
/** How often the cursor is written when no fill forces it, ms. */
const cursorEveryMs = 1000;

export const engineCursorKey = (symbol: string): string => `paper-engine-cursor:${symbol}`;

interface Cursor {
  id: string;
  time: number;
}

export class PaperMatcher {
  private readonly tape: MarketTrade[] = [];
  /** Confirmed pointers already matched against the tape (by pointer id and write time). */
  private readonly seen = new Map<string, number>();
  /** The best bid and ask as the stream last gave them; parsed only when an order is reached. */
  private top: { bidPrice: string; askPrice: string } | undefined;
  private chain: Promise<void> = Promise.resolve();
  private unfollow: (() => void)[] = [];
  private cursor: Cursor | undefined;
  private cursorWrittenAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly deps: PaperMatcherDeps) {
    this.now = deps.now ?? Date.now;
  }

  start(): void {
    void this.begin().catch((error: unknown) => this.deps.logger.error({ err: error, symbol: this.deps.symbol }, 'paper matching did not start'));
    this.timer = setInterval(() => this.enqueue(() => this.settleStale()), 2000);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    for (const unfollow of this.unfollow.splice(0)) unfollow();
    this.enqueue(() => this.writeCursor());
  }

  /** The symbol's pointers changed: orders newly confirmed are matched against the recent tape. */
  pointersChanged(): void {
    this.enqueue(async () => {
      const pointers = this.deps.index.pointers(this.deps.symbol);
      const current = new Set(pointers.map(key));
      for (const id of this.seen.keys()) if (!current.has(id)) this.seen.delete(id);
      for (const pointer of pointers) {
        if (pointer.pending || this.seen.get(key(pointer)) === pointer.writtenAt) continue;
        this.seen.set(key(pointer), pointer.writtenAt);
        for (const trade of this.tape) if (trade.time >= pointer.placedAt && reaches(pointer, trade)) await this.apply(pointer, trade);
      }
    });
  }

  private async begin(): Promise<void> {
    const { symbol, feeds, store } = this.deps;
    const raw = await store.get(engineCursorKey(symbol));
    this.cursor = raw === null ? undefined : (JSON.parse(raw) as Cursor);
    const afterTradeId = await this.startingPoint();
    if (this.stopped) return;
    this.deps.logger.info({ symbol, afterTradeId }, 'paper matching started');
    this.unfollow.push(feeds.followBookTop(symbol, (top) => (this.top = top)));
    this.unfollow.push(feeds.followTrades(symbol, (trade) => this.onTrade(trade), afterTradeId === undefined ? {} : { afterTradeId }));
    this.pointersChanged();
  }

  /** The trade to resume after: the cursor, unless every resting order is younger than it. */
  private async startingPoint(): Promise<string | undefined> {
    const pointers = this.deps.index.pointers(this.deps.symbol);
    const oldest = Math.min(...pointers.map((p) => p.placedAt));
    if (this.cursor && this.cursor.time >= oldest - 1000) return this.cursor.id;
    const recent = await this.deps.recentTrades(this.deps.symbol, 1000);
    if (recent.length === 0) return this.cursor?.id;
    const firstSince = recent.findIndex((trade) => trade.time >= oldest - 1000);
    // Every recent trade predates the orders: from the next one on.
    if (firstSince < 0) return (recent.at(-1) as TradePrint).id;
    if (firstSince > 0) return String(Number((recent[firstSince] as TradePrint).id) - 1);
    // Orders older than every recent trade: page forward from the cursor (the gateway was down).
    return this.cursor?.id ?? String(Number((recent[0] as TradePrint).id) - 1);
  }

  private onTrade(print: TradePrint): void {
    const trade: MarketTrade = { id: print.id, price: new Dec(print.price), time: print.time };
    this.tape.push(trade);
    if (this.tape.length > 2 * tapeKept) this.tape.splice(0, this.tape.length - tapeKept);
    this.enqueue(async () => {
      let filled = false;
      for (const pointer of this.deps.index.pointers(this.deps.symbol)) {
        if (pointer.pending || trade.time < pointer.placedAt || !reaches(pointer, trade)) continue;
        await this.apply(pointer, trade);
        filled = true;
      }
      this.cursor = { id: trade.id, time: trade.time };
      if (filled || this.now() - this.cursorWrittenAt >= cursorEveryMs) await this.writeCursor();
    });
  }

  private async apply(pointer: RestingPointer, trade: MarketTrade): Promise<void> {
    try {
      const quote: Quote | undefined = this.top && { bid: new Dec(this.top.bidPrice), ask: new Dec(this.top.askPrice) };
      await this.deps.trading.applyTrade(pointer, trade, quote);
    } catch (error) {
      this.deps.logger.error({ err: error, symbol: this.deps.symbol, clientOrderId: pointer.clientOrderId, tradeId: trade.id }, 'a trade could not be applied to a paper order');
    }
  }

  private async settleStale(): Promise<void> {
    const cutoff = this.now() - pendingTimeoutMs;
    for (const pointer of this.deps.index.pointers(this.deps.symbol)) {
      if (pointer.pending && pointer.writtenAt < cutoff) await this.deps.trading.settlePending(pointer).catch(() => undefined);
    }
  }

  private async writeCursor(): Promise<void> {
    if (!this.cursor) return;
    this.cursorWrittenAt = this.now();
    try {
      await this.deps.store.set(engineCursorKey(this.deps.symbol), JSON.stringify(this.cursor));
    } catch (error) {
      this.deps.logger.warn({ err: error, symbol: this.deps.symbol }, 'paper matching cursor not saved; a restart replays a little more');
    }
  }

  /** Runs `step` after every step queued before it: trades are applied one at a time, in order. */
  private enqueue(step: () => Promise<void>): void {
    this.chain = this.chain.then(step).catch((error: unknown) => this.deps.logger.error({ err: error, symbol: this.deps.symbol }, 'paper matching step failed'));
  }
}

const key = (pointer: RestingPointer): string => pointerId(pointer.keyId, pointer.clientOrderId);

/** Whether the trade can change the order: it triggers an untriggered stop, or reaches a working limit. */
function reaches(pointer: RestingPointer, trade: MarketTrade): boolean {
  const prices = pricesOf(pointer);
  if (prices.stop !== undefined && !pointer.triggered) return isTriggered(pointer.type, pointer.side, prices.stop, trade.price);
  return reachedBy(pointer.side, prices.limit, trade.price);
}

// Every trade is held against every resting pointer: their prices are parsed once per pointer
// (a rewritten pointer is a new object, so it is parsed again).
const parsedPrices = new WeakMap<RestingPointer, { limit: Dec; stop: Dec | undefined }>();

function pricesOf(pointer: RestingPointer): { limit: Dec; stop: Dec | undefined } {
  let prices = parsedPrices.get(pointer);
  if (!prices) {
    prices = { limit: new Dec(pointer.price), stop: pointer.stopPrice === undefined ? undefined : new Dec(pointer.stopPrice) };
    parsedPrices.set(pointer, prices);
  }
  return prices;
}
