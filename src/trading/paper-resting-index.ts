/**
 * Where the matching engine finds the open paper orders of a symbol: a record collection
 * (`paper-resting`) with one pointer per open order of every account, `<keyId>:<clientOrderId>` →
 * what matching needs to know of it. The account (paper-account-doc.ts) stays the truth; a pointer
 * is a hint that the engine checks inside the account's transaction, so a stale one costs nothing.
 *
 * Write-ahead, so that no open order is ever missing: the pointer is written `pending` before the
 * account's transaction, confirmed once the order rests and its NEW update is out (the engine fills
 * only confirmed orders, so NEW always comes before TRADE), and deleted once the order is closed.
 * A pointer left pending by an instance that died is settled by the engine from the account.
 *
 * Every instance keeps a copy (RecordFollower), to know which symbols need matching and, on the
 * elected instance, what to match.
 */
import { z } from 'zod';
import type { Logger } from '../observability/logger.js';
import { RecordFollower } from '../store/record-follower.js';
import type { PubSub, RecordCollections } from '../store/store.js';
import { orderSides, orderTypes } from './order.js';
import { storedDecimal } from './order-schema.js';

const collection = 'paper-resting';
const channel = 'paper-resting:changed';

const pointerSchema = z.object({
  keyId: z.string(),
  clientOrderId: z.string(),
  symbol: z.string(),
  side: z.enum(orderSides),
  type: z.enum(orderTypes),
  price: storedDecimal,
  stopPrice: storedDecimal.optional(),
  /** A stop order that triggered: from then on matched as a LIMIT. */
  triggered: z.boolean(),
  /** Exchange ms: only trades from then on concern it. */
  placedAt: z.number(),
  /** Written before the account's transaction; false once the order rests and NEW was sent. */
  pending: z.boolean(),
  /** Local epoch ms of this write (a pending pointer this old is settled from the account). */
  writtenAt: z.number(),
});
export type RestingPointer = z.infer<typeof pointerSchema>;

export const pointerId = (keyId: string, clientOrderId: string): string => `${keyId}:${clientOrderId}`;

export interface PaperRestingIndexOptions {
  store: RecordCollections & PubSub;
  logger: Logger;
  /** How often every instance reads changes it was not told of, ms. @default 500 */
  resyncIntervalMs?: number;
}

export class PaperRestingIndex {
  private readonly follower: RecordFollower<RestingPointer>;
  private readonly bySymbol = new Map<string, Map<string, RestingPointer>>();
  private readonly listeners = new Set<(symbol: string) => void>();

  constructor(private readonly options: PaperRestingIndexOptions) {
    this.follower = new RecordFollower({
      store: options.store,
      collection,
      channel,
      logger: options.logger.child({ component: 'paper-resting' }),
      intervalMs: options.resyncIntervalMs,
      parse: (raw) => {
        const parsed = pointerSchema.safeParse(JSON.parse(raw));
        return parsed.success ? parsed.data : undefined;
      },
      onChange: (ids) => this.regroup(ids),
    });
  }

  start(): Promise<void> {
    return this.follower.start();
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }

  /** Writes (or rewrites) a pointer, announced to every instance. */
  async put(pointer: RestingPointer): Promise<void> {
    await this.options.store.writeRecord(collection, pointerId(pointer.keyId, pointer.clientOrderId), JSON.stringify(pointer));
    await this.changed();
  }

  async remove(keyId: string, clientOrderId: string): Promise<void> {
    if ((await this.options.store.deleteRecord(collection, pointerId(keyId, clientOrderId))) !== null) await this.changed();
  }

  /** Symbols with at least one pointer. */
  symbols(): string[] {
    return [...this.bySymbol.keys()];
  }

  /** The pointers of one symbol, as this instance knows them. */
  pointers(symbol: string): RestingPointer[] {
    return [...(this.bySymbol.get(symbol)?.values() ?? [])];
  }

  /** Called with a symbol whenever its pointers changed here. */
  onChange(listener: (symbol: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Brings this instance's copy up to date now (a write here is seen at once). */
  private async changed(): Promise<void> {
    await this.follower.refresh();
    await this.follower.announce();
  }

  private regroup(ids: readonly string[]): void {
    const touched = new Set<string>();
    for (const id of ids) {
      for (const [symbol, pointers] of this.bySymbol) {
        if (pointers.delete(id)) touched.add(symbol);
        if (pointers.size === 0) this.bySymbol.delete(symbol);
      }
      const pointer = this.follower.get(id);
      if (pointer === undefined) continue;
      let pointers = this.bySymbol.get(pointer.symbol);
      if (!pointers) this.bySymbol.set(pointer.symbol, (pointers = new Map<string, RestingPointer>()));
      pointers.set(id, pointer);
      touched.add(pointer.symbol);
    }
    for (const symbol of touched) for (const listener of this.listeners) listener(symbol);
  }
}
