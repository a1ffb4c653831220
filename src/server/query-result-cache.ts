/**
 * Serialized results of cacheable queries (schema/field-policy.ts), keyed by the operation as the
 * client sent it (query text, variables, operation name). The data does not depend on who asks, so
 * one entry serves every key that may read it; who may read it, and what each hit costs their rate
 * budgets, travel with the entry and are checked on every hit (front-door.ts). Bounded by entries
 * and bytes, least recently used evicted, each entry expiring after its TTL (lru-cache).
 */
import { LRUCache } from 'lru-cache';
import type { FieldPolicy } from '../schema/field-policy.js';

/** One root field of a cached operation, as a hit must check and charge it. */
export interface CachedRootField {
  /** The field's name in the response (its alias, if any). */
  responseKey: string;
  /** Where the field's selection starts in the query text, for an error about it. */
  location: { line: number; column: number } | undefined;
  /** Whether an error on it nulls the whole `data` (a non-null field). */
  nonNull: boolean;
  policy: FieldPolicy | undefined;
  /** The field's arguments, as the executor coerced them. */
  args: Record<string, unknown>;
}

export interface CachedResult {
  /** The JSON result exactly as Yoga serialized it. */
  payload: Buffer;
  operationName: string | undefined;
  rootFields: readonly CachedRootField[];
}

export interface QueryResultCacheOptions {
  /** How long an entry is served, ms (0: nothing is kept). */
  ttlMs: number;
  /** @default 2000 */
  maxEntries?: number;
  /** Total bytes of payloads and keys. @default 64 MiB */
  maxBytes?: number;
}

export class QueryResultCache {
  private readonly entries: LRUCache<string, CachedResult> | undefined;
  /** Requests answered from this cache so far. */
  hits = 0;

  constructor(options: QueryResultCacheOptions) {
    const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.entries =
      options.ttlMs > 0
        ? new LRUCache<string, CachedResult>({
            max: options.maxEntries ?? 2000,
            maxSize: maxBytes,
            // One huge answer must not flush the whole cache: a payload over a quarter of it is not kept.
            maxEntrySize: maxBytes / 4,
            sizeCalculation: (entry, key) => entry.payload.length + key.length,
            ttl: options.ttlMs,
          })
        : undefined;
  }

  /** Whether results are kept at all (QUERY_CACHE_TTL_MS > 0). */
  get enabled(): boolean {
    return this.entries !== undefined;
  }

  /** The fresh entry for this operation, if any. */
  get(key: string): CachedResult | undefined {
    return this.entries?.get(key);
  }

  set(key: string, entry: CachedResult): void {
    this.entries?.set(key, entry);
  }

  get size(): number {
    return this.entries?.size ?? 0;
  }
}

/** The cache key of an operation: what the client sent, the way both the door and the executor see it. */
export function queryCacheKey(query: string, variables: unknown, operationName: unknown): string {
  return `${typeof operationName === 'string' ? operationName : ''}\n${JSON.stringify(variables ?? null)}\n${query}`;
}
