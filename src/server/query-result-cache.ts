/**
 * Serialized results of market-data queries, keyed by the exact request body (query text, variables
 * and operation name). Market data does not depend on who asks, so one entry serves every key that
 * may read it; who may read it, and what it costs their rate budget, travels with the entry and is
 * checked on every hit. Bounded by entries and bytes, least recently used evicted.
 */
import type { Scope } from '../auth/scopes.js';

/** A root field of a cached operation that carries @rateLimit: each hit charges it once. */
export interface ChargedField {
  /** Schema coordinate, e.g. "Query.ohlcv". */
  coordinate: string;
  /** The field's @rateLimit arguments. */
  limit: { max: number; window: string };
  args: Record<string, unknown>;
}

export interface CachedResult {
  payload: Buffer;
  contentType: string;
  expiresAt: number;
  /** Scopes a key needs to read this result. */
  scopes: readonly Scope[];
  /** One entry per root field call that is rate limited. */
  charged: readonly ChargedField[];
  operationName: string | undefined;
}

export class QueryResultCache {
  private readonly entries = new Map<string, CachedResult>();
  private bytes = 0;
  /** Requests answered from this cache so far. */
  hits = 0;

  /**
   * @param maxEntries @default 2000
   * @param maxBytes @default 64 MiB
   */
  constructor(
    private readonly maxEntries = 2000,
    private readonly maxBytes = 64 * 1024 * 1024,
  ) {}

  /** The fresh entry for this body, if any. */
  get(body: string, now: number): CachedResult | undefined {
    const entry = this.entries.get(body);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.delete(body, entry);
      return undefined;
    }
    return entry;
  }

  set(body: string, entry: CachedResult): void {
    const previous = this.entries.get(body);
    if (previous) this.delete(body, previous);
    if (entry.payload.length > this.maxBytes / 4) return;
    this.entries.set(body, entry);
    this.bytes += entry.payload.length + body.length;
    while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes) {
      const [oldestBody, oldest] = this.entries.entries().next().value as [string, CachedResult];
      this.delete(oldestBody, oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private delete(body: string, entry: CachedResult): void {
    this.entries.delete(body);
    this.bytes -= entry.payload.length + body.length;
  }
}
